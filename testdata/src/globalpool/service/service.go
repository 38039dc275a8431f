// Package service runs transactions on the store's pool and calls the
// store's helpers, which use the same pool, while they are open.
package service

import (
	"time"

	"globalpool/store"
)

// Withdraw debits an account, then reads the balance back through a
// helper on the pool: the read does not see the uncommitted debit.
func Withdraw(id, amount int64) (int64, error) {
	tx, err := store.DB.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, id); err != nil {
		return 0, err
	}
	b, err := store.Balance(id) // want `outer-handle-in-tx: SELECT \(run by Balance at store\.go:13\) runs through the pool handle DB \(\*sql\.DB\) while tx is open: .*does not see what tx has written to accounts .*Fix: let Balance take the handle as a parameter and pass it tx`
	if err != nil {
		return 0, err
	}
	return b, tx.Commit()
}

// Stamp updates an account in the transaction, then stamps the same
// account through a helper on the pool: it waits for the row the
// transaction holds.
func Stamp(id int64) error {
	tx, err := store.DB.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET flagged = 1 WHERE id = ?", id); err != nil {
		return err
	}
	if err := store.Touch(id); err != nil { // want `outer-handle-in-tx: UPDATE \(run by Touch at store\.go:26\) runs through the pool handle DB \(\*sql\.DB\) while tx is open: .*it waits for tx`
		return err
	}
	return tx.Commit()
}

// Ship reads an order's status through the helper while the transaction
// has written only accounts: a plain read of a table the transaction
// has not written waits for nothing and reads what it would read.
func Ship(id, account int64) error {
	tx, err := store.DB.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET shipped = shipped + 1 WHERE id = ?", account); err != nil {
		return err
	}
	if _, err := store.Status(id); err != nil {
		return err
	}
	return tx.Commit()
}

// Refresh reads through the helper after the transaction ended.
func Refresh(id int64) (int64, error) {
	tx, err := store.DB.Begin()
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", id); err != nil {
		tx.Rollback()
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return store.Balance(id)
}

// Warm freezes the reports through a package variable of an interface
// type, which need not hold the pool (a start-up job keeps its own
// session there, locked on purpose): its statements are not judged here
// as the pool's.
func Warm() error {
	if err := store.FreezeReports(); err != nil {
		return err
	}
	time.Sleep(time.Second)
	return nil
}
