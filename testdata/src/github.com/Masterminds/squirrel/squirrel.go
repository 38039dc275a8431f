// Package squirrel is a stub of github.com/Masterminds/squirrel for the
// golden tests: the builder API with its signatures, and no behaviour.
package squirrel

import (
	"context"
	"database/sql"
)

// Sqlizer is anything that renders to SQL text and arguments.
type Sqlizer interface {
	ToSql() (string, []interface{}, error)
}

// BaseRunner is what RunWith accepts: *sql.DB, *sql.Tx, *sql.Conn.
type BaseRunner interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
	Query(query string, args ...interface{}) (*sql.Rows, error)
}

// RowScanner is the row QueryRow returns.
type RowScanner interface {
	Scan(dest ...interface{}) error
}

// PlaceholderFormat rewrites the ? placeholders of a statement.
type PlaceholderFormat interface {
	ReplacePlaceholders(sql string) (string, error)
}

type questionFormat struct{}

func (questionFormat) ReplacePlaceholders(sql string) (string, error) { return sql, nil }

var (
	Question = questionFormat{}
	Dollar   = questionFormat{}
	Colon    = questionFormat{}
	AtP      = questionFormat{}
)

// Predicates.
type (
	Eq       map[string]interface{}
	NotEq    map[string]interface{}
	Lt       map[string]interface{}
	LtOrEq   map[string]interface{}
	Gt       map[string]interface{}
	GtOrEq   map[string]interface{}
	Like     map[string]interface{}
	NotLike  map[string]interface{}
	And      []Sqlizer
	Or       []Sqlizer
	exprPart struct{}
)

func (Eq) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (NotEq) ToSql() (string, []interface{}, error)    { return "", nil, nil }
func (Lt) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (LtOrEq) ToSql() (string, []interface{}, error)   { return "", nil, nil }
func (Gt) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (GtOrEq) ToSql() (string, []interface{}, error)   { return "", nil, nil }
func (Like) ToSql() (string, []interface{}, error)     { return "", nil, nil }
func (NotLike) ToSql() (string, []interface{}, error)  { return "", nil, nil }
func (And) ToSql() (string, []interface{}, error)      { return "", nil, nil }
func (Or) ToSql() (string, []interface{}, error)       { return "", nil, nil }
func (exprPart) ToSql() (string, []interface{}, error) { return "", nil, nil }

// Expr is a SQL fragment with its arguments.
func Expr(sql string, args ...interface{}) Sqlizer { return exprPart{} }

// StatementBuilderType starts builders that share a placeholder format
// and a runner.
type StatementBuilderType struct{}

// StatementBuilder is the default statement builder.
var StatementBuilder = StatementBuilderType{}

func (b StatementBuilderType) PlaceholderFormat(f PlaceholderFormat) StatementBuilderType {
	return b
}
func (b StatementBuilderType) RunWith(runner BaseRunner) StatementBuilderType { return b }
func (b StatementBuilderType) Select(columns ...string) SelectBuilder         { return SelectBuilder{} }
func (b StatementBuilderType) Insert(into string) InsertBuilder               { return InsertBuilder{} }
func (b StatementBuilderType) Replace(into string) InsertBuilder              { return InsertBuilder{} }
func (b StatementBuilderType) Update(table string) UpdateBuilder              { return UpdateBuilder{} }
func (b StatementBuilderType) Delete(from string) DeleteBuilder               { return DeleteBuilder{} }

func Select(columns ...string) SelectBuilder { return SelectBuilder{} }
func Insert(into string) InsertBuilder       { return InsertBuilder{} }
func Replace(into string) InsertBuilder      { return InsertBuilder{} }
func Update(table string) UpdateBuilder      { return UpdateBuilder{} }
func Delete(from string) DeleteBuilder       { return DeleteBuilder{} }

// SelectBuilder builds a SELECT.
type SelectBuilder struct{}

