package nestedparent

import "database/sql"

// zeroShelfOwners walks the warehouses of a SKU's rows. inventory has a
// primary key (sku, warehouse) and no other index, so the query can only
// read the clustered index and returns its rows in key order: every
// caller then locks the accounts in ascending warehouse order.
func zeroShelfOwners(db *sql.DB, sku string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.Query("SELECT warehouse FROM inventory WHERE sku = ? AND qty = 0", sku)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var w int64
		if err := rows.Scan(&w); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE accounts SET balance = 0 WHERE id = ?", w); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// freezeRegionCustomers walks the customers of a region's orders. orders
// has secondary indexes, so the rows may come through one of them, in its
// order: two callers may lock the accounts in different orders.
func freezeRegionCustomers(db *sql.DB, region string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.Query("SELECT customer_id FROM orders WHERE region = ? AND status = 'open'", region)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var customer int64
		if err := rows.Scan(&customer); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE accounts SET status = 'frozen' WHERE id = ?", customer); err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return tx.Commit()
}
