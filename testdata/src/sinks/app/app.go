// Package app calls the wrappers of package store, with store.Runner
// configured as a SQL sink and store.TxRunner as a transaction helper.
package app

import (
	"context"
	"database/sql"

	"sinks/store"
)

// A wrapper's statements are judged where the caller gives the SQL.

func lockThroughWrapper(ctx context.Context, s *store.Store, id int64) error {
	return s.Exec(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sql\.DB\) in autocommit mode`
}

func lockTwoLevelsDown(ctx context.Context, s *store.Store, id int64) error {
	var bal int64
	return s.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&bal) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sql\.DB\) in autocommit mode`
}

const lockByStatus = "UPDATE accounts SET balance = 0 WHERE status = ?"

func unindexedThroughSink(ctx context.Context, r store.Runner) error {
	return r.Run(ctx, lockByStatus, "closed") // want `unindexed-lock: UPDATE on accounts can use no index \(no index of accounts starts with status\)`
}

// A configured transaction helper's callback runs in a transaction: the
// pool inside it is another connection.
func poolInsideHelper(ctx context.Context, db *sql.DB, txr store.TxRunner, id int64) error {
	return txr.InTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", id); err != nil {
			return err
		}
		_, err := db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = ?", id) // want `outer-handle-in-tx: UPDATE runs through the pool handle db \(\*sql\.DB\) while tx is open`
		return err
	})
}

// Near misses.

// The primary key serves the WHERE: nothing to say.
func indexedThroughSink(ctx context.Context, r store.Runner, id int64) error {
	return r.Run(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id)
}

// Text the caller builds at run time is unknown, never a finding.
func dynamicThroughWrapper(ctx context.Context, s *store.Store, query string, id int64) error {
	return s.Exec(ctx, query, id)
}

// A string parameter that is not SQL.
func notSQL(ctx context.Context, s *store.Store) {
	s.Log(ctx, "SELECT id FROM accounts WHERE status = 'x' FOR UPDATE")
}

// The same shapes on an interface nobody configured stay unknown.
func unconfigured(ctx context.Context, db *sql.DB, o store.Other, id int64) error {
	if err := o.Run(ctx, lockByStatus, "closed"); err != nil {
		return err
	}
	return o.InTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = ?", id)
		return err
	})
}

// Through the transaction the helper hands over: correct.
func txInsideHelper(ctx context.Context, txr store.TxRunner, id int64) error {
	return txr.InTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = ?", id)
		return err
	})
}
