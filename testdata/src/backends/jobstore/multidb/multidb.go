// Package multidb is one job store for every server: the configuration
// names the server, a switch opens it, and the package registers the
// SQLite driver itself for single-node installs. MySQL is one of the
// servers it talks to, so it is judged; the SQLite and PostgreSQL
// branches are not.
package multidb

import (
	"context"
	"database/sql"

	sqlite3 "github.com/mattn/go-sqlite3"
)

func init() {
	sql.Register("sqlite3_jobs", &sqlite3.SQLiteDriver{})
}

// Config names the server.
type Config struct {
	Type, DSN string
}

// Store is the job store.
type Store struct {
	db  *sql.DB
	cfg Config
}

// Open opens the configured server.
func Open(cfg Config) (*Store, error) {
	driver := cfg.Type
	switch cfg.Type {
	case "mysql":
		cfg.DSN += "?parseTime=true"
	case "postgres":
		driver = "pgx"
	case "sqlite3":
		driver = "sqlite3_jobs"
	}
	db, err := sql.Open(driver, cfg.DSN)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, cfg: cfg}, nil
}

// Peek locks a job in autocommit: the lock ends with the statement.
func (s *Store) Peek(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx`
	return err
}

// Vacuum runs the SQLite branch's own statement only there.
func (s *Store) Vacuum(ctx context.Context, id int64) error {
	switch s.cfg.Type {
	case "sqlite3":
		_, err := s.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id)
		return err
	case "mysql":
		return nil
	}
	return nil
}
