// Package mysql keeps the job queue in MySQL. Its PostgreSQL twin lives in
// the same package, as an adapter that writes the same queries in
// PostgreSQL's dialect.
package mysql

import (
	"context"
	"database/sql"
	"errors"

	"github.com/go-sql-driver/mysql"
)

// Store is the MySQL job store.
type Store struct{ db *sql.DB }

// New wraps a pool opened by the caller.
func New(db *sql.DB) *Store { return &Store{db: db} }

// Claim locks a job on the pool: the lock ends with the statement.
func (s *Store) Claim(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
	return err
}

// Release frees every job of a worker, through a column no index has.
func (s *Store) Release(ctx context.Context, worker string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE jobs SET status = 0 WHERE worker = ?", worker); err != nil { // want `unindexed-lock: UPDATE on jobs can use no index`
		return err
	}
	return tx.Commit()
}

// isDuplicate tells a duplicate-key error from the others.
func isDuplicate(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1062
}

// postgresAdapter runs the same queue on PostgreSQL: its statements are
// written for PostgreSQL and are not InnoDB's.
type postgresAdapter struct{ db *sql.DB }

func (a *postgresAdapter) Claim(ctx context.Context, id int64) error {
	_, err := a.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = $1 FOR UPDATE", id)
	return err
}

func (a *postgresAdapter) Release(ctx context.Context, worker string) error {
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE jobs SET status = 0 WHERE worker = $1", worker); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO jobs (id, status, run_at) VALUES (?, 0, now()) ON CONFLICT (id) DO NOTHING", 1); err != nil {
		return err
	}
	return tx.Commit()
}

func (a *postgresAdapter) Requeue(ctx context.Context, worker string) error {
	_, err := a.db.ExecContext(ctx, "UPDATE jobs SET status = 0 WHERE worker ILIKE ?", worker)
	return err
}
