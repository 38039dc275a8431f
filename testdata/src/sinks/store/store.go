// Package store wraps database access the way services often do: a
// wrapper that passes its SQL parameter on (found from its body), and
// interfaces whose implementations locklint cannot see (named in the
// configuration as a SQL sink and a transaction helper).
package store

import (
	"context"
	"database/sql"
)

// Store sends SQL through the pool it holds.
type Store struct{ db *sql.DB }

func New(db *sql.DB) *Store { return &Store{db: db} }

// Exec sends the caller's SQL on the pool: callers' statements autocommit.
func (s *Store) Exec(ctx context.Context, query string, args ...any) error {
	_, err := s.db.ExecContext(ctx, query, args...)
	return err
}

// QueryRow is a wrapper one level further down.
func (s *Store) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return s.queryRow(ctx, query, args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, q, args...)
}

// Log takes a string that is not SQL: it is no sink.
func (s *Store) Log(ctx context.Context, msg string) {
	_ = msg
}

// Runner is implemented elsewhere (a driver wrapper, a mock, generated
// code): configured as a SQL sink.
type Runner interface {
	Run(ctx context.Context, query string, args ...any) error
}

// TxRunner runs fn in a transaction it begins and ends: configured as a
// transaction helper.
type TxRunner interface {
	InTx(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error
}

// Other has the same shapes as Runner and TxRunner but is not configured.
type Other interface {
	Run(ctx context.Context, query string, args ...any) error
	InTx(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error
}
