// Package worker runs the queries jobstore's adapter methods return:
// the text comes from another package, through facts.
package worker

import (
	"context"
	"database/sql"

	"sqlsources/jobstore"
)

// Worker polls for jobs.
type Worker struct {
	db    *sql.DB
	store *jobstore.Store
	name  string
}

// PollOnPool runs the adapter's locking read on the pool.
func (w *Worker) PollOnPool(ctx context.Context) error {
	q, err := w.store.NextQuery(w.name)
	if err != nil {
		return err
	}
	return w.db.QueryRowContext(ctx, q.SQL, q.Args...).Err() // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// Poll runs it in a transaction per round, in a loop: workers queue up.
func (w *Worker) Poll(ctx context.Context) error {
	for {
		tx, err := w.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		q, err := w.store.NextQuery(w.name)
		if err != nil {
			tx.Rollback()
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, q.SQL, q.Args...).Scan(&id); err != nil { // want `skip-locked-candidate: this queue poll \(SELECT \.\.\. FOR UPDATE \.\.\. ORDER BY \.\.\. LIMIT\) on jobs runs in a loop`
			tx.Rollback()
			return err
		}
		rel := w.store.ReleaseQuery(id)
		if _, err := tx.ExecContext(ctx, rel.SQL, rel.Args...); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}

// Release writes through the pool: an UPDATE by primary key is no
// locking read, so nothing is reported.
func (w *Worker) Release(ctx context.Context, id int64) error {
	rel := w.store.ReleaseQuery(id)
	_, err := w.db.ExecContext(ctx, rel.SQL, rel.Args...)
	return err
}

// LockBatch runs a builder's text on the pool.
func (w *Worker) LockBatch(ctx context.Context, ids []int64) error {
	q, args := jobstore.LockJobsQuery(ids)
	_, err := w.db.ExecContext(ctx, q, args...) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
	return err
}

// LockBatchInTx runs it in a transaction: nothing to say.
func (w *Worker) LockBatchInTx(ctx context.Context, tx *sql.Tx, ids []int64) error {
	q, args := jobstore.LockJobsQuery(ids)
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// ClaimTemplate runs another package's template on the pool.
func (w *Worker) ClaimTemplate(ctx context.Context) error {
	return w.db.QueryRowContext(ctx, jobstore.ClaimByWorkerSQL, w.name).Err() // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// ReleaseTemplate runs a variable its package changes: not known.
func (w *Worker) ReleaseTemplate(ctx context.Context) error {
	return w.db.QueryRowContext(ctx, jobstore.ReleaseWorkerSQL, w.name).Err()
}
