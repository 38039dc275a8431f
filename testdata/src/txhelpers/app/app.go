// Package app uses package repo's helpers: every finding here needs a fact
// from the other package.
package app

import (
	"context"
	"database/sql"
	"errors"

	"txhelpers/repo"
)

// Transfer debits two accounts through a helper, one at a time.
func Transfer(ctx context.Context, db *sql.DB, from, to int64) error {
	return repo.WithTx(ctx, db, func(tx *sql.Tx) error {
		if err := repo.Debit(ctx, tx, from, 1); err != nil {
			return err
		}
		return repo.Debit(ctx, tx, to, -1) // want `nested-lock: this transaction already locked a row of accounts`
	})
}

// LockOnPool calls a repository built on the pool: its FOR UPDATE
// autocommits.
func LockOnPool(ctx context.Context, db *sql.DB, id int64) {
	q := repo.New(db)
	q.LockAccount(ctx, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sql\.DB\)`
}

// LockInTx uses the same repository inside a transaction: fine.
func LockInTx(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q := repo.New(db).WithTx(tx)
	q.LockAccount(ctx, id)
	return tx.Commit()
}

// NotifyInside blocks while the callback's transaction holds a lock.
func NotifyInside(ctx context.Context, db *sql.DB, ch chan<- string, order int64) error {
	return repo.WithTx(ctx, db, func(tx *sql.Tx) error {
		if err := repo.MarkOrder(ctx, tx, order); err != nil {
			return err
		}
		repo.Notify(ctx, ch, "paid") // want `lock-held-blocking: Notify \(which waits on a channel send\) runs while the transaction holds row locks on orders`
		return nil
	})
}

// PayThenDebit locks orders, then accounts, through helpers...
func PayThenDebit(ctx context.Context, db *sql.DB, order, account int64) error {
	return repo.WithTx(ctx, db, func(tx *sql.Tx) error {
		repo.MarkOrder(ctx, tx, order)
		return repo.Debit(ctx, tx, account, 1)
	})
}

// ...and DebitThenPay the other way round.
func DebitThenPay(ctx context.Context, db *sql.DB, order, account int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	repo.Debit(ctx, tx, account, 1)
	repo.MarkOrder(ctx, tx, order) // want `lock-order: this transaction locks orders after holding locks on accounts, while the function literal in PayThenDebit`
	return tx.Commit()
}

// LeakThroughHelper passes the transaction to a helper and leaks it on the
// error path.
func LeakThroughHelper(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil) // want `tx-not-closed`
	if err != nil {
		return err
	}
	if err := repo.Debit(ctx, tx, id, 1); err != nil {
		return err
	}
	return tx.Commit()
}

// Register locks by email through a helper, then inserts when absent.
func Register(ctx context.Context, db *sql.DB, email string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := repo.AccountByEmailForUpdate(ctx, tx, email); errors.Is(err, sql.ErrNoRows) {
		tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, 'new')", email) // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE`
	}
	return tx.Commit()
}

// Worker polls through the helper, in a loop.
func Worker(ctx context.Context, db *sql.DB) {
	for ctx.Err() == nil {
		repo.ClaimJobs(ctx, db) // want `skip-locked-candidate: this queue poll`
	}
}
