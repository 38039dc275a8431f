// Package dal is the data-access interface the services program against.
package dal

import "context"

// Querier runs statements.
type Querier interface {
	// Named and spelled apart from the implementations' (q, params,
	// interface{}): a signature is its types.
	Exec(c context.Context, q string, params ...interface{}) error
	Get(ctx context.Context, dest any, query string, args ...any) error
}

// Tx is a transaction.
type Tx interface {
	Querier
}

// DB is the database: statements in autocommit mode, or a transaction.
type DB interface {
	Querier
	Transaction(ctx context.Context, fn func(tx Tx) error) error
}
