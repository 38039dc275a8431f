// Package uow is a unit of work: a store that begins its transaction
// into its own field, so a store built on the pool alone may still run
// in a transaction later.
package uow

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type execer interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
}

// Store runs on its transaction once Begin has run, else on the pool.
type Store struct {
	db *sqlx.DB
	tx *sqlx.Tx
}

// NewStore returns a store on the pool.
func NewStore(db *sqlx.DB) *Store { return &Store{db: db} }

// Begin starts the unit of work.
func (s *Store) Begin(ctx context.Context) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	s.tx = tx
	return nil
}

// Commit ends the unit of work.
func (s *Store) Commit() error { return s.tx.Commit() }

func (s *Store) conn() execer {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

// LockBalance locks one account.
func (s *Store) LockBalance(ctx context.Context, id int64) (int64, error) {
	var bal int64
	err := s.conn().GetContext(ctx, &bal, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
	return bal, err
}

// Settle locks after Begin: the store is in its transaction, whatever
// NewStore left out.
func Settle(ctx context.Context, db *sqlx.DB, id int64) error {
	st := NewStore(db)
	if err := st.Begin(ctx); err != nil {
		return err
	}
	if _, err := st.LockBalance(ctx, id); err != nil {
		return err
	}
	return st.Commit()
}
