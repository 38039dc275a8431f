// Package accounts is the accounts repository: a store that runs its
// statements on the pool, or in a transaction when it was given one.
package accounts

import (
	"context"
	"database/sql"
	"log"

	"github.com/jmoiron/sqlx"
)

// execer is what the store needs of a pool or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	GetContext(ctx context.Context, dest any, query string, args ...any) error
}

// Store reads and writes accounts.
type Store struct {
	db  *sqlx.DB
	tx  *sqlx.Tx
	log *log.Logger
}

// NewStore returns a store on the pool.
func NewStore(db *sqlx.DB, l *log.Logger) *Store {
	return &Store{db: db, log: l}
}

// NewTxStore returns a store that runs everything in tx.
func NewTxStore(tx *sqlx.Tx, l *log.Logger) *Store {
	return &Store{tx: tx, log: l}
}

// WithTx returns a copy of the store that runs its statements in tx.
func (s *Store) WithTx(tx *sqlx.Tx) *Store {
	c := *s
	c.tx = tx
	return &c
}

// conn is the transaction when there is one, else the pool.
func (s *Store) conn() execer {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

// GetContext runs a query through the store's current handle.
func (s *Store) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return s.conn().GetContext(ctx, dest, query, args...)
}

// ExecContext runs a statement through the store's current handle.
func (s *Store) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s.log.Printf("exec %s", query)
	return s.conn().ExecContext(ctx, query, args...)
}

// LockBalance locks one account row for the caller's transaction.
func (s *Store) LockBalance(ctx context.Context, id int64) (int64, error) {
	var bal int64
	err := s.GetContext(ctx, &bal, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
	return bal, err
}

// Debit takes amount from an account.
func (s *Store) Debit(ctx context.Context, id, amount int64) error {
	_, err := s.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, id)
	return err
}

// Reserve locks the account through the handle the method returns,
// keeping it in a local first.
func (s *Store) Reserve(ctx context.Context, id int64) error {
	c := s.conn()
	var bal int64
	return c.GetContext(ctx, &bal, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
}

// Ledger writes entries through a handle chosen when it is built.
type Ledger struct {
	db execer
}

// NewLedger returns a ledger on db, a pool or a transaction.
func NewLedger(db execer) Ledger { return Ledger{db: db} }

// WithTx returns the ledger running in tx.
func (l Ledger) WithTx(tx *sqlx.Tx) Ledger {
	l.db = tx
	return l
}

func (l Ledger) handle() execer { return l.db }

// LockEntry locks one ledger entry.
func (l Ledger) LockEntry(ctx context.Context, id int64) error {
	var n int64
	return l.handle().GetContext(ctx, &n, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
}
