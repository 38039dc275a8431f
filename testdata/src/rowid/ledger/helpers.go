package ledger

import (
	"context"
	"database/sql"
)

// The statements below run through helpers that take the transaction: the
// rows they touch are told apart by the values the caller passes.

func lockAccount(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	var balance int64
	err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&balance)
	return balance, err
}

func setBalance(ctx context.Context, tx *sql.Tx, id, balance int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", balance, id)
	return err
}

// Adjust locks the account through one helper and writes it through
// another: the same row.
func (s *Store) Adjust(ctx context.Context, id, delta int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	balance, err := lockAccount(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := setBalance(ctx, tx, id, balance+delta); err != nil {
		return err
	}
	return tx.Commit()
}

// Move locks one account and writes another through the helpers.
func (s *Store) Move(ctx context.Context, from, to, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	balance, err := lockAccount(ctx, tx, from)
	if err != nil {
		return err
	}
	if err := setBalance(ctx, tx, from, balance-amount); err != nil {
		return err
	}
	if err := setBalance(ctx, tx, to, amount); err != nil { // want `nested-lock: this transaction already locked a row of accounts`
		return err
	}
	return tx.Commit()
}

type account struct {
	ID      int64
	Balance int64
}

// lockByEmail loads an account under a lock and returns it.
func lockByEmail(ctx context.Context, tx *sql.Tx, email string) (*account, error) {
	var a account
	err := tx.QueryRowContext(ctx, "SELECT id, balance FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&a.ID, &a.Balance)
	return &a, err
}

// Refund locks the account through a helper that returns it and writes
// it back by the id it returned: the row the helper locked.
func (s *Store) Refund(ctx context.Context, email string, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	acc, err := lockByEmail(ctx, tx, email)
	if err != nil {
		return err
	}
	if err := setBalance(ctx, tx, acc.ID, acc.Balance+amount); err != nil {
		return err
	}
	return tx.Commit()
}
