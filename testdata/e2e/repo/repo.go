// Package repo reads orders with sqlx.
package repo

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type Order struct {
	ID     int64  `db:"id"`
	Status string `db:"status"`
}

// RecentForUpdate locks a range of the created_at index.
func RecentForUpdate(ctx context.Context, db *sqlx.DB, since string) ([]Order, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var out []Order
	if err := tx.SelectContext(ctx, &out, "SELECT id, status FROM orders WHERE created_at >= ? FOR UPDATE", since); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// OwnedBy locks through a non-unique index.
func OwnedBy(ctx context.Context, db *sqlx.DB, owner int64) error {
	tx := db.MustBeginTx(ctx, nil)
	defer tx.Rollback()
	var ids []int64
	if err := tx.Select(&ids, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE", owner); err != nil {
		return err
	}
	return tx.Commit()
}
