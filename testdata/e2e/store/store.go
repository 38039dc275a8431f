// Package store moves money between accounts with database/sql.
package store

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

// Balance locks a row on the pool: the lock ends with the statement.
func (s *Store) Balance(ctx context.Context, id int64) (int64, error) {
	var b int64
	err := s.db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&b)
	return b, err
}

// FreezeInactive updates through a column no index starts with.
func (s *Store) FreezeInactive(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'frozen' WHERE status = 'inactive'"); err != nil {
		return err
	}
	return tx.Commit()
}

// Deposit locks one account by primary key: nothing to report.
func (s *Store) Deposit(ctx context.Context, id, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var b int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&b); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, id); err != nil {
		return err
	}
	return tx.Commit()
}
