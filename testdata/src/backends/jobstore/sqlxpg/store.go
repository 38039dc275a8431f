// Package sqlxpg keeps jobs in PostgreSQL through sqlx. Its queries are
// written with ? and rebound to $1 by sqlx at run time: the handle's
// driver name says which server runs them.
package sqlxpg

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// Store is the job store.
type Store struct{ db *sqlx.DB }

// driverName is the driver the store's handle is made with.
const driverName = "postgres"

// New wraps a pool opened by the caller.
func New(db *sql.DB) *Store { return &Store{db: sqlx.NewDb(db, driverName)} }

// Hold locks a job on the pool.
func (s *Store) Hold(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id)
	return err
}
