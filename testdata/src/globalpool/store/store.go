// Package store keeps the service's pool in a package variable, as many
// services do, and reads and writes through it from small helpers.
package store

import "database/sql"

// DB is the pool every helper uses.
var DB *sql.DB

// Balance reads an account's balance on the pool.
func Balance(id int64) (int64, error) {
	var b int64
	err := DB.QueryRow("SELECT balance FROM accounts WHERE id = ?", id).Scan(&b)
	return b, err
}

// Status reads an order's status on the pool.
func Status(id int64) (string, error) {
	var s string
	err := DB.QueryRow("SELECT status FROM orders WHERE id = ?", id).Scan(&s)
	return s, err
}

// Touch stamps an account on the pool.
func Touch(id int64) error {
	_, err := DB.Exec("UPDATE accounts SET updated_at = NOW() WHERE id = ?", id)
	return err
}

// audit records an event on the pool; Deposit below calls it.
func audit(id int64) error {
	_, err := DB.Exec("INSERT INTO audit_log (account_id) VALUES (?)", id)
	return err
}

// Deposit credits an account in a transaction begun from the pool, then
// audits through a helper that runs on the pool: outside the transaction.
func Deposit(id, amount int64) error {
	tx, err := DB.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, id); err != nil {
		return err
	}
	if err := audit(id); err != nil { // want `outer-handle-in-tx: INSERT \(run by audit at store\.go:32\) runs through the pool handle DB \(\*sql\.DB\) while tx is open`
		return err
	}
	return tx.Commit()
}

// Execer is anything that runs a statement: a pool, a connection, a
// transaction kept open on purpose.
type Execer interface {
	Exec(query string, args ...any) (sql.Result, error)
}

// Reporting may hold any Execer; what it holds is decided elsewhere.
var Reporting Execer

// FreezeReports locks the reports table through Reporting, which a
// start-up job sets to a connection it keeps for itself.
func FreezeReports() error {
	_, err := Reporting.Exec("LOCK TABLES reports WRITE")
	return err
}
