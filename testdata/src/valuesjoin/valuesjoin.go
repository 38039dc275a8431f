// Package valuesjoin builds multi-row statements at run time, joining one
// "(?, ?, ?)" group per row straight after the VALUES keyword, with no
// space between them.
package valuesjoin

import (
	"database/sql"
	"sort"
	"strings"
)

// Restock replaces one row per map entry in one statement: the rows are
// listed, and locked, in map order.
func Restock(tx *sql.Tx, warehouse int, counts map[string]int) error {
	q := "REPLACE INTO inventory(sku, warehouse, qty) values"
	groups := make([]string, 0, len(counts))
	args := make([]any, 0, 3*len(counts))
	for sku, n := range counts {
		groups = append(groups, "(?, ?, ?)")
		args = append(args, sku, warehouse, n)
	}
	q += strings.Join(groups, ",")
	_, err := tx.Exec(q, args...) // want `nested-lock: REPLACE into inventory lists its rows in the iteration order of map counts`
	return err
}

// RestockSorted lists the rows in SKU order: every transaction takes them
// in one order.
func RestockSorted(tx *sql.Tx, warehouse int, counts map[string]int) error {
	skus := make([]string, 0, len(counts))
	for sku := range counts {
		skus = append(skus, sku)
	}
	sort.Strings(skus)
	q := "REPLACE INTO inventory(sku, warehouse, qty) values"
	groups := make([]string, 0, len(skus))
	args := make([]any, 0, 3*len(skus))
	for _, sku := range skus {
		groups = append(groups, "(?, ?, ?)")
		args = append(args, sku, warehouse, counts[sku])
	}
	q += strings.Join(groups, ",")
	_, err := tx.Exec(q, args...)
	return err
}

// Seed replaces the rows of a map with the singular keyword, the text
// joined in the call: the same order, the same finding.
func Seed(tx *sql.Tx, warehouse int, counts map[string]int) error {
	q := "REPLACE INTO inventory VALUE"
	var groups []string
	var args []any
	for sku, n := range counts {
		groups = append(groups, "(?, ?, ?)")
		args = append(args, sku, warehouse, n)
	}
	_, err := tx.Exec(q+strings.Join(groups, ","), args...) // want `nested-lock: REPLACE into inventory lists its rows in the iteration order of map counts`
	return err
}

// SeedList inserts the rows of a slice, in the order the caller chose: one
// statement, which no rule judges by the order of its rows.
func SeedList(tx *sql.Tx, warehouse int, skus []string) error {
	q := "INSERT IGNORE INTO inventory(sku, warehouse, qty) VALUES"
	var groups []string
	var args []any
	for _, sku := range skus {
		groups = append(groups, "(?, ?, 0)")
		args = append(args, sku, warehouse)
	}
	_, err := tx.Exec(q+strings.Join(groups, ","), args...)
	return err
}
