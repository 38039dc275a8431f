// Package cards manages the payment cards and spending limits of
// accounts. Every path that changes an account's cards or limits locks
// the account's row (accounts.id, its primary key) first.
package cards

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

func New(db *sql.DB) *Store { return &Store{db: db} }

// Freeze locks the account, blocks its cards and then zeroes its limits:
// cards before limits.
func (s *Store) Freeze(ctx context.Context, account int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, "SELECT status FROM accounts WHERE id = ? FOR UPDATE", account).Scan(&status); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE cards SET blocked = 1 WHERE account_id = ?", account); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE spend_limits SET daily = 0 WHERE account_id = ?", account); err != nil {
		return err
	}
	return tx.Commit()
}

// Close locks the account, then drops its limits and its cards: limits
// before cards, the other way round, but the two can never hold an
// account's cards and limits against each other: whoever holds one
// already holds the account's row, and the other waits there.
func (s *Store) Close(ctx context.Context, account int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'closed' WHERE id = ?", account); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM spend_limits WHERE account_id = ?", account); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM cards WHERE account_id = ?", account); err != nil {
		return err
	}
	return tx.Commit()
}

// Rotate updates the cards first and the account row after them, with
// no lock on the account before: Freeze holds the account's row and waits
// for the cards this one holds.
func (s *Store) Rotate(ctx context.Context, account int64, expiry string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE cards SET expires = ? WHERE account_id = ?", expiry, account); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET version = version + 1 WHERE id = ?", account); err != nil { // want `lock-order: this transaction locks accounts after holding locks on cards`
		return err
	}
	return tx.Commit()
}
