// Package lockheldwaits calls a package that sends no SQL while its
// transactions hold locks.
package lockheldwaits

import (
	"context"
	"database/sql"

	"procrun"
)

// Fork locks the base repository's row, then clones it: every writer of
// that row waits for git.
func Fork(ctx context.Context, db *sql.DB, base int64, url string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", base); err != nil {
		return err
	}
	if err := procrun.Clone(url, "/tmp/x"); err != nil { // want `lock-held-blocking: Clone \(which waits on a subprocess\) runs while the transaction holds row locks on accounts`
		return err
	}
	procrun.Backoff(3) // the same transaction's second wait: a related position of the first's finding
	return tx.Commit()
}

// Retry backs off with a row locked: a sleep two functions down.
func Retry(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", id); err != nil {
		return err
	}
	procrun.Backoff(3) // want `lock-held-blocking: Backoff \(which waits on time.Sleep\) runs while the transaction holds row locks on accounts`
	return tx.Commit()
}

// Touch queues a note and starts a command it does not wait for: neither
// keeps the locks longer.
func Touch(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", id); err != nil {
		return err
	}
	procrun.Note("touched")
	if err := procrun.Start("true"); err != nil {
		return err
	}
	return tx.Commit()
}

// Publish clones after the commit: no lock is held.
func Publish(ctx context.Context, db *sql.DB, id int64, url string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return procrun.Clone(url, "/tmp/y")
}
