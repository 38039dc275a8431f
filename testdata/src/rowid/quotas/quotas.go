// Package quotas keeps per-tenant quota overrides. The store runs its
// statements through a small executor that scans a row into a struct by
// its db tags and binds :name placeholders from a map, the way row
// mappers in the gorp family do; writes go through one helper that takes
// the row to store.
package quotas

import (
	"context"
	"database/sql"
	"strings"
)

// Override is one row of quota_overrides, keyed by (tenant, name).
type Override struct {
	Tenant  int64  `db:"tenant"`
	Name    string `db:"name"`
	Limit   int64  `db:"lim"`
	Enabled bool   `db:"enabled"`
}

// overrideColumns is the select list for Override, built once.
var overrideColumns = strings.Join([]string{"tenant", "name", "lim", "enabled"}, ", ")

// Exec runs statements on one transaction.
type Exec struct {
	tx *sql.Tx
}

// SelectOne runs query and fills holder from its one row.
func (e Exec) SelectOne(ctx context.Context, holder any, query string, args ...any) error {
	args = normalize(args)
	rows, err := e.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		return sql.ErrNoRows
	}
	return scanInto(rows, holder)
}

// ExecNamed runs a statement whose :name placeholders take the values of
// the map's keys.
func (e Exec) ExecNamed(ctx context.Context, query string, args ...any) (sql.Result, error) {
	args = normalize(args)
	return e.tx.ExecContext(ctx, query, args...)
}

func normalize(args []any) []any { return args }

func scanInto(rows *sql.Rows, holder any) error { return rows.Err() }

type Store struct {
	db *sql.DB
}

func (s *Store) begin(ctx context.Context) (*sql.Tx, Exec, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	return tx, Exec{tx: tx}, err
}

// store writes the row o names by its key.
func (s *Store) store(ctx context.Context, ex Exec, o *Override) error {
	_, err := ex.ExecNamed(ctx, `UPDATE quota_overrides SET lim = :lim, enabled = :enabled
		WHERE tenant = :tenant AND name = :name`,
		map[string]any{
			"lim":     o.Limit,
			"enabled": o.Enabled,
			"tenant":  o.Tenant,
			"name":    o.Name,
		})
	return err
}

// SetEnabled locks the override, then stores a copy of it with the flag
// changed: the copy's key fields are the locked row's, so the UPDATE is
// on the row already held.
func (s *Store) SetEnabled(ctx context.Context, tenant int64, name string, on bool) error {
	tx, ex, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur Override
	if err := ex.SelectOne(ctx, &cur, `SELECT `+overrideColumns+` FROM quota_overrides
		WHERE tenant = ? AND name = ? FOR UPDATE`, tenant, name); err != nil {
		return err
	}
	if cur.Enabled == on {
		return nil
	}
	next := cur
	next.Enabled = on
	if err := s.store(ctx, ex, &next); err != nil {
		return err
	}
	return tx.Commit()
}

// Raise locks the override and writes the new limit back into the
// struct it read: the same row.
func (s *Store) Raise(ctx context.Context, tenant int64, name string, lim int64) error {
	tx, ex, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur Override
	if err := ex.SelectOne(ctx, &cur, `SELECT `+overrideColumns+` FROM quota_overrides
		WHERE tenant = ? AND name = ? FOR UPDATE`, tenant, name); err != nil {
		return err
	}
	if cur.Limit >= lim {
		return nil
	}
	cur.Limit = lim
	if err := s.store(ctx, ex, &cur); err != nil {
		return err
	}
	return tx.Commit()
}

// CopyTo locks one override and stores its copy under another name: a
// second row, chosen by the caller, locked while the first is held. Two
// copies between the same names in opposite directions deadlock.
func (s *Store) CopyTo(ctx context.Context, tenant int64, from, to string) error {
	tx, ex, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur Override
	if err := ex.SelectOne(ctx, &cur, `SELECT `+overrideColumns+` FROM quota_overrides
		WHERE tenant = ? AND name = ? FOR UPDATE`, tenant, from); err != nil {
		return err
	}
	next := cur
	next.Name = to
	if err := s.store(ctx, ex, &next); err != nil { // want `nested-lock: this transaction already locked a row of quota_overrides`
		return err
	}
	return tx.Commit()
}

// Mirror locks the override, then stores the copy of another struct
// that the caller filled: its key fields come from no locked row.
func (s *Store) Mirror(ctx context.Context, tenant int64, name string, src Override) error {
	tx, ex, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur Override
	if err := ex.SelectOne(ctx, &cur, `SELECT `+overrideColumns+` FROM quota_overrides
		WHERE tenant = ? AND name = ? FOR UPDATE`, tenant, name); err != nil {
		return err
	}
	next := src
	next.Enabled = cur.Enabled
	if err := s.store(ctx, ex, &next); err != nil { // want `nested-lock: this transaction already locked a row of quota_overrides`
		return err
	}
	return tx.Commit()
}

// Toggle locks the override but reads back only its flag: the struct's
// key fields stay empty, so the copy it stores names another row.
func (s *Store) Toggle(ctx context.Context, tenant int64, name string) error {
	tx, ex, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur Override
	if err := ex.SelectOne(ctx, &cur, `SELECT enabled FROM quota_overrides
		WHERE tenant = ? AND name = ? FOR UPDATE`, tenant, name); err != nil {
		return err
	}
	next := cur
	next.Enabled = !cur.Enabled
	if err := s.store(ctx, ex, &next); err != nil { // want `nested-lock: this transaction already locked a row of quota_overrides`
		return err
	}
	return tx.Commit()
}
