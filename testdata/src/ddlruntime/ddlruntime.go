// Package ddlruntime runs ALTER TABLE statements whose operations, and
// table, are chosen at run time: an online schema change tool's "try it
// instantly first" step. Whatever the operation, every ALTER TABLE needs
// the table's exclusive metadata lock.
package ddlruntime

import (
	"context"
	"database/sql"
	"fmt"
)

// Migration says what to change.
type Migration struct {
	Database, Table string
	NextID          int64  // the AUTO_INCREMENT the copy starts from
	Alter           string // the operations, as the user typed them
	LockWaitSeconds int
}

// Applier applies a migration.
type Applier struct {
	db *sql.DB
	m  *Migration
}

func quote(name string) string { return "`" + name + "`" }

func (a *Applier) instantQuery() string {
	return fmt.Sprintf("ALTER TABLE %s.%s %s, ALGORITHM=INSTANT", quote(a.m.Database), quote(a.m.Table), a.m.Alter)
}

// retry runs op until it succeeds, up to n times.
func retry(op func() error, n int) error {
	var err error
	for i := 0; i < n; i++ {
		if err = op(); err == nil {
			return nil
		}
	}
	return err
}

// TryInstant sets a short lock wait on one pooled connection and runs the
// ALTER on whichever connection the pool picks next.
func (a *Applier) TryInstant() error {
	query := a.instantQuery()
	if _, err := a.db.Exec(fmt.Sprintf("SET SESSION lock_wait_timeout = %d", a.m.LockWaitSeconds)); err != nil {
		return err
	}
	return retry(func() error {
		_, err := a.db.Exec(query) // want `ddl-lock: ALTER TABLE \.\.\. \(the table named at run time by what Applier\.instantQuery returns\) needs an exclusive metadata lock on that table: it waits for every open transaction that has touched that table.* the SET at line \d+ may have set another connection`
		return err
	}, 3)
}

// TryInstantOnOneSession runs the SET and the ALTER on one connection:
// the short wait bounds the ALTER's metadata-lock wait.
func (a *Applier) TryInstantOnOneSession(ctx context.Context) error {
	conn, err := a.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET SESSION lock_wait_timeout = 5"); err != nil {
		return err
	}
	return retry(func() error {
		_, err := conn.ExecContext(ctx, a.instantQuery())
		return err
	}, 3)
}

// Rebuild appends the user's operations to a known one: the known part is
// read, the rest claims nothing.
func (a *Applier) Rebuild(ctx context.Context) error {
	_, err := a.db.ExecContext(ctx, fmt.Sprintf("ALTER TABLE orders ADD COLUMN note TEXT, %s", a.m.Alter)) // want `ddl-lock: ALTER TABLE orders needs an exclusive metadata lock on orders`
	return err
}

// SwapTables renames two tables named at run time, one statement each:
// two tables may be two problems, so each is reported.
func (a *Applier) SwapTables(ctx context.Context) error {
	if _, err := a.db.ExecContext(ctx, fmt.Sprintf("RENAME TABLE %s TO %s_del", a.m.Table, a.m.Table)); err != nil { // want `ddl-lock: RENAME TABLE \.\.\. \(the table named at run time`
		return err
	}
	_, err := a.db.ExecContext(ctx, fmt.Sprintf("RENAME TABLE %s_gho TO %s", a.m.Table, a.m.Table)) // want `ddl-lock: RENAME TABLE \.\.\. \(the table named at run time`
	return err
}

// SetNextID sets the table's AUTO_INCREMENT, a value read at run time:
// the table is named by the migration's fields alone, not by the value.
func (a *Applier) SetNextID(ctx context.Context) error {
	_, err := a.db.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s.%s AUTO_INCREMENT=%d", quote(a.m.Database), quote(a.m.Table), a.m.NextID)) // want `ddl-lock: ALTER TABLE \.\.\. \(the table named at run time by what is passed to quote\) needs`
	return err
}
