// Package tenantstore keeps each tenant's orders in a table of its own,
// named at run time: the rules that need no index knowledge still judge
// its statements, and their messages say which Go value names the table.
package tenantstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Store is one tenant's order store.
type Store struct {
	db    *sql.DB
	table string
}

// New names the tenant's table.
func New(db *sql.DB, tenant string) *Store {
	return &Store{db: db, table: "orders_" + tenant}
}

// Peek locks a row through the pool.
func (s *Store) Peek(ctx context.Context, id int64) error {
	return s.db.QueryRowContext(ctx, "SELECT status FROM "+s.table+" WHERE id = ? FOR UPDATE", id).Err() // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// Settle waits for a payment provider while holding the row.
func (s *Store) Settle(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT status FROM "+s.table+" WHERE id = ? FOR UPDATE", id); err != nil {
		return err
	}
	time.Sleep(time.Second) // want `lock-held-blocking: time\.Sleep runs while the transaction holds row locks on the table named at run time by field s\.table`
	return tx.Commit()
}

// Drain polls the tenant's queue of orders, one transaction per round.
func (s *Store) Drain(ctx context.Context) error {
	for {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var id int64
		err = tx.QueryRowContext(ctx, fmt.Sprintf("SELECT id FROM %s WHERE status = 'new' ORDER BY id LIMIT 1 FOR UPDATE", s.table)).Scan(&id) // want `skip-locked-candidate: this queue poll \(SELECT \.\.\. FOR UPDATE \.\.\. ORDER BY \.\.\. LIMIT\) on the table named at run time by field s\.table runs in a loop`
		if err != nil {
			tx.Rollback()
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE "+s.table+" SET status = 'done' WHERE id = ?", id); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}

// Reserve checks for an order and inserts it into the same table.
func (s *Store) Reserve(ctx context.Context, tx *sql.Tx, ref string) error {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM "+s.table+" WHERE ref = ? FOR UPDATE", ref).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO "+s.table+" (ref) VALUES (?)", ref) // want `check-then-insert: INSERT into the table named at run time by field s\.table after SELECT \.\.\. FOR UPDATE of the same table`
	return err
}

// Archive checks the tenant's table and inserts into another one the
// caller names: not known to be the same table, so no check-then-insert.
func (s *Store) Archive(ctx context.Context, tx *sql.Tx, archive, ref string) error {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM "+s.table+" WHERE ref = ? FOR UPDATE", ref).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO "+archive+" (ref) VALUES (?)", ref)
	return err
}

// Leaky returns without ending its transaction on one path.
func (s *Store) Leaky(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil) // want `tx-not-closed`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE "+s.table+" SET status = 'seen' WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// AddColumn changes the tenant's table from request code.
func (s *Store) AddColumn(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "ALTER TABLE "+s.table+" ADD COLUMN note TEXT") // want `ddl-lock: ALTER TABLE \.\.\. \(the table named at run time by field s\.table\) needs an exclusive metadata lock on that table: it waits for every open transaction that has touched that table`
	return err
}

// TableMode is one table to lock and how.
type TableMode struct {
	Name  string
	Write bool
}

// LockAll locks tables the caller lists, each with its mode, through the
// pool.
func LockAll(ctx context.Context, db *sql.DB, locks []TableMode) error {
	clause := ""
	for _, l := range locks {
		if clause != "" {
			clause += ", "
		}
		clause += l.Name
		if l.Write {
			clause += " WRITE"
		} else {
			clause += " READ"
		}
	}
	_, err := db.ExecContext(ctx, fmt.Sprintf("LOCK TABLES %s", clause)) // want `table-lock: LOCK TABLES \.\.\. \(tables and lock types named at run time by variable clause\) runs on the pool \(\*sql\.DB\): the server holds the lock for the session that ran it, blocking other sessions' access to the locked tables`
	return err
}
