// Package accounts keeps accounts behind an interface its callers choose:
// a pool in production, a transaction in batch jobs.
package accounts

import (
	"context"
	"database/sql"
)

// Execer is what the store sends statements through.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Store is the account repository.
type Store struct{ db Execer }

// New wraps a handle.
func New(db Execer) *Store { return &Store{db: db} }

// Freeze marks every account with a status as frozen: the WHERE clause can
// use no index, reported here, where the statement is written.
func (s *Store) Freeze(ctx context.Context, status string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE status = ?", status) // want `unindexed-lock: UPDATE on accounts can use no index`
	return err
}

// Exec sends the caller's statement.
func (s *Store) Exec(ctx context.Context, query string, args ...any) error {
	_, err := s.db.ExecContext(ctx, query, args...)
	return err
}
