// Package replica applies change batches from an upstream database: the
// transaction control travels as SQL text, as it does in binlog appliers
// and sync jobs.
package replica

import (
	"context"
	"database/sql"

	"xorm.io/xorm"
)

// Change is one row change to apply.
type Change struct {
	Query string
	Args  []any
}

// Applier writes batches through an ordinary pool.
type Applier struct {
	db *sql.DB
}

// Apply sends BEGIN, the changes and COMMIT through the pool: each may run
// on another connection.
func (a *Applier) Apply(ctx context.Context, batch []Change) error {
	if _, err := a.db.ExecContext(ctx, "BEGIN"); err != nil { // want `tx-not-closed: BEGIN runs on the pool \(\*sql\.DB\): it opens a transaction on whichever connection the pool picks`
		return err
	}
	for _, c := range batch {
		if _, err := a.db.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", c.Args...); err != nil {
			a.db.ExecContext(ctx, "ROLLBACK")
			return err
		}
	}
	_, err := a.db.ExecContext(ctx, "COMMIT")
	return err
}

// startBatch is the helper that opens the batch on the pool it is given.
func startBatch(db *sql.DB) error {
	_, err := db.Exec("START TRANSACTION") // want `tx-not-closed: BEGIN runs on the pool`
	return err
}

// ApplyOne opens the batch through the helper, which reported it.
func ApplyOne(db *sql.DB, c Change) error {
	if err := startBatch(db); err != nil {
		return err
	}
	if _, err := db.Exec("UPDATE accounts SET balance = 0 WHERE id = 1"); err != nil {
		return err
	}
	_, err := db.Exec("COMMIT")
	return err
}

// Mirror copies rows through an xorm engine, which is a pool too.
type Mirror struct {
	engine *xorm.Engine
}

// Copy sends the transaction control through the engine.
func (m *Mirror) Copy(ids []int64) error {
	m.engine.Exec("BEGIN") // want `tx-not-closed: BEGIN runs on the pool`
	for _, id := range ids {
		if _, err := m.engine.Exec("DELETE FROM accounts WHERE id = ?", id); err != nil {
			return err
		}
	}
	_, err := m.engine.Exec("COMMIT")
	return err
}

// ApplyOnConn holds one connection for the whole batch: BEGIN, the
// changes and COMMIT meet the same session.
func (a *Applier) ApplyOnConn(ctx context.Context, batch []Change) error {
	conn, err := a.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	for _, c := range batch {
		if _, err := conn.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", c.Args...); err != nil {
			conn.ExecContext(ctx, "ROLLBACK")
			return err
		}
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// Restore pins its own pool to one connection: every statement reaches
// the session that ran BEGIN.
func Restore(ctx context.Context, dsn string, batch []Change) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	for _, c := range batch {
		if _, err := db.ExecContext(ctx, c.Query, c.Args...); err != nil {
			db.ExecContext(ctx, "ROLLBACK")
			return err
		}
	}
	_, err = db.ExecContext(ctx, "COMMIT")
	return err
}

// Finish only commits what the caller's connection began: COMMIT alone
// opens nothing.
func Finish(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "COMMIT")
	return err
}
