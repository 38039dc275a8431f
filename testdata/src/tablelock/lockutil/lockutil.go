// Package lockutil holds lock helpers that take their connection from the
// caller: they are never blamed for a missing release themselves; their
// callers, which own the connection, see the statements through facts.
package lockutil

import (
	"context"
	"database/sql"
	"errors"
)

var ErrBusy = errors.New("lock busy")

// Locker pairs GET_LOCK and RELEASE_LOCK in two methods on the same
// *sql.Conn field.
type Locker struct {
	conn *sql.Conn
	name string
}

func NewLocker(conn *sql.Conn, name string) *Locker {
	return &Locker{conn: conn, name: name}
}

func (l *Locker) Lock(ctx context.Context) error {
	var ok int
	if err := l.conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 10)", l.name).Scan(&ok); err != nil {
		return err
	}
	if ok != 1 {
		return ErrBusy
	}
	return nil
}

func (l *Locker) Unlock(ctx context.Context) error {
	_, err := l.conn.ExecContext(ctx, "SELECT RELEASE_LOCK(?)", l.name)
	return err
}

// Acquire and Release do the same through a parameter.
func Acquire(ctx context.Context, conn *sql.Conn, name string) error {
	var ok int
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 10)", name).Scan(&ok); err != nil {
		return err
	}
	if ok != 1 {
		return ErrBusy
	}
	return nil
}

func Release(ctx context.Context, conn *sql.Conn, name string) error {
	_, err := conn.ExecContext(ctx, "SELECT RELEASE_LOCK(?)", name)
	return err
}

// LockTables locks through a parameter: the caller owns the connection.
func LockTables(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "LOCK TABLES inventory WRITE")
	return err
}
