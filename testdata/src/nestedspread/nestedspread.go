// Package nestedspread binds its keys through argument slices spread into
// the call: the values are those the slice literal lists.
package nestedspread

import (
	"database/sql"
	"sort"
)

// releaseShelves unlocks one shelf per warehouse, in the caller's order:
// the key varies with the loop through the slice it spreads.
func releaseShelves(tx *sql.Tx, sku string, warehouses []int) error {
	for i := range warehouses {
		w := warehouses[i]
		args := []interface{}{sku, w}
		if _, err := tx.Exec("UPDATE inventory SET qty = 0 WHERE sku = ? AND warehouse = ?", args...); err != nil { // want `nested-lock: UPDATE locks rows of inventory one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return nil
}

// releaseShelvesInline spreads a literal written in the call.
func releaseShelvesInline(tx *sql.Tx, sku string, warehouses []int) error {
	for _, w := range warehouses {
		if _, err := tx.Exec("UPDATE inventory SET qty = 0 WHERE sku = ? AND warehouse = ?", []interface{}{sku, w}...); err != nil { // want `nested-lock: UPDATE locks rows of inventory one at a time inside a loop`
			return err
		}
	}
	return nil
}

// releaseShelvesSorted walks the warehouses in ascending order: every
// caller locks them in one order.
func releaseShelvesSorted(tx *sql.Tx, sku string, warehouses []int) error {
	sort.Ints(warehouses)
	for _, w := range warehouses {
		args := []interface{}{sku, w}
		if _, err := tx.Exec("UPDATE inventory SET qty = 0 WHERE sku = ? AND warehouse = ?", args...); err != nil {
			return err
		}
	}
	return nil
}

// touchShelf updates the same row on every pass: the loop does not vary
// the key, so it locks one row.
func touchShelf(tx *sql.Tx, sku string, warehouse int, times int) error {
	for i := 0; i < times; i++ {
		args := []interface{}{sku, warehouse}
		if _, err := tx.Exec("UPDATE inventory SET qty = qty + 1 WHERE sku = ? AND warehouse = ?", args...); err != nil {
			return err
		}
	}
	return nil
}
