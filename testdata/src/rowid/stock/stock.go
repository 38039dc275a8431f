// Package stock applies batches of stock movements, keyed by SKU.
package stock

import (
	"context"
	"database/sql"
	"sort"
)

type Store struct {
	db *sql.DB
}

// Apply decrements stock in the iteration order of the map: two batches
// over overlapping SKUs lock them in different orders.
func (s *Store) Apply(ctx context.Context, warehouse int, counts map[string]int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for sku, n := range counts {
		if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = qty - ? WHERE sku = ? AND warehouse = ?", n, sku, warehouse); err != nil { // want `nested-lock: UPDATE locks rows of inventory one at a time inside a loop, in the iteration order of map counts, which is random on every run`
			return err
		}
	}
	return tx.Commit()
}

// ApplySorted sorts the SKUs first: every batch locks in one order.
func (s *Store) ApplySorted(ctx context.Context, warehouse int, counts map[string]int) error {
	skus := make([]string, 0, len(counts))
	for sku := range counts {
		skus = append(skus, sku)
	}
	sort.Strings(skus)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, sku := range skus {
		if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = qty - ? WHERE sku = ? AND warehouse = ?", counts[sku], sku, warehouse); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Restock sets every warehouse of one SKU from a map: the rows differ by
// warehouse, taken in map order.
func (s *Store) Restock(ctx context.Context, sku string, levels map[int]int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for wh, qty := range levels {
		if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = ? WHERE sku = ? AND warehouse = ?", qty, sku, wh); err != nil { // want `nested-lock: .*in the iteration order of map levels`
			return err
		}
	}
	return tx.Commit()
}
