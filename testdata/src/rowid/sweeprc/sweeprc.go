// Package sweeprc is package sweep at READ COMMITTED: without gap locks
// an unindexed statement keeps only the rows it matched, so each run
// of the loop locks new rows, in the order of the loop, and the
// statement after the sweep takes a row of its own.
package sweeprc

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
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE status = ?", st); err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop`
			return err
		}
	}
	return tx.Commit()
}

// SweepThenOne keeps only the matched rows: the row after them is new.
func SweepThenOne(ctx context.Context, db *sql.DB, status string, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE status = ?", status); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET version = version + 1 WHERE id = ?", id); err != nil { // want `nested-lock: this transaction already locked a row of accounts`
		return err
	}
	return tx.Commit()
}

// OneThenSweep: one row first, then the scan.
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
