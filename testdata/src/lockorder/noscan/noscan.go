// Package noscan is scanguard with the first statements of Archive and
// Purge on one job by its primary key: the two can both be past their
// second locks at once, and with Protect the three close a cycle.
package noscan

import "database/sql"

// Archive clears one job, then closes a shipment and charges its account.
func Archive(db *sql.DB, job int64, shipment, account int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM jobs WHERE id = ?", job); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE shipments SET state = 0 WHERE id = ?", shipment); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", account); err != nil {
		return err
	}
	return tx.Commit()
}

// Purge clears one job, then an account and its order.
func Purge(db *sql.DB, job int64, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM jobs WHERE id = ?", job); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = 0 WHERE id = ?", account); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE orders SET status = 'gone' WHERE id = ?", order); err != nil {
		return err
	}
	return tx.Commit()
}

// Protect locks an order, then a shipment.
func Protect(db *sql.DB, order, shipment int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET status = 'held' WHERE id = ?", order); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE shipments SET state = 2 WHERE id = ?", shipment); err != nil { // want `lock-order: this transaction locks shipments after holding locks on orders, while Archive .* and Purge .*: when these three run at once`
		return err
	}
	return tx.Commit()
}
