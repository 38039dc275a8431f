// Package scanguard closes a cycle of three code paths only through
// Archive and Purge running at once, each past its second lock. Both
// would have passed their first statement, a scan that locks every row
// of jobs until commit: the later one waits there for the earlier one,
// so the two are never both past it and the cycle cannot close.
package scanguard

import "database/sql"

// Archive clears a worker's jobs (no index on worker: every row of
// jobs), then closes a shipment and charges its account.
func Archive(db *sql.DB, worker string, shipment, account int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM jobs WHERE worker = ?", worker); err != nil { // want `unindexed-lock: DELETE on jobs can use no index`
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

// Purge clears a worker's jobs the same way, then an account and its
// order.
func Purge(db *sql.DB, worker string, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM jobs WHERE worker = ?", worker); err != nil { // want `unindexed-lock: DELETE on jobs can use no index`
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
	if _, err := tx.Exec("UPDATE shipments SET state = 2 WHERE id = ?", shipment); err != nil {
		return err
	}
	return tx.Commit()
}
