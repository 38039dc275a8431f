// Package stock applies batches of stock movements, keyed by SKU.
package stock

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
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

// Merge upserts the counts of a batch in one statement whose VALUES list
// is built in map order.
func (s *Store) Merge(ctx context.Context, warehouse int, counts map[string]int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var rows []string
	var args []any
	for sku, n := range counts {
		rows = append(rows, "(?, ?, ?)")
		args = append(args, sku, warehouse, n)
	}
	q := fmt.Sprintf("INSERT INTO inventory (sku, warehouse, qty) VALUES %s ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty)", strings.Join(rows, ", "))
	if _, err := tx.ExecContext(ctx, q, args...); err != nil { // want `nested-lock: INSERT \.\.\. ON DUPLICATE KEY UPDATE into inventory lists its rows in the iteration order of map counts`
		return err
	}
	return tx.Commit()
}

// MergeSorted builds the same statement from sorted SKUs.
func (s *Store) MergeSorted(ctx context.Context, warehouse int, counts map[string]int) error {
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
	var rows []string
	var args []any
	for _, sku := range skus {
		rows = append(rows, "(?, ?, ?)")
		args = append(args, sku, warehouse, counts[sku])
	}
	q := fmt.Sprintf("INSERT INTO inventory (sku, warehouse, qty) VALUES %s ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty)", strings.Join(rows, ", "))
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return err
	}
	return tx.Commit()
}

// Upsert writes one row per map entry, in map order.
func (s *Store) Upsert(ctx context.Context, warehouse int, counts map[string]int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for sku, n := range counts {
		if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE qty = VALUES(qty)", sku, warehouse, n); err != nil { // want `nested-lock: INSERT \.\.\. ON DUPLICATE KEY UPDATE into inventory runs once per entry inside a loop, in the iteration order of map counts`
			return err
		}
	}
	return tx.Commit()
}

// Transfer upserts the receiving warehouse's row and then the sending
// one's, in argument order: two transfers between the same warehouses in
// opposite directions each hold one row.
func (s *Store) Transfer(ctx context.Context, sku string, from, to, n int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty)", sku, to, n); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE qty = qty - VALUES(qty)", sku, from, n); err != nil { // want `nested-lock: this transaction already locked a row of inventory \(INSERT`
		return err
	}
	return tx.Commit()
}

// Receive upserts one row and then adjusts that same row: it holds it
// from the upsert on.
func (s *Store) Receive(ctx context.Context, sku string, warehouse, n int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, 0) ON DUPLICATE KEY UPDATE qty = qty", sku, warehouse); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = qty + ? WHERE sku = ? AND warehouse = ?", n, sku, warehouse); err != nil {
		return err
	}
	return tx.Commit()
}
