// Package repo holds helpers and repositories that other packages call
// inside their transactions.
package repo

import (
	"context"
	"database/sql"
)

// DBTX is a pool or a transaction, as sqlc generates it.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

type Queries struct {
	db DBTX
}

func New(db DBTX) *Queries { return &Queries{db: db} }

func (q *Queries) WithTx(tx *sql.Tx) *Queries { return &Queries{db: tx} }

// LockAccount locks one account through whatever handle the Queries holds.
func (q *Queries) LockAccount(ctx context.Context, id int64) (int64, error) {
	var bal int64
	err := q.db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&bal)
	return bal, err
}

// Debit updates through a transaction parameter.
func Debit(ctx context.Context, tx *sql.Tx, id, amount int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, id)
	return err
}

// MarkOrder updates an order through a transaction parameter.
func MarkOrder(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = ?", id)
	return err
}

// WithTx runs fn in a transaction.
func WithTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Notify waits on the network.
func Notify(ctx context.Context, ch chan<- string, msg string) {
	ch <- msg
}

// AccountByEmailForUpdate locks the account with this email, if any.
func AccountByEmailForUpdate(ctx context.Context, tx *sql.Tx, email string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&id)
	return id, err
}

// ClaimJobs polls the job queue in a transaction of its own.
func ClaimJobs(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE")
	if err != nil {
		return err
	}
	rows.Close()
	return tx.Commit()
}
