// Package b imports a and closes a cycle with it.
package b

import (
	"database/sql"

	"lockorder/a"
)

// Restock locks inventory, then jobs: package a locks jobs, then inventory.
func Restock(db *sql.DB, sku string, job int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE inventory SET qty = qty + 1 WHERE sku = ? AND warehouse = 1", sku)
	tx.Exec("UPDATE jobs SET status = 2 WHERE id = ?", job) // want `lock-order: this transaction locks jobs after holding locks on inventory, while LockJobsThenInventory \(a\.go:49\) locks inventory after jobs`
	return tx.Commit()
}

// Again locks accounts before jobs, as a does: consistent.
func Again(db *sql.DB, account, job int64) error {
	_ = a.Consistent
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET balance = 0 WHERE id = ?", account)
	tx.Exec("UPDATE jobs SET status = 0 WHERE id = ?", job)
	return tx.Commit()
}
