// Package worker runs the poll query of whichever adapter it is given.
package worker

import (
	"context"
	"database/sql"

	"handles/queueiface/adapters"
)

type Worker struct {
	db     *sql.DB
	poller adapters.Poller
}

// Poll runs the adapter's query in a transaction. The only MySQL
// implementation is the one MySQL runs; the PostgreSQL one says nothing
// about it.
func (w *Worker) Poll(ctx context.Context, name string) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q := w.poller.PollQuery(name)
	rows, err := tx.QueryContext(ctx, q.SQL, q.Args...) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index`
	if err != nil {
		return err
	}
	rows.Close()
	return tx.Commit()
}
