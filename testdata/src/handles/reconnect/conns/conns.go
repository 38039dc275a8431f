// Package conns keeps the connection pool of a persistence plugin behind a
// handle that reconnects: the pool in use is swapped atomically, and a
// handle that cannot connect hands out a connection that refuses every
// call.
package conns

import (
	"context"
	"database/sql"
	"errors"
	"sync/atomic"
)

// ErrUnavailable is what a handle without a database returns.
var ErrUnavailable = errors.New("database unavailable")

// Conn is what the plugin's stores run statements on: the pool or a
// transaction.
type Conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Handle is the plugin's database: the current pool, replaced on
// reconnect.
type Handle struct {
	db      atomic.Pointer[sql.DB]
	connect func() (*sql.DB, error)
}

// NewHandle connects once.
func NewHandle(connect func() (*sql.DB, error)) *Handle {
	h := &Handle{connect: connect}
	h.reconnect()
	return h
}

func (h *Handle) reconnect() *sql.DB {
	db, err := h.connect()
	if err != nil {
		return nil
	}
	if old := h.db.Swap(db); old != nil {
		old.Close()
	}
	return db
}

// DB is the current pool, for beginning transactions.
func (h *Handle) DB() (*sql.DB, error) {
	if db := h.db.Load(); db != nil {
		return db, nil
	}
	if db := h.reconnect(); db != nil {
		return db, nil
	}
	return nil, ErrUnavailable
}

// Conn is the current pool, or a connection that refuses every call
// while the database is away.
func (h *Handle) Conn() Conn {
	if db := h.db.Load(); db != nil {
		return db
	}
	if db := h.reconnect(); db != nil {
		return db
	}
	return unavailable{}
}

// unavailable refuses every call: it runs nothing.
type unavailable struct{}

func (unavailable) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, ErrUnavailable
}

func (unavailable) QueryRowContext(context.Context, string, ...any) *sql.Row { return nil }

// Legacy keeps its pool in an atomic.Value, as older code does.
type Legacy struct {
	pool atomic.Value
}

// Set replaces the pool.
func (l *Legacy) Set(db *sql.DB) { l.pool.Store(db) }

// Conn is the current pool.
func (l *Legacy) Conn() Conn {
	return l.pool.Load().(*sql.DB)
}

// Chooser returns whatever it was given: not known to be the pool.
type Chooser struct {
	conn atomic.Value
}

// Conn is what was stored last, of any type.
func (c *Chooser) Conn() Conn {
	return c.conn.Load().(Conn)
}
