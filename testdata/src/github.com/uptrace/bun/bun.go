// Package bun is a stub of github.com/uptrace/bun v1.3 for locklint's
// tests: the signatures of the API locklint reads, with empty bodies.
package bun

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun/schema"
)

// Dialect stands for schema.Dialect.
type Dialect interface{ Name() string }

// BaseModel carries a model's table name and alias in its tag; like bun,
// the stub declares it as an alias of schema.BaseModel.
type BaseModel = schema.BaseModel

// DB is the pool.
type DB struct{ *sql.DB }

// Tx is a transaction.
type Tx struct{ *sql.Tx }

// Conn is one connection.
type Conn struct{ *sql.Conn }

// IDB is what DB, Tx and Conn have in common.
type IDB interface {
	NewSelect() *SelectQuery
	NewInsert() *InsertQuery
	NewUpdate() *UpdateQuery
	NewDelete() *DeleteQuery
	NewRaw(query string, args ...any) *RawQuery
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)
	RunInTx(ctx context.Context, opts *sql.TxOptions, f func(ctx context.Context, tx Tx) error) error
}

func NewDB(sqldb *sql.DB, dialect Dialect) *DB { return &DB{DB: sqldb} }

func (db *DB) NewSelect() *SelectQuery                    { return &SelectQuery{} }
func (db *DB) NewInsert() *InsertQuery                    { return &InsertQuery{} }
func (db *DB) NewUpdate() *UpdateQuery                    { return &UpdateQuery{} }
func (db *DB) NewDelete() *DeleteQuery                    { return &DeleteQuery{} }
func (db *DB) NewRaw(query string, args ...any) *RawQuery { return &RawQuery{} }
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row { return nil }
func (db *DB) Begin() (Tx, error)                                                      { return Tx{}, nil }
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)            { return Tx{}, nil }
func (db *DB) RunInTx(ctx context.Context, opts *sql.TxOptions, fn func(ctx context.Context, tx Tx) error) error {
	return nil
}
func (db *DB) Conn(ctx context.Context) (Conn, error) { return Conn{}, nil }

