// Package unindexedrc is analyzed with -isolation=read-committed: an
// unindexed statement still scans and locks every row it passes, but an
// autocommit one keeps only the rows it changes, and only while it runs.
package unindexedrc

import (
	"context"
	"database/sql"
	"time"
)

// The purge runs on its own: at READ COMMITTED it holds only the rows it
// deletes, for as long as the statement runs, as an indexed purge would.
func purgeOld(db *sql.DB, before time.Time) error {
	_, err := db.Exec("DELETE FROM orders WHERE DATE(created_at) < ?", before)
	return err
}

func autocommitUpdate(ctx context.Context, db *sql.DB) {
	db.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE status = 'frozen'")
}

// Inside a transaction the matching rows stay locked until it ends, and
// every other unindexed DELETE or locking read of the table waits for them.
func purgeInTx(ctx context.Context, db *sql.DB, before time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "DELETE FROM orders WHERE DATE(created_at) < ?", before) // want `unindexed-lock: DELETE on orders can use no index .*at READ COMMITTED the matching rows stay locked until the transaction commits or rolls back`
	return tx.Commit()
}

// A transaction that asks for REPEATABLE READ takes gap locks again.
func purgeRepeatableRead(ctx context.Context, db *sql.DB, before time.Time) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "DELETE FROM orders WHERE DATE(created_at) < ?", before) // want `unindexed-lock: DELETE on orders can use no index .*at REPEATABLE READ InnoDB scans the whole clustered index and locks every row and every gap of orders`
	return tx.Commit()
}

// One connection for the whole pool: a session a BEGIN sent as text may
// have left open, so the statement is judged as before.
func pinnedPurge(dsn string, before time.Time) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	_, err = db.Exec("DELETE FROM orders WHERE DATE(created_at) < ?", before) // want `unindexed-lock: DELETE on orders can use no index`
	return err
}
