// Package postgres keeps the job queue in PostgreSQL.
package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/lib/pq"
)

// Store is the PostgreSQL job store.
type Store struct{ db *sql.DB }

// New wraps a pool opened by the caller.
func New(db *sql.DB) *Store { return &Store{db: db} }

// Next takes the oldest pending job; the statement has no placeholder, so
// only the driver tells which server runs it.
func (s *Store) Next(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 1 FOR UPDATE").Scan(&id)
	return id, err
}

// Release frees every job of the workers that went away.
func (s *Store) Release(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE jobs SET status = 0 WHERE worker = 'gone'"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "LOCK TABLES jobs WRITE"); err != nil {
		return err
	}
	return tx.Commit()
}

// isUniqueViolation tells a duplicate-key error from the others.
func isUniqueViolation(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && pe.Code == "23505"
}
