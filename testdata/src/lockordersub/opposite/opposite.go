// Package opposite locks accounts and orders in opposite orders on two
// paths, one of them choosing its accounts rows through a subquery.
package opposite

import "database/sql"

// FreezeRegion locks the accounts that have orders in a region (the
// subquery chooses the rows, the UPDATE locks them), then one order.
func FreezeRegion(db *sql.DB, region string, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET status = 'frozen' WHERE id IN (SELECT customer_id FROM orders WHERE region = ?)", region); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE orders SET status = 'held' WHERE id = ?", order); err != nil {
		return err
	}
	return tx.Commit()
}

// Refund locks an order, then its customer's account.
func Refund(db *sql.DB, order, account int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET status = 'refunded' WHERE id = ?", order); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", account); err != nil { // want `lock-order: this transaction locks accounts after holding locks on orders, while FreezeRegion \(opposite\.go:18\) locks orders after accounts`
		return err
	}
	return tx.Commit()
}
