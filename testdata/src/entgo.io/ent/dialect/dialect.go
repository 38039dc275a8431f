// Package dialect is a stub of entgo.io/ent/dialect.
package dialect

import "context"

// Dialect names.
const (
	MySQL    = "mysql"
	SQLite   = "sqlite3"
	Postgres = "postgres"
)

// ExecQuerier runs statements.
type ExecQuerier interface {
	Exec(ctx context.Context, query string, args, v any) error
	Query(ctx context.Context, query string, args, v any) error
}

// Driver is what generated clients hold.
type Driver interface {
	ExecQuerier
	Tx(context.Context) (Tx, error)
	Close() error
	Dialect() string
}

// Tx is a driver's transaction.
type Tx interface {
	ExecQuerier
	Commit() error
	Rollback() error
}
