// Package outerhandlenil begins a transaction on one branch only and ends
// it under `if tx != nil`: on the other branch there never was one.
package outerhandlenil

import (
	"context"
	"database/sql"
)

func closeAccount(ctx context.Context, db *sql.DB, id int64, viaTx bool) error {
	var tx *sql.Tx
	var err error
	if viaTx {
		tx, err = db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE accounts SET status = 'closed' WHERE id = ?", id)
	} else {
		_, err = db.ExecContext(ctx, "UPDATE accounts SET status = 'closed' WHERE id = ?", id)
	}
	if err != nil {
		if tx != nil {
			tx.Rollback()
		}
		return err
	}
	if tx != nil {
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	// After the commit on the one branch, and with no transaction on
	// the other: the pool read is outside nothing.
	var n int
	return db.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts WHERE owner_id = ?", id).Scan(&n)
}

// Near miss: ending it only when it is nil leaves it open for the read.
func closeAccountWrongTest(ctx context.Context, db *sql.DB, id int64, viaTx bool) error {
	var tx *sql.Tx
	var err error
	if viaTx {
		tx, err = db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		_, err = tx.ExecContext(ctx, "UPDATE accounts SET status = 'closed' WHERE id = ?", id)
		if err != nil {
			return err
		}
	}
	if tx == nil {
		return nil
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts WHERE owner_id = ?", id).Scan(&n); err != nil { // want `outer-handle-in-tx: SELECT runs through the pool handle db \(\*sql\.DB\) while tx is open`
		return err
	}
	return tx.Commit()
}
