// Package sqlocks is an order and account store whose statements are
// built with squirrel: the per-statement lock rules on builder chains.
package sqlocks

import (
	"context"
	"database/sql"
	"time"

	sq "github.com/Masterminds/squirrel"
	_ "github.com/go-sql-driver/mysql"
)

// OrderStore reads and changes orders.
type OrderStore struct {
	db *sql.DB
}

func NewOrderStore(db *sql.DB) *OrderStore { return &OrderStore{db: db} }

// LockByStatus locks orders by status alone: no index starts with it.
func (s *OrderStore) LockByStatus(ctx context.Context, tx *sql.Tx, status string) ([]int64, error) {
	q, args, err := sq.Select("id").From("orders").
		Where(sq.Eq{"status": status}).
		Suffix("FOR UPDATE").
		ToSql()
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, q, args...) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on orders can use no index \(index idx_region_status \(region, status\) cannot be used without its leftmost column region\)`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// LockRegion locks orders by the full composite index: an index is
// usable, so unindexed-lock stays silent, but the index is not unique.
func (s *OrderStore) LockRegion(ctx context.Context, tx *sql.Tx, region, status string) error {
	q, args, err := sq.Select("id").From("orders").
		Where(sq.Eq{"region": region, "status": status}).
		Suffix("FOR UPDATE").
		ToSql()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, q, args...) // want `range-lock: SELECT \.\.\. FOR UPDATE on orders finds its rows by equality on the non-unique index idx_region_status \(region, status\)`
	return err
}

// Archive closes orders with a note; the builder is extended when a
// cut-off is given. The added condition can use idx_created, so the
// statement is not surely unindexed: silent.
func (s *OrderStore) Archive(ctx context.Context, tx *sql.Tx, note string, before time.Time) error {
	b := sq.Update("orders").Set("status", "archived").Where("note = ?", note)
	if !before.IsZero() {
		b = b.Where(sq.Lt{"created_at": before})
	}
	_, err := b.RunWith(tx).ExecContext(ctx)
	return err
}

// ArchiveCustomer is Archive by customer id, also unindexed: the schema
// has no index on customer_id.
func (s *OrderStore) ArchiveCustomer(ctx context.Context, tx *sql.Tx, customer int64) error {
	_, err := sq.Update("orders"). // want `unindexed-lock: UPDATE on orders can use no index \(no index of orders starts with customer_id\)`
					SetMap(map[string]interface{}{"status": "archived", "note": ""}).
					Where(sq.Eq{"customer_id": customer}).
					RunWith(tx).ExecContext(ctx)
	return err
}

// DeleteByID deletes through the primary key: silent.
func (s *OrderStore) DeleteByID(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := sq.Delete("orders").Where(sq.Eq{"id": id}).RunWith(tx).ExecContext(ctx)
	return err
}

// DeleteFiltered deletes with a condition chosen by the caller: what it
// filters on is unknown, so nothing is said.
func (s *OrderStore) DeleteFiltered(ctx context.Context, tx *sql.Tx, cond sq.Sqlizer) error {
	_, err := sq.Delete("orders").Where(cond).RunWith(tx).ExecContext(ctx)
	return err
}

// LockSince locks a time range of orders, of one region and status when
// they are given: gap locks at REPEATABLE READ either way.
func (s *OrderStore) LockSince(ctx context.Context, tx *sql.Tx, since time.Time, region, status string) error {
	b := sq.Select("id", "status").From("orders").
		Where(sq.GtOrEq{"created_at": since}).
		OrderBy("created_at").
		Suffix("FOR UPDATE")
	if region != "" {
		b = b.Where("region = ?", region)
	}
	if status != "" {
		b = b.Where(sq.Eq{"status": status})
	}
	q, args, err := b.ToSql()
	if err != nil {
		return err
	}
	_, err = tx.QueryContext(ctx, q, args...) // want `range-lock: SELECT \.\.\. FOR UPDATE on orders scans a range of index idx_created \(created_at\)`
	return err
}

// LockOne locks one order by primary key: no gap lock, silent.
func (s *OrderStore) LockOne(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var status string
	err := sq.Select("status").From("orders").Where("id = ?", id).Suffix("FOR UPDATE").
		RunWith(tx).QueryRowContext(ctx).Scan(&status)
	return status, err
}

// Peek reads orders in a range without a lock: silent.
func (s *OrderStore) Peek(ctx context.Context, since time.Time) (*sql.Rows, error) {
	return sq.Select("id").From("orders").Where(sq.Gt{"created_at": since}).
		RunWith(s.db).QueryContext(ctx)
}
