// Package pgqueries holds the job queue's queries for a pool its caller
// opens; nothing in Go names the server, but its statements are written
// for PostgreSQL.
package pgqueries

import (
	"context"
	"database/sql"
)

// Queries runs the job queue's statements.
type Queries struct{ db *sql.DB }

// New wraps a pool.
func New(db *sql.DB) *Queries { return &Queries{db: db} }

// Lock locks one job.
func (q *Queries) Lock(ctx context.Context, id int64) error {
	_, err := q.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = $1 FOR UPDATE", id)
	return err
}

// Assign hands a job to a worker.
func (q *Queries) Assign(ctx context.Context, id int64, worker string) (int64, error) {
	var got int64
	err := q.db.QueryRowContext(ctx, "UPDATE jobs SET worker = $2 WHERE id = $1 RETURNING id", id, worker).Scan(&got)
	return got, err
}

// Pending locks a batch of pending jobs; it has no placeholder of its own,
// but its package's statements say which server runs it.
func (q *Queries) Pending(ctx context.Context) (*sql.Rows, error) {
	return q.db.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE")
}
