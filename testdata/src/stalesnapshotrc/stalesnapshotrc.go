// Package stalesnapshotrc is checked with -isolation=read-committed.
package stalesnapshotrc

import (
	"context"
	"database/sql"
)

// A plain read before the lock is older than the locked row at READ
// COMMITTED too.
func readThenLock(ctx context.Context, db *sql.DB, id, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal+amount, id) // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that ran before the SELECT \.\.\. FOR UPDATE of accounts: the plain read returned the row as of the moment it ran, .*\(at READ COMMITTED\)`
	return tx.Commit()
}

// At READ COMMITTED each plain read sees the latest committed row: after
// the lock, that is the locked row (ground truth 9a: 0 / 5 / 5).
func snapshotThenLockThenRead(ctx context.Context, db *sql.DB, id, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var open int
	tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders WHERE customer_id = ?", id).Scan(&open)
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	var bal int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal-amount, id)
	return tx.Commit()
}

// An explicit REPEATABLE READ transaction is stale even when the server
// default is READ COMMITTED.
func explicitRepeatableRead(ctx context.Context, db *sql.DB, id, amount int64) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var open int
	tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders WHERE customer_id = ?", id).Scan(&open)
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	var bal int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal-amount, id) // want `stale-snapshot-read: .*in a REPEATABLE READ transaction whose snapshot`
	return tx.Commit()
}