func (b SelectBuilder) PlaceholderFormat(f PlaceholderFormat) SelectBuilder { return b }
func (b SelectBuilder) RunWith(runner BaseRunner) SelectBuilder             { return b }
func (b SelectBuilder) Exec() (sql.Result, error)                           { return nil, nil }
func (b SelectBuilder) Query() (*sql.Rows, error)                           { return nil, nil }
func (b SelectBuilder) QueryRow() RowScanner                                { return nil }
func (b SelectBuilder) Scan(dest ...interface{}) error                      { return nil }
func (b SelectBuilder) ExecContext(ctx context.Context) (sql.Result, error) { return nil, nil }
func (b SelectBuilder) QueryContext(ctx context.Context) (*sql.Rows, error) { return nil, nil }
func (b SelectBuilder) QueryRowContext(ctx context.Context) RowScanner      { return nil }
func (b SelectBuilder) ScanContext(ctx context.Context, dest ...interface{}) error {
	return nil
}
func (b SelectBuilder) ToSql() (string, []interface{}, error)                { return "", nil, nil }
func (b SelectBuilder) MustSql() (string, []interface{})                     { return "", nil }
func (b SelectBuilder) Prefix(sql string, args ...interface{}) SelectBuilder { return b }
func (b SelectBuilder) Distinct() SelectBuilder                              { return b }
func (b SelectBuilder) Options(options ...string) SelectBuilder              { return b }
func (b SelectBuilder) Columns(columns ...string) SelectBuilder              { return b }
func (b SelectBuilder) Column(column interface{}, args ...interface{}) SelectBuilder {
	return b
}
func (b SelectBuilder) From(from string) SelectBuilder                      { return b }
func (b SelectBuilder) Join(join string, rest ...interface{}) SelectBuilder { return b }
func (b SelectBuilder) LeftJoin(join string, rest ...interface{}) SelectBuilder {
	return b
}
func (b SelectBuilder) Where(pred interface{}, args ...interface{}) SelectBuilder {
	return b
}
func (b SelectBuilder) GroupBy(groupBys ...string) SelectBuilder { return b }
func (b SelectBuilder) Having(pred interface{}, rest ...interface{}) SelectBuilder {
	return b
}
func (b SelectBuilder) OrderBy(orderBys ...string) SelectBuilder             { return b }
func (b SelectBuilder) Limit(limit uint64) SelectBuilder                     { return b }
func (b SelectBuilder) Offset(offset uint64) SelectBuilder                   { return b }
func (b SelectBuilder) Suffix(sql string, args ...interface{}) SelectBuilder { return b }

// InsertBuilder builds an INSERT or REPLACE.
type InsertBuilder struct{}

func (b InsertBuilder) PlaceholderFormat(f PlaceholderFormat) InsertBuilder { return b }
func (b InsertBuilder) RunWith(runner BaseRunner) InsertBuilder             { return b }
func (b InsertBuilder) Exec() (sql.Result, error)                           { return nil, nil }
func (b InsertBuilder) Query() (*sql.Rows, error)                           { return nil, nil }
func (b InsertBuilder) QueryRow() RowScanner                                { return nil }
func (b InsertBuilder) Scan(dest ...interface{}) error                      { return nil }
func (b InsertBuilder) ExecContext(ctx context.Context) (sql.Result, error) { return nil, nil }
func (b InsertBuilder) QueryContext(ctx context.Context) (*sql.Rows, error) { return nil, nil }
func (b InsertBuilder) QueryRowContext(ctx context.Context) RowScanner      { return nil }
func (b InsertBuilder) ToSql() (string, []interface{}, error)               { return "", nil, nil }
func (b InsertBuilder) Prefix(sql string, args ...interface{}) InsertBuilder {
	return b
}
func (b InsertBuilder) Options(options ...string) InsertBuilder              { return b }
func (b InsertBuilder) Into(from string) InsertBuilder                       { return b }
func (b InsertBuilder) Columns(columns ...string) InsertBuilder              { return b }
func (b InsertBuilder) Values(values ...interface{}) InsertBuilder           { return b }
func (b InsertBuilder) Suffix(sql string, args ...interface{}) InsertBuilder { return b }
func (b InsertBuilder) SetMap(clauses map[string]interface{}) InsertBuilder  { return b }
func (b InsertBuilder) Select(sb SelectBuilder) InsertBuilder                { return b }

