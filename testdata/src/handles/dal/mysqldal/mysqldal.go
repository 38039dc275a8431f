// Package mysqldal implements package dal on database/sql.
package mysqldal

import (
	"context"
	"database/sql"

	"handles/dal"
)

type db struct {
	pool *sql.DB
}

// New returns a dal.DB on the pool.
func New(pool *sql.DB) dal.DB { return &db{pool: pool} }

func (d *db) Exec(ctx context.Context, query string, args ...any) error {
	_, err := d.pool.ExecContext(ctx, query, args...)
	return err
}

func (d *db) Get(ctx context.Context, dest any, query string, args ...any) error {
	return d.pool.QueryRowContext(ctx, query, args...).Scan(dest)
}

// Transaction runs fn in a transaction, committed when fn succeeds.
func (d *db) Transaction(ctx context.Context, fn func(tx dal.Tx) error) error {
	sqlTx, err := d.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	if err := fn(&tx{tx: sqlTx}); err != nil {
		return err
	}
	return sqlTx.Commit()
}

type tx struct {
	tx *sql.Tx
}

func (t *tx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := t.tx.ExecContext(ctx, query, args...)
	return err
}

func (t *tx) Get(ctx context.Context, dest any, query string, args ...any) error {
	return t.tx.QueryRowContext(ctx, query, args...).Scan(dest)
}
