// Package ledger settles orders in batches: its locking reads compare a
// column with a subquery, whose result is one run-time value.
package ledger

import (
	"context"
	"database/sql"
)

// Settler settles the orders created since the last settlement.
type Settler struct {
	db *sql.DB
}

// LockPending locks the orders after the newest settled one: a range of
// idx_created, gap locks included.
func (s *Settler) LockPending(ctx context.Context, tx *sql.Tx) error {
	const pending = `SELECT id FROM orders
		WHERE created_at > (SELECT MAX(created_at) FROM orders WHERE status = 'settled')
		FOR UPDATE`
	_, err := tx.ExecContext(ctx, pending) // want `range-lock: SELECT \.\.\. FOR UPDATE on orders scans a range of index idx_created \(created_at\)`
	return err
}

// LockSameRegion compares with a subquery that reads the outer row: its
// value changes from row to row, so what the index does is not known.
func (s *Settler) LockSameRegion(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `SELECT o.id FROM orders o
		WHERE o.created_at = (SELECT MAX(p.created_at) FROM orders p WHERE p.region = o.region)
		FOR UPDATE`)
	return err
}

// LockByID compares the primary key with a run-time value by equality:
// one record, no range.
func (s *Settler) LockByID(ctx context.Context, tx *sql.Tx, ref string) error {
	_, err := tx.ExecContext(ctx, "SELECT id FROM orders WHERE id = (SELECT MAX(id) FROM orders WHERE note = ?) FOR UPDATE", ref)
	return err
}
