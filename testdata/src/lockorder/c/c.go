// Package c uses sqlx. It imports b (and through it a) and closes a cycle
// of three code paths: a locks accounts then orders, Ship locks orders then
// shipments, and Reconcile locks shipments then accounts.
package c

import (
	"database/sql"

	"github.com/jmoiron/sqlx"

	"lockorder/b"
)

var _ = b.Again

func Ship(db *sqlx.DB, order, shipment int64) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.MustExec("UPDATE orders SET status = 'shipped' WHERE id = ?", order)
	tx.MustExec("UPDATE shipments SET state = 1 WHERE id = ?", shipment)
	return tx.Commit()
}

func Reconcile(db *sqlx.DB, shipment, account int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	var state int
	if err := tx.Get(&state, "SELECT state FROM shipments WHERE id = ? FOR UPDATE", shipment); err != nil {
		return err
	}
	tx.MustExec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", account) // want `lock-order: this transaction locks accounts after holding locks on shipments, while Checkout \(a\.go:13\) locks orders after accounts, and Ship \(c\.go:23\) locks shipments after orders: when these three run at once, each holds the rows the next one waits for`
	return tx.Commit()
}

// SameOrder locks accounts before orders, as a.Checkout does.
func SameOrder(db *sqlx.DB, account, order int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	tx.MustExec("UPDATE accounts SET balance = 0 WHERE id = ?", account)
	tx.MustExec("UPDATE orders SET status = 'x' WHERE id = ?", order)
	return tx.Commit()
}

// Autocommit runs the opposite order on the pool: each statement is its
// own transaction and releases its locks before the next one starts.
func Autocommit(db *sqlx.DB, account, order int64) {
	db.MustExec("UPDATE orders SET status = 'y' WHERE id = ?", order)
	db.MustExec("UPDATE accounts SET balance = 1 WHERE id = ?", account)
}

// TwoTransactions commits the orders update before locking accounts.
func TwoTransactions(db *sqlx.DB, account, order int64) error {
	tx := db.MustBegin()
	tx.MustExec("UPDATE orders SET status = 'z' WHERE id = ?", order)
	if err := tx.Commit(); err != nil {
		return err
	}
	tx2 := db.MustBegin()
	defer tx2.Rollback()
	tx2.MustExec("UPDATE accounts SET balance = 2 WHERE id = ?", account)
	return tx2.Commit()
}

// PlainReadFirst reads orders without a lock: a snapshot read holds
// nothing, so no edge starts at orders.
func PlainReadFirst(db *sqlx.DB, account, order int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	var status string
	if err := tx.Get(&status, "SELECT status FROM orders WHERE id = ?", order); err != nil {
		return err
	}
	tx.MustExec("UPDATE accounts SET balance = 3 WHERE id = ?", account)
	return tx.Commit()
}

// SharedFirst takes a shared lock on orders, then updates accounts: with
// a.Checkout (accounts, then orders) that is a deadlock, since a shared
// lock blocks Checkout's UPDATE of orders. But it repeats, more weakly,
// the order of a.Refund (orders, then accounts), whose cycle with Checkout
// is reported in a: not reported again, nor paired here with SameOrder,
// which repeats Checkout's order.
func SharedFirst(db *sql.DB, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Query("SELECT status FROM orders WHERE id = ? LOCK IN SHARE MODE", order)
	tx.Exec("UPDATE accounts SET balance = 4 WHERE id = ?", account)
	return tx.Commit()
}
