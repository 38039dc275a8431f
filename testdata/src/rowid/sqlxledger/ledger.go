// Package sqlxledger is a sqlx repository: rows are loaded into structs
// under a lock and written back by their ids.
package sqlxledger

import (
	"context"
	"errors"

	"github.com/jmoiron/sqlx"
)

type Account struct {
	ID      int64  `db:"id"`
	Email   string `db:"email"`
	Balance int64  `db:"balance"`
	Status  string `db:"status"`
}

type Job struct {
	ID     int64  `db:"id"`
	Worker string `db:"worker"`
}

type Repo struct {
	db *sqlx.DB
}

// Debit locks the account by email, checks and updates it by its id.
func (r *Repo) Debit(ctx context.Context, email string, amount int64) error {
	tx, err := r.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var acc Account
	if err := tx.GetContext(ctx, &acc, "SELECT * FROM accounts WHERE email = ? FOR UPDATE", email); err != nil {
		return err
	}
	if acc.Balance < amount {
		return errors.New("insufficient funds")
	}
	acc.Balance -= amount
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", acc.Balance, acc.ID); err != nil {
		return err
	}
	if _, err := tx.NamedExecContext(ctx, "UPDATE accounts SET status = :status WHERE id = :id", acc); err != nil {
		return err
	}
	return tx.Commit()
}

// Suspend locks every account of an owner and updates each row it read.
func (r *Repo) Suspend(ctx context.Context, owner int64) error {
	tx, err := r.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var accs []Account
	if err := tx.SelectContext(ctx, &accs, "SELECT id, status FROM accounts WHERE owner_id = ? FOR UPDATE", owner); err != nil {
		return err
	}
	for _, a := range accs {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'suspended' WHERE id = ?", a.ID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Requeue walks jobs it never locked, one by one, in the caller's order.
func (r *Repo) Requeue(ctx context.Context, jobs []Job) error {
	tx, err := r.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, j := range jobs {
		if _, err := tx.ExecContext(ctx, "UPDATE jobs SET worker = NULL, status = 0 WHERE id = ?", j.ID); err != nil { // want `nested-lock: UPDATE locks rows of jobs one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return tx.Commit()
}
