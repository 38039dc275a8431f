// Package store exports what its functions do with the handles they are
// given, for callers in other packages.
package store

import (
	"context"
	"database/sql"
	"time"
)

// Store runs statements through the handle it is built with.
type Store struct{ db *sql.DB }

// New keeps its parameter in the field db of the result.
func New(db *sql.DB) *Store { // want New:`stmts=0 callbacks=\[\] blocks="" closes=\[\] fields=\[\{\.db 0\}\]`
	return &Store{db: db}
}

// Lock runs a locking read through the transaction it is given.
func Lock(ctx context.Context, tx *sql.Tx, id int64) error { // want Lock:`stmts=1 callbacks=\[\] blocks="" closes=\[\] fields=\[\]`
	return tx.QueryRowContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id).Err()
}

// Finish commits the transaction it is given.
func Finish(tx *sql.Tx) error { // want Finish:`stmts=0 callbacks=\[\] blocks="" closes=\[0\] fields=\[\]`
	return tx.Commit()
}

// Wait blocks.
func Wait() { // want Wait:`blocks="time.Sleep"`
	time.Sleep(time.Second)
}

// Pure touches no database.
func Pure(a, b int) int { return a + b }
