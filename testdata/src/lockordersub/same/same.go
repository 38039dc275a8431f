// Package same locks accounts before orders on both paths: one waits for
// the other, no cycle.
package same

import "database/sql"

// FreezeRegion locks the accounts that have orders in a region through a
// subquery, then one order.
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

// Charge locks an account, then an order: the same order as FreezeRegion.
func Charge(db *sql.DB, order, account int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", account); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE orders SET status = 'paid' WHERE id = ?", order); err != nil {
		return err
	}
	return tx.Commit()
}
