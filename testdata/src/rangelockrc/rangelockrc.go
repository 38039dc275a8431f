// Package rangelockrc is analyzed with -isolation=read-committed: the same
// locking reads range-lock reports at REPEATABLE READ take no gap locks.
package rangelockrc

import (
	"context"
	"database/sql"
)

func defaultLevel(ctx context.Context, db *sql.DB, owner int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE", owner)
	tx.QueryContext(ctx, "SELECT id FROM orders WHERE created_at < ? FOR UPDATE", "2020-01-01")
	return tx.Commit()
}

func explicitRepeatableRead(ctx context.Context, db *sql.DB, owner int64) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE", owner) // want `range-lock: .*at REPEATABLE READ`
	return tx.Commit()
}
