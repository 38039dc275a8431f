// Package sbstore builds its statements with go-sqlbuilder's builders,
// which change in place, and sends the text Build returns.
package sbstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/huandu/go-sqlbuilder"
	"github.com/jmoiron/sqlx"
)

// Store keeps jobs and stock.
type Store struct {
	db  *sql.DB
	xdb *sqlx.DB
}

// Reassign moves a worker's jobs in a transaction: worker has no index.
func (s *Store) Reassign(ctx context.Context, tx *sql.Tx, from, to string) error {
	ub := sqlbuilder.NewUpdateBuilder()
	ub.Update("jobs")
	ub.Set(ub.Assign("worker", to))
	ub.Where(ub.Equal("worker", from))
	q, args := ub.Build()
	_, err := tx.ExecContext(ctx, q, args...) // want `unindexed-lock: UPDATE on jobs can use no index`
	return err
}

// Finish marks one job done by its primary key: a record lock.
func (s *Store) Finish(ctx context.Context, tx *sql.Tx, id int64) error {
	ub := sqlbuilder.MySQL.NewUpdateBuilder()
	ub.Update("jobs").Set(ub.Assign("status", 2), ub.Assign("worker", nil))
	ub.Where(ub.Equal("id", id))
	q, args := ub.Build()
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// ReassignNarrowed adds the worker condition only when asked: the WHERE
// known here is not all the server sees, so nothing is said of indexes.
func (s *Store) ReassignNarrowed(ctx context.Context, tx *sql.Tx, worker string, status int) error {
	ub := sqlbuilder.NewUpdateBuilder()
	ub.Update("jobs").Set(ub.Assign("status", status))
	ub.Where(ub.Equal("worker", worker))
	if status > 0 {
		ub.Where(ub.Equal("id", status))
	}
	q, args := ub.Build()
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// ReassignPostgres is Reassign for PostgreSQL's flavor: not judged.
func (s *Store) ReassignPostgres(ctx context.Context, tx *sql.Tx, from, to string) error {
	ub := sqlbuilder.PostgreSQL.NewUpdateBuilder()
	ub.Update("jobs")
	ub.Set(ub.Assign("worker", to))
	ub.Where(ub.Equal("worker", from))
	q, args := ub.Build()
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// Peek locks due jobs on the pool: the lock ends with the statement.
func (s *Store) Peek(ctx context.Context, status int) (*sql.Rows, error) {
	sb := sqlbuilder.NewSelectBuilder()
	sb.Select("id").From("jobs").Where(sb.Equal("status", status)).OrderBy("run_at").Limit(10)
	sb.ForUpdate()
	q, args := sb.Build()
	return s.db.QueryContext(ctx, q, args...) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// PeekMaybeLocked adds the lock clause only when asked: which statement
// runs is not known.
func (s *Store) PeekMaybeLocked(ctx context.Context, status int, lock bool) (*sql.Rows, error) {
	sb := sqlbuilder.NewSelectBuilder()
	sb.Select("id").From("jobs").Where(sb.Equal("status", status))
	if lock {
		sb.ForUpdate()
	}
	q, args := sb.Build()
	return s.db.QueryContext(ctx, q, args...)
}

// PeekShared turns the lock clause into a shared one before sending the
// text: what is sent is the replaced text.
func (s *Store) PeekShared(ctx context.Context, status int) (*sql.Rows, error) {
	sb := sqlbuilder.NewSelectBuilder()
	sb.Select("id").From("jobs").Where(sb.Equal("status", status)).ForUpdate()
	q, args := sb.Build()
	q = strings.Replace(q, " FOR UPDATE", " LOCK IN SHARE MODE", 1)
	return s.db.QueryContext(ctx, q, args...) // want `lock-outside-tx: SELECT \.\.\. LOCK IN SHARE MODE`
}

// PeekUnlocked strips the lock clause before sending the text.
func (s *Store) PeekUnlocked(ctx context.Context, status int) (*sql.Rows, error) {
	sb := sqlbuilder.NewSelectBuilder()
	sb.Select("id").From("jobs").Where(sb.Equal("status", status)).ForUpdate()
	q, args := sb.Build()
	q = strings.ReplaceAll(q, " FOR UPDATE", "")
	return s.db.QueryContext(ctx, q, args...)
}

// PeekShaped hands the builder to a function that may change it.
func (s *Store) PeekShaped(ctx context.Context, status int) (*sql.Rows, error) {
	sb := sqlbuilder.NewSelectBuilder()
	sb.Select("id").From("jobs").Where(sb.Equal("status", status)).ForUpdate()
	shape(sb)
	q, args := sb.Build()
	return s.db.QueryContext(ctx, q, args...)
}

func shape(sb *sqlbuilder.SelectBuilder) { sb.Limit(1) }

// Restock replaces the stock rows of some items: the DELETE of items with
// no rows takes gap locks two transactions share, then both insert into
// the gaps.
func (s *Store) Restock(ctx context.Context, skus []interface{}, warehouses []int) error {
	tx, err := s.xdb.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	db := sqlbuilder.NewDeleteBuilder()
	db.DeleteFrom("inventory")
	db.Where(db.In("sku", skus...))
	dq, dargs := db.Build()
	dq = tx.Rebind(dq)
	if _, err := tx.ExecContext(ctx, dq, dargs...); err != nil {
		return err
	}
	ib := sqlbuilder.NewInsertBuilder()
	ib.InsertInto("inventory")
	ib.Cols("sku", "warehouse", "qty")
	for _, sku := range skus {
		for _, w := range warehouses {
			ib.Values(sku, w, 0)
		}
	}
	iq, iargs := ib.Build()
	iq = strings.Replace(iq, "INSERT INTO", "INSERT IGNORE INTO", 1)
	iq = tx.Rebind(iq)
	if _, err := tx.ExecContext(ctx, iq, iargs...); err != nil { // want `check-then-insert: INSERT into inventory after DELETE of the same table in one transaction`
		return err
	}
	return tx.Commit()
}

// RestockUpsert writes the same rows with an upsert and deletes nothing.
func (s *Store) RestockUpsert(ctx context.Context, sku string, warehouses []int) error {
	tx, err := s.xdb.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ib := sqlbuilder.NewInsertBuilder()
	ib.InsertInto("inventory").Cols("sku", "warehouse", "qty")
	for _, w := range warehouses {
		ib.Values(sku, w, 0)
	}
	iq, iargs := ib.Build()
	if _, err := tx.ExecContext(ctx, iq, iargs...); err != nil {
		return err
	}
	return tx.Commit()
}

// ReassignForeign takes its condition from another builder: its
// placeholder refers to that builder's values, so it is not read.
func (s *Store) ReassignForeign(ctx context.Context, tx *sql.Tx, from, to string) error {
	other := sqlbuilder.NewSelectBuilder()
	ub := sqlbuilder.NewUpdateBuilder()
	ub.Update("jobs").Set(ub.Assign("worker", to))
	ub.Where(other.Equal("worker", from))
	q, args := ub.Build()
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// Transfer moves money between two accounts chosen by the caller: two
// transfers the other way round deadlock.
func (s *Store) Transfer(ctx context.Context, tx *sqlx.Tx, from, to, amount int64) error {
	debit := sqlbuilder.NewUpdateBuilder()
	debit.Update("accounts").Set(debit.Sub("balance", amount)).Where(debit.Equal("id", from))
	q, args := debit.Build()
	if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
		return err
	}
	credit := sqlbuilder.NewUpdateBuilder()
	credit.Update("accounts").Set(credit.Add("balance", amount)).Where(credit.Equal("id", to))
	q2, args2 := credit.Build()
	q2 = tx.Rebind(q2)
	_, err := tx.ExecContext(ctx, q2, args2...) // want `nested-lock: this transaction already locked a row of accounts \(UPDATE\) and now locks another, both chosen at run time`
	return err
}

// Rename updates one account twice: the second statement takes no new
// lock, which only the arguments Build returned beside the text show.
func (s *Store) Rename(ctx context.Context, tx *sqlx.Tx, id int64, email, status string) error {
	first := sqlbuilder.NewUpdateBuilder()
	first.Update("accounts").Set(first.Assign("email", email)).Where(first.Equal("id", id))
	q, args := first.Build()
	q = tx.Rebind(q)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return err
	}
	second := sqlbuilder.NewUpdateBuilder()
	second.Update("accounts").Set(second.Assign("status", status)).Where(second.Equal("id", id))
	q2, args2 := second.Build()
	q2 = tx.Rebind(q2)
	_, err := tx.ExecContext(ctx, q2, args2...)
	return err
}
