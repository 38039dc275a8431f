// Package queue runs the job queue on a pool its caller opens. Nothing in
// Go names the server; its statements bind ? placeholders, as MySQL's
// driver does, so it is judged.
package queue

import (
	"context"
	"database/sql"
)

// Queue takes jobs from the jobs table.
type Queue struct{ db *sql.DB }

// New wraps a pool.
func New(db *sql.DB) *Queue { return &Queue{db: db} }

// Pending locks a batch of pending jobs on the pool.
func (q *Queue) Pending(ctx context.Context) (*sql.Rows, error) {
	return q.db.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE") // want `lock-outside-tx`
}

// Lock locks one job on the pool.
func (q *Queue) Lock(ctx context.Context, id int64) error {
	_, err := q.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx`
	return err
}

// LockPortable is the same statement as written for PostgreSQL by a
// shared query table: never sent to MySQL as it is.
func (q *Queue) LockPortable(ctx context.Context, id int64) error {
	_, err := q.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = $1 FOR UPDATE", id)
	return err
}
