package sqlocks

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// StockStore reads stock levels through one base query.
type StockStore struct {
	db *sql.DB
}

// levels is the query every read of the store starts from.
func (s *StockStore) levels() sq.SelectBuilder {
	return sq.Select("sku", "warehouse", "qty").From("inventory")
}

// LockWarehouse locks the levels of one warehouse: the second column of
// the primary key alone can use no index.
func (s *StockStore) LockWarehouse(ctx context.Context, tx *sql.Tx, warehouse int) (*sql.Rows, error) {
	return s.levels().Where(sq.Eq{"warehouse": warehouse}).Suffix("FOR UPDATE"). // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on inventory can use no index`
											RunWith(tx).QueryContext(ctx)
}

// LockLevel locks one level by the whole primary key: silent.
func (s *StockStore) LockLevel(ctx context.Context, tx *sql.Tx, sku string, warehouse int) (*sql.Rows, error) {
	return s.levels().Where(sq.Eq{"sku": sku, "warehouse": warehouse}).Suffix("FOR UPDATE").
		RunWith(tx).QueryContext(ctx)
}

// Levels reads without a lock: silent.
func (s *StockStore) Levels(ctx context.Context, warehouse int) (*sql.Rows, error) {
	return s.levels().Where(sq.Eq{"warehouse": warehouse}).RunWith(s.db).QueryContext(ctx)
}
