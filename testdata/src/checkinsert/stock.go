package checkinsert

import (
	"context"
	"database/sql"
)

// StockLevel is one row of inventory.
type StockLevel struct {
	SKU       string
	Warehouse int
	Qty       int
}

// StockRepo replaces stock levels in bulk, the way a nightly import does.
type StockRepo struct {
	db *sql.DB
}

func NewStockRepo(db *sql.DB) *StockRepo { return &StockRepo{db: db} }

// ReplaceSKU deletes every level of one SKU by the leading column of the
// primary key (sku, warehouse): a range that gap-locks when the SKU is new.
func (r *StockRepo) ReplaceSKU(ctx context.Context, sku string, levels []StockLevel) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM inventory WHERE sku = ?", sku); err != nil {
		return err
	}
	for _, l := range levels {
		if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?)", sku, l.Warehouse, l.Qty); err != nil { // want `check-then-insert: INSERT into inventory after DELETE`
			return err
		}
	}
	return tx.Commit()
}

// ReplaceWarehouse deletes by the second column of the primary key: no
// index starts with warehouse, so the DELETE locks the whole table
// (unindexed-lock reports it) and a second caller queues behind the first
// instead of sharing a gap lock with it. No deadlock to report here.
func (r *StockRepo) ReplaceWarehouse(ctx context.Context, warehouse int, levels []StockLevel) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM inventory WHERE warehouse = ?", warehouse); err != nil {
		return err
	}
	for _, l := range levels {
		if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?)", l.SKU, warehouse, l.Qty); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// OrderArchive rewrites the open orders of a region or of a status.
type OrderArchive struct {
	db *sql.DB
}

// ResetRegion deletes by the leading column of idx_region_status: an
// indexed range, gap-locked when the region has no orders.
func (a *OrderArchive) ResetRegion(ctx context.Context, region string, customers []int64) error {
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM orders WHERE region = ? AND status = 'draft'", region); err != nil {
		return err
	}
	for _, c := range customers {
		if _, err := tx.ExecContext(ctx, "INSERT INTO orders (customer_id, region, status, created_at) VALUES (?, ?, 'draft', NOW())", c, region); err != nil { // want `check-then-insert: INSERT into orders after DELETE`
			return err
		}
	}
	return tx.Commit()
}

// ResetStatus checks with a locking read on status alone, which is not the
// leftmost column of any index: the read locks every row of orders, and
// concurrent callers serialize on it.
func (a *OrderArchive) ResetStatus(ctx context.Context, status string, customer int64) error {
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders WHERE status = ? FOR UPDATE", status).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		if _, err := tx.ExecContext(ctx, "INSERT INTO orders (customer_id, region, status, created_at) VALUES (?, 'eu', ?, NOW())", customer, status); err != nil {
			return err
		}
	}
	return tx.Commit()
}
