// Package sqlxmysql keeps jobs in MySQL through sqlx: the same code as
// sqlxpg, with the MySQL driver's name.
package sqlxmysql

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// Store is the job store.
type Store struct{ db *sqlx.DB }

// New wraps a pool opened by the caller.
func New(db *sql.DB) *Store { return &Store{db: sqlx.NewDb(db, "mysql")} }

// Hold locks a job on the pool.
func (s *Store) Hold(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx`
	return err
}