// UpdateBuilder builds an UPDATE.
type UpdateBuilder struct{}

func (b UpdateBuilder) PlaceholderFormat(f PlaceholderFormat) UpdateBuilder { return b }
func (b UpdateBuilder) RunWith(runner BaseRunner) UpdateBuilder             { return b }
func (b UpdateBuilder) Exec() (sql.Result, error)                           { return nil, nil }
func (b UpdateBuilder) ExecContext(ctx context.Context) (sql.Result, error) { return nil, nil }
func (b UpdateBuilder) ToSql() (string, []interface{}, error)               { return "", nil, nil }
func (b UpdateBuilder) Prefix(sql string, args ...interface{}) UpdateBuilder {
	return b
}
func (b UpdateBuilder) Table(table string) UpdateBuilder                   { return b }
func (b UpdateBuilder) Set(column string, value interface{}) UpdateBuilder { return b }
func (b UpdateBuilder) SetMap(clauses map[string]interface{}) UpdateBuilder {
	return b
}
func (b UpdateBuilder) Where(pred interface{}, args ...interface{}) UpdateBuilder {
	return b
}
func (b UpdateBuilder) OrderBy(orderBys ...string) UpdateBuilder             { return b }
func (b UpdateBuilder) Limit(limit uint64) UpdateBuilder                     { return b }
func (b UpdateBuilder) Suffix(sql string, args ...interface{}) UpdateBuilder { return b }

// DeleteBuilder builds a DELETE.
type DeleteBuilder struct{}

func (b DeleteBuilder) PlaceholderFormat(f PlaceholderFormat) DeleteBuilder { return b }
func (b DeleteBuilder) RunWith(runner BaseRunner) DeleteBuilder             { return b }
func (b DeleteBuilder) Exec() (sql.Result, error)                           { return nil, nil }
func (b DeleteBuilder) ExecContext(ctx context.Context) (sql.Result, error) { return nil, nil }
func (b DeleteBuilder) ToSql() (string, []interface{}, error)               { return "", nil, nil }
func (b DeleteBuilder) Prefix(sql string, args ...interface{}) DeleteBuilder {
	return b
}
func (b DeleteBuilder) From(from string) DeleteBuilder { return b }
func (b DeleteBuilder) Where(pred interface{}, args ...interface{}) DeleteBuilder {
	return b
}
func (b DeleteBuilder) OrderBy(orderBys ...string) DeleteBuilder             { return b }
func (b DeleteBuilder) Limit(limit uint64) DeleteBuilder                     { return b }
func (b DeleteBuilder) Suffix(sql string, args ...interface{}) DeleteBuilder { return b }

// Execer, Queryer and QueryRower are the runner shapes the *With
// functions take.
type (
	Execer interface {
		Exec(query string, args ...interface{}) (sql.Result, error)
	}
	Queryer interface {
		Query(query string, args ...interface{}) (*sql.Rows, error)
	}
	QueryRower interface {
		QueryRow(query string, args ...interface{}) RowScanner
	}
	ExecerContext interface {
		ExecContext(ctx context.Context, query string, args ...interface{}) (sql.Result, error)
	}
	QueryerContext interface {
		QueryContext(ctx context.Context, query string, args ...interface{}) (*sql.Rows, error)
	}
)

func ExecWith(db Execer, s Sqlizer) (sql.Result, error)  { return nil, nil }
func QueryWith(db Queryer, s Sqlizer) (*sql.Rows, error) { return nil, nil }
func QueryRowWith(db QueryRower, s Sqlizer) RowScanner   { return nil }
func ExecContextWith(ctx context.Context, db ExecerContext, s Sqlizer) (sql.Result, error) {
	return nil, nil
}
func QueryContextWith(ctx context.Context, db QueryerContext, s Sqlizer) (*sql.Rows, error) {
	return nil, nil
}
