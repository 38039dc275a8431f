package service

import (
	"context"
	"database/sql"
	"fmt"

	"sqlcbank/db"
)

// Store runs a function's queries in one transaction, the way sqlc's
// documentation shows: the callback gets Queries over the transaction.
type Store struct {
	pool *sql.DB
}

// NewStore returns a store over pool.
func NewStore(pool *sql.DB) *Store { return &Store{pool: pool} }

func (s *Store) execTx(ctx context.Context, fn func(*db.Queries) error) error {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(db.New(tx)); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil {
			return fmt.Errorf("%v, rollback: %v", err, rbErr)
		}
		return err
	}
	return tx.Commit()
}

// Move locks both ledgers in the caller's order inside execTx: two
// opposite moves deadlock.
func (s *Store) Move(ctx context.Context, from, to, amount int64) error {
	return s.execTx(ctx, func(q *db.Queries) error {
		if _, err := q.GetLedgerForUpdate(ctx, from); err != nil {
			return err
		}
		if _, err := q.GetLedgerForUpdate(ctx, to); err != nil { // want `nested-lock: this transaction already locked a row of ledgers`
			return err
		}
		if err := q.AddBalance(ctx, db.AddBalanceParams{Balance: -amount, ID: from}); err != nil {
			return err
		}
		return q.AddBalance(ctx, db.AddBalanceParams{Balance: amount, ID: to})
	})
}

// Charge locks one ledger by its key inside execTx: the lock is held
// until execTx commits, no finding.
func (s *Store) Charge(ctx context.Context, id, amount int64) error {
	return s.execTx(ctx, func(q *db.Queries) error {
		led, err := q.GetLedgerForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if led.Balance < amount {
			return errFunds
		}
		return q.AddBalance(ctx, db.AddBalanceParams{Balance: -amount, ID: id})
	})
}
