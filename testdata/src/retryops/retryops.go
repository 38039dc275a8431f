// Package retryops sends its statements through operations handed to
// retry helpers: the helpers run them at once, so the statements run where
// the helper is called, on the handles the operations capture.
package retryops

import (
	"database/sql"
	"time"

	"retryops/retry"
)

// DB overrides Exec with one that retries on the embedded pool.
type DB struct {
	*sql.DB
}

// again runs op until it succeeds, at most five times.
func again(label string, op func() error) {
	for i := 0; i < 5; i++ {
		if op() == nil {
			return
		}
		time.Sleep(time.Duration(i) * time.Millisecond)
	}
}

// againTx passes its operation on to again, inside one of its own.
func againTx(label string, op func() error) error {
	var err error
	again(label, func() error {
		err = op()
		return err
	})
	return err
}

// Exec is a wrapper: its callers choose the SQL, which it runs on the pool
// inside the operation it retries.
func (d *DB) Exec(query string, args ...any) (sql.Result, error) {
	var res sql.Result
	var err error
	again("exec", func() error {
		res, err = d.DB.Exec(query, args...)
		return err
	})
	return res, err
}

// PurgeSuspended deletes by a column no index starts with, through the
// wrapper.
func PurgeSuspended(d *DB) error {
	_, err := d.Exec("DELETE FROM accounts WHERE status = 'suspended'") // want `unindexed-lock: DELETE on accounts can use no index`
	return err
}

// PurgeOne deletes by primary key through the wrapper: nothing to report.
func PurgeOne(d *DB, id int64) error {
	_, err := d.Exec("DELETE FROM accounts WHERE id = ?", id)
	return err
}

// Settle locks an account, then an order in an operation retried inside
// the transaction: the order's lock is taken with the account's held.
func Settle(db *sql.DB, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", account); err != nil {
		return err
	}
	if err := retry.Do(func() error {
		_, err := tx.Exec("UPDATE orders SET status = 'settled' WHERE id = ?", order)
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// Cancel locks the order, then the account, both in operations of a
// helper that passes them on to another: the opposite of Settle.
func Cancel(db *sql.DB, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := againTx("order", func() error {
		_, err := tx.Exec("UPDATE orders SET status = 'cancelled' WHERE id = ?", order)
		return err
	}); err != nil {
		return err
	}
	if err := againTx("account", func() error {
		_, err := tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", account) // want `lock-order: this transaction locks accounts after holding locks on orders, while Settle \(retryops\.go:\d+\) locks orders after accounts`
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// Deferred hands its operation to a helper that keeps it for later: the
// account update runs after the transaction has ended, if ever, so the
// transaction locks the order only and closes no cycle with Settle.
func Deferred(db *sql.DB, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET status = 'held' WHERE id = ?", order); err != nil {
		return err
	}
	retry.Later(func() error {
		_, err := db.Exec("UPDATE accounts SET status = 'held' WHERE id = ?", account)
		return err
	})
	return tx.Commit()
}

// Spawned runs the retried operation in a goroutine: it is not part of
// the transaction either.
func Spawned(db *sql.DB, account, order int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET status = 'moved' WHERE id = ?", order); err != nil {
		return err
	}
	go again("account", func() error {
		_, err := db.Exec("UPDATE accounts SET status = 'moved' WHERE id = ?", account)
		return err
	})
	return tx.Commit()
}
