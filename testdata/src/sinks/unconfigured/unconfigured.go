// Package unconfigured makes the calls of package app that need the
// configuration, in a run without it: they stay silent, so it is the
// configuration that app's findings come from.
package unconfigured

import (
	"context"
	"database/sql"

	"sinks/store"
)

func unindexedThroughSink(ctx context.Context, r store.Runner) error {
	return r.Run(ctx, "UPDATE accounts SET balance = 0 WHERE status = ?", "closed")
}

func poolInsideHelper(ctx context.Context, db *sql.DB, txr store.TxRunner, id int64) error {
	return txr.InTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = ?", id)
		return err
	})
}
