package checkinsert

import (
	"context"
	"database/sql"
)

// Restocker writes a batch of stock levels in one transaction.
type Restocker struct {
	db *sql.DB
}

func NewRestocker(db *sql.DB) *Restocker { return &Restocker{db: db} }

// Apply either adds every level of the batch or zeroes every SKU of it:
// the mode is the caller's, the same for the whole batch, so one call
// sends only INSERTs or only UPDATEs and never inserts after its own
// UPDATE. The loop joins the two arms in the control-flow graph, but the
// branch goes the same way on every turn.
func (r *Restocker) Apply(ctx context.Context, fresh bool, levels []StockLevel) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, l := range levels {
		if fresh {
			if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?)", l.SKU, l.Warehouse, l.Qty); err != nil {
				return err
			}
		} else {
			if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = 0 WHERE sku = ?", l.SKU); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// ApplyEach decides per level: a level with no quantity zeroes its SKU in
// every warehouse, any other is added. One turn's UPDATE by the leading
// key column takes gap locks when the SKU is absent, and a later turn
// inserts into that table: the branch changes from turn to turn, so both
// arms run in one call.
func (r *Restocker) ApplyEach(ctx context.Context, levels []StockLevel) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, l := range levels {
		empty := l.Qty == 0
		if empty {
			if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = 0 WHERE sku = ?", l.SKU); err != nil {
				return err
			}
		} else {
			if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?)", l.SKU, l.Warehouse, l.Qty); err != nil { // want `check-then-insert: INSERT into inventory after UPDATE`
				return err
			}
		}
	}
	return tx.Commit()
}

// ApplyToggled flips its mode inside the loop: the variable the branch
// tests changes between turns, so an UPDATE may come before an INSERT.
func (r *Restocker) ApplyToggled(ctx context.Context, fresh bool, levels []StockLevel) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, l := range levels {
		if fresh {
			if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?)", l.SKU, l.Warehouse, l.Qty); err != nil { // want `check-then-insert: INSERT into inventory after UPDATE`
				return err
			}
		} else {
			if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = 0 WHERE sku = ?", l.SKU); err != nil {
				return err
			}
		}
		fresh = l.Qty > 0
	}
	return tx.Commit()
}
