// Package sqlxin runs statements whose IN lists sqlx.In expands.
package sqlxin

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type Accounts struct{ db *sqlx.DB }

// FreezeByStatus locks through a column no index starts with: the
// expanded IN list changes nothing about that.
func (a *Accounts) FreezeByStatus(ctx context.Context, statuses []string) error {
	tx, err := a.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	query, args, err := sqlx.In("UPDATE accounts SET balance = 0 WHERE status IN (?)", statuses)
	if err != nil {
		return err
	}
	query = tx.Rebind(query)
	if _, err := tx.ExecContext(ctx, query, args...); err != nil { // want `unindexed-lock: UPDATE on accounts can use no index`
		return err
	}
	return tx.Commit()
}

// Near miss: the same through the primary key.
func (a *Accounts) FreezeByID(ctx context.Context, ids []int64) error {
	tx, err := a.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	query, args, err := sqlx.In("UPDATE accounts SET balance = 0 WHERE id IN (?)", ids)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(query), args...); err != nil {
		return err
	}
	return tx.Commit()
}
