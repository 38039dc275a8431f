// Package repo finds accounts for its callers and maps "no row" to nil.
package repo

import (
	"context"
	"database/sql"
	"errors"
)

type Account struct {
	ID    int64
	Email string
}

// LockByEmail locks the account of an address; a missing one is nil.
func LockByEmail(ctx context.Context, tx *sql.Tx, email string) (*Account, error) {
	var a Account
	err := tx.QueryRowContext(ctx, "SELECT id, email FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&a.ID, &a.Email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// MustLockByEmail locks the account and fails when it is missing.
func MustLockByEmail(ctx context.Context, tx *sql.Tx, email string) (*Account, error) {
	var a Account
	if err := tx.QueryRowContext(ctx, "SELECT id, email FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&a.ID, &a.Email); err != nil {
		return nil, err
	}
	return &a, nil
}
