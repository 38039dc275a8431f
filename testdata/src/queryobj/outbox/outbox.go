// Package outbox hands stored jobs to workers. It begins transactions
// through an interface of its own, whose implementation wraps whatever
// handle the program gives it (*sql.DB satisfies Conn) and hands out a
// transaction type of its own that embeds *sql.Tx for Commit and
// Rollback.
package outbox

import (
	"context"
	"database/sql"
)

// Conn is the handle the program passes: a pool, usually.
type Conn interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// Rows is what a query returns, whatever the driver.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Close() error
}

// Tx is the transaction workers run statements on.
type Tx interface {
	ExecContext(ctx context.Context, query string, args ...any) (int64, error)
	QueryContext(ctx context.Context, query string, args ...any) (Rows, error)
	Commit() error
	Rollback() error
}

// Beginner begins transactions.
type Beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)
}

// Wrap is the Beginner of the program's handle.
func Wrap(c Conn) Beginner { return wrapped{c} }

type wrapped struct{ Conn }

func (w wrapped) BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error) {
	tx, err := w.Conn.BeginTx(ctx, opts)
	return &wrappedTx{tx}, err
}

// wrappedTx answers Commit and Rollback with the *sql.Tx it embeds.
type wrappedTx struct{ *sql.Tx }

func (t *wrappedTx) ExecContext(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := t.Tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t *wrappedTx) QueryContext(ctx context.Context, query string, args ...any) (Rows, error) {
	return t.Tx.QueryContext(ctx, query, args...)
}
