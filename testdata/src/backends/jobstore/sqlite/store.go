// Package sqlite keeps the job queue in a local SQLite file, for
// single-node installs.
package sqlite

import (
	"context"
	"database/sql"
)

// Store is the SQLite job store.
type Store struct{ db *sql.DB }

// Open opens the database file; the driver is registered by main.
func Open(path string) (*Store, error) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// Claim uses ? placeholders, as SQLite's drivers do.
func (s *Store) Claim(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id)
	return err
}

// Release frees every job of a worker.
func (s *Store) Release(ctx context.Context, worker string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE jobs SET status = 0 WHERE worker = ?", worker)
	return err
}
