// Package sweep clears the balances of several statuses, one statement
// per status. status has no index: at REPEATABLE READ the first
// statement locks every row and gap of accounts, so the later ones take
// nothing new and cannot deadlock with another sweep.
package sweep

import (
	"context"
	"database/sql"
)

func Sweep(ctx context.Context, db *sql.DB, statuses []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, st := range statuses {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE status = ?", st); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// SweepThenOne locks the whole table first; the single row after it is
// already held.
func SweepThenOne(ctx context.Context, db *sql.DB, status string, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE status = ?", status); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET version = version + 1 WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// Near miss: one row first, the whole table after it: two of these hold
// one row each and wait for the other's in their scans.
func OneThenSweep(ctx context.Context, db *sql.DB, status string, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET version = version + 1 WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE status = ?", status); err != nil { // want `nested-lock: this transaction already locked a row of accounts`
		return err
	}
	return tx.Commit()
}
