// Package relay delivers events stored in MySQL to consumer groups. The
// statements come from adapters behind interfaces, as query objects; the
// subscriber runs them on the package's own transaction interface, at the
// isolation level the events adapter asks for.
package relay

import (
	"context"
	"database/sql"
)

// Query is a statement and its arguments, as adapters return it.
type Query struct {
	SQL  string
	Args []any
}

// IsZero says the adapter has nothing to run.
func (q Query) IsZero() bool { return q.SQL == "" }

// Tx is the transaction the subscriber runs statements on.
type Tx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	Commit() error
	Rollback() error
}

// Beginner begins transactions.
type Beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)
}

// FromDB is the Beginner of a pool.
func FromDB(db *sql.DB) Beginner { return stdBeginner{db} }

type stdBeginner struct{ db *sql.DB }

func (b stdBeginner) BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error) {
	tx, err := b.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return stdTx{tx}, nil
}

// stdTx forwards to the *sql.Tx it wraps.
type stdTx struct{ tx *sql.Tx }

func (t stdTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, query, args...)
}

func (t stdTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, query, args...)
}

func (t stdTx) Commit() error   { return t.tx.Commit() }
func (t stdTx) Rollback() error { return t.tx.Rollback() }

// EventsAdapter builds the statements that read a topic's events.
type EventsAdapter interface {
	PollQuery(topic string, cursors CursorAdapter, group string) (Query, error)
	PurgeQuery(topic string) Query
	ClaimQuery(topic string) Query
	VacuumQuery(topic string) Query
	PollIsolation() sql.IsolationLevel
}

// CursorAdapter builds the statements that keep a group's position.
type CursorAdapter interface {
	CursorQuery(topic, group string) (Query, error)
	SaveQuery(topic, group string, pos int64) (Query, error)
}