func (tx Tx) NewSelect() *SelectQuery                    { return &SelectQuery{} }
func (tx Tx) NewInsert() *InsertQuery                    { return &InsertQuery{} }
func (tx Tx) NewUpdate() *UpdateQuery                    { return &UpdateQuery{} }
func (tx Tx) NewDelete() *DeleteQuery                    { return &DeleteQuery{} }
func (tx Tx) NewRaw(query string, args ...any) *RawQuery { return &RawQuery{} }
func (tx Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}
func (tx Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (tx Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row { return nil }
func (tx Tx) Commit() error                                                           { return nil }
func (tx Tx) Rollback() error                                                         { return nil }
func (tx Tx) BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)            { return tx, nil }
func (tx Tx) RunInTx(ctx context.Context, opts *sql.TxOptions, fn func(ctx context.Context, tx Tx) error) error {
	return nil
}

func (c Conn) NewSelect() *SelectQuery                    { return &SelectQuery{} }
func (c Conn) NewInsert() *InsertQuery                    { return &InsertQuery{} }
func (c Conn) NewUpdate() *UpdateQuery                    { return &UpdateQuery{} }
func (c Conn) NewDelete() *DeleteQuery                    { return &DeleteQuery{} }
func (c Conn) NewRaw(query string, args ...any) *RawQuery { return &RawQuery{} }
func (c Conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}
func (c Conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (c Conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row { return nil }
func (c Conn) BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)            { return Tx{}, nil }
func (c Conn) RunInTx(ctx context.Context, opts *sql.TxOptions, fn func(ctx context.Context, tx Tx) error) error {
	return nil
}

// IConn is what a query's Conn takes.
type IConn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

type SelectQuery struct{}

func (q *SelectQuery) Conn(db IConn) *SelectQuery                            { return q }
func (q *SelectQuery) Model(model any) *SelectQuery                          { return q }
func (q *SelectQuery) Table(tables ...string) *SelectQuery                   { return q }
func (q *SelectQuery) ModelTableExpr(query string, args ...any) *SelectQuery { return q }
func (q *SelectQuery) Column(columns ...string) *SelectQuery                 { return q }
func (q *SelectQuery) ColumnExpr(query string, args ...any) *SelectQuery     { return q }
func (q *SelectQuery) Where(query string, args ...any) *SelectQuery          { return q }
func (q *SelectQuery) WhereOr(query string, args ...any) *SelectQuery        { return q }
func (q *SelectQuery) WherePK(cols ...string) *SelectQuery                   { return q }
func (q *SelectQuery) WhereDeleted() *SelectQuery                            { return q }
func (q *SelectQuery) WhereAllWithDeleted() *SelectQuery                     { return q }
func (q *SelectQuery) Join(join string, args ...any) *SelectQuery            { return q }
func (q *SelectQuery) Relation(name string, apply ...func(*SelectQuery) *SelectQuery) *SelectQuery {
	return q
}
func (q *SelectQuery) Order(orders ...string) *SelectQuery              { return q }
func (q *SelectQuery) OrderExpr(query string, args ...any) *SelectQuery { return q }
func (q *SelectQuery) Limit(n int) *SelectQuery                         { return q }
func (q *SelectQuery) Offset(n int) *SelectQuery                        { return q }
func (q *SelectQuery) For(s string, args ...any) *SelectQuery           { return q }
func (q *SelectQuery) Scan(ctx context.Context, dest ...any) error      { return nil }
func (q *SelectQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}
func (q *SelectQuery) Count(ctx context.Context) (int, error)                     { return 0, nil }
func (q *SelectQuery) Exists(ctx context.Context) (bool, error)                   { return false, nil }
func (q *SelectQuery) ScanAndCount(ctx context.Context, dest ...any) (int, error) { return 0, nil }

type InsertQuery struct{}

func (q *InsertQuery) Conn(db IConn) *InsertQuery                       { return q }
func (q *InsertQuery) Model(model any) *InsertQuery                     { return q }
func (q *InsertQuery) Column(columns ...string) *InsertQuery            { return q }
func (q *InsertQuery) On(s string, args ...any) *InsertQuery            { return q }
func (q *InsertQuery) Set(query string, args ...any) *InsertQuery       { return q }
func (q *InsertQuery) Ignore() *InsertQuery                             { return q }
func (q *InsertQuery) Returning(query string, args ...any) *InsertQuery { return q }
func (q *InsertQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}
func (q *InsertQuery) Scan(ctx context.Context, dest ...any) error { return nil }

type UpdateQuery struct{}

func (q *UpdateQuery) Conn(db IConn) *UpdateQuery                   { return q }
func (q *UpdateQuery) Model(model any) *UpdateQuery                 { return q }
func (q *UpdateQuery) Table(tables ...string) *UpdateQuery          { return q }
func (q *UpdateQuery) Column(columns ...string) *UpdateQuery        { return q }
func (q *UpdateQuery) Set(query string, args ...any) *UpdateQuery   { return q }
func (q *UpdateQuery) Where(query string, args ...any) *UpdateQuery { return q }
func (q *UpdateQuery) WherePK(cols ...string) *UpdateQuery          { return q }
func (q *UpdateQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}

type DeleteQuery struct{}

func (q *DeleteQuery) Conn(db IConn) *DeleteQuery                   { return q }
func (q *DeleteQuery) Model(model any) *DeleteQuery                 { return q }
func (q *DeleteQuery) Table(tables ...string) *DeleteQuery          { return q }
func (q *DeleteQuery) Where(query string, args ...any) *DeleteQuery { return q }
func (q *DeleteQuery) WherePK(cols ...string) *DeleteQuery          { return q }
func (q *DeleteQuery) ForceDelete() *DeleteQuery                    { return q }
func (q *DeleteQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}

type RawQuery struct{}

func (q *RawQuery) Scan(ctx context.Context, dest ...any) error { return nil }
func (q *RawQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) {
	return nil, nil
}

// In marks a slice to be expanded to a list.
func In(slice any) any { return slice }
