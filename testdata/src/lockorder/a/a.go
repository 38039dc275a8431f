// Package a locks accounts, then orders.
package a

import "database/sql"

func Checkout(db *sql.DB, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", account)
	tx.Exec("UPDATE orders SET status = 'paid' WHERE id = ?", order)
	return tx.Commit()
}

// Refund locks orders, then accounts: the opposite order, in one package.
func Refund(db *sql.DB, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE orders SET status = 'refunded' WHERE id = ?", order)
	tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", account) // want `lock-order: this transaction locks accounts after holding locks on orders, while Checkout \(a\.go:13\) and CheckoutAgain \(a\.go:78\) lock orders after accounts: when this one and one of them run at once`
	return tx.Commit()
}

// Consistent locks accounts before jobs; nothing locks them the other way.
func Consistent(db *sql.DB, account, job int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", account)
	tx.Exec("UPDATE jobs SET status = 1 WHERE id = ?", job)
	return tx.Commit()
}

// LockJobsThenInventory is half of a cycle that package b closes.
func LockJobsThenInventory(db *sql.DB, job int64, sku string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE jobs SET status = 1 WHERE id = ?", job)
	tx.Exec("UPDATE inventory SET qty = qty - 1 WHERE sku = ? AND warehouse = 1", sku)
	return tx.Commit()
}

// LockWithShare holds a shared lock on inventory while it updates orders.
// Shared locks block writers: with Refund (orders, then accounts),
// Consistent (accounts, then jobs) and LockJobsThenInventory (jobs, then
// inventory) this closes a cycle of four paths, each waiting on the next.
func LockWithShare(db *sql.DB, sku string, job int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Query("SELECT qty FROM inventory WHERE sku = ? AND warehouse = 1 LOCK IN SHARE MODE", sku)
	tx.Exec("UPDATE orders SET status = 'x' WHERE id = ?", job) // want `lock-order: this transaction locks orders after holding shared locks on inventory, while Refund \(a\.go:25\) locks accounts after orders`
	return tx.Commit()
}

// CheckoutAgain follows Checkout's order. It deadlocks with Refund just
// as Checkout does, but Refund is the path that breaks the order: the
// finding there names both, and none is reported here.
func CheckoutAgain(db *sql.DB, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET balance = balance - 2 WHERE id = ?", account)
	tx.Exec("UPDATE orders SET status = 'paid' WHERE id = ?", order)
	return tx.Commit()
}
