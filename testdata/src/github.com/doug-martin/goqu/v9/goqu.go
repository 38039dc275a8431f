// Package goqu is a stub of github.com/doug-martin/goqu/v9 for locklint's
// tests: the signatures of the API locklint reads, with empty bodies.
package goqu

import (
	"context"
	"database/sql"

	"github.com/doug-martin/goqu/v9/exec"
	"github.com/doug-martin/goqu/v9/exp"
)

type (
	Ex     = exp.Ex
	Op     = exp.Op
	Record = exp.Record
)

// SQLDatabase is what goqu.New wraps.
type SQLDatabase interface {
	Begin() (*sql.Tx, error)
	ExecContext(ctx context.Context, query string, args ...interface{}) (sql.Result, error)
}

// Database is the pool.
type Database struct{}

// TxDatabase is a transaction.
type TxDatabase struct{}

// DialectWrapper starts datasets of one dialect.
type DialectWrapper struct{}

func New(dialect string, db SQLDatabase) *Database { return &Database{} }
func Dialect(dialect string) DialectWrapper        { return DialectWrapper{} }

func (dw DialectWrapper) From(table ...interface{}) *SelectDataset { return &SelectDataset{} }
func (dw DialectWrapper) Update(table interface{}) *UpdateDataset  { return &UpdateDataset{} }
func (dw DialectWrapper) Insert(table interface{}) *InsertDataset  { return &InsertDataset{} }
func (dw DialectWrapper) Delete(table interface{}) *DeleteDataset  { return &DeleteDataset{} }

func From(table ...interface{}) *SelectDataset { return &SelectDataset{} }

func (d *Database) Begin() (*TxDatabase, error) { return &TxDatabase{}, nil }
func (d *Database) BeginTx(ctx context.Context, opts *sql.TxOptions) (*TxDatabase, error) {
	return &TxDatabase{}, nil
}
func (d *Database) WithTx(fn func(*TxDatabase) error) error { return nil }
func (d *Database) From(from ...interface{}) *SelectDataset { return &SelectDataset{} }
func (d *Database) Update(table interface{}) *UpdateDataset { return &UpdateDataset{} }
func (d *Database) Insert(table interface{}) *InsertDataset { return &InsertDataset{} }
func (d *Database) Delete(table interface{}) *DeleteDataset { return &DeleteDataset{} }
func (d *Database) ExecContext(ctx context.Context, query string, args ...interface{}) (sql.Result, error) {
	return nil, nil
}

func (td *TxDatabase) From(cols ...interface{}) *SelectDataset { return &SelectDataset{} }
func (td *TxDatabase) Update(table interface{}) *UpdateDataset { return &UpdateDataset{} }
func (td *TxDatabase) Insert(table interface{}) *InsertDataset { return &InsertDataset{} }
func (td *TxDatabase) Delete(table interface{}) *DeleteDataset { return &DeleteDataset{} }
func (td *TxDatabase) ExecContext(ctx context.Context, query string, args ...interface{}) (sql.Result, error) {
	return nil, nil
}
func (td *TxDatabase) Commit() error              { return nil }
func (td *TxDatabase) Rollback() error            { return nil }
func (td *TxDatabase) Wrap(fn func() error) error { return nil }

// IdentifierExpression is a column or table name.
type IdentifierExpression struct{}

func C(col string) IdentifierExpression   { return IdentifierExpression{} }
func T(table string) IdentifierExpression { return IdentifierExpression{} }

func (i IdentifierExpression) Eq(v interface{}) exp.Expression    { return nil }
func (i IdentifierExpression) Gt(v interface{}) exp.Expression    { return nil }
func (i IdentifierExpression) Gte(v interface{}) exp.Expression   { return nil }
func (i IdentifierExpression) Lt(v interface{}) exp.Expression    { return nil }
func (i IdentifierExpression) In(v ...interface{}) exp.Expression { return nil }
func (i IdentifierExpression) Asc() exp.Expression                { return nil }
func (i IdentifierExpression) Desc() exp.Expression               { return nil }

func And(exps ...exp.Expression) exp.Expression { return nil }
func Or(exps ...exp.Expression) exp.Expression  { return nil }

func DoUpdate(target string, update interface{}) exp.ConflictExpression { return nil }
func DoNothing() exp.ConflictExpression                                 { return nil }

type SelectDataset struct{}

func (sd *SelectDataset) Where(expressions ...exp.Expression) *SelectDataset { return sd }
func (sd *SelectDataset) ForUpdate(waitOption exp.WaitOption, of ...IdentifierExpression) *SelectDataset {
	return sd
}
func (sd *SelectDataset) ForShare(waitOption exp.WaitOption, of ...IdentifierExpression) *SelectDataset {
	return sd
}
func (sd *SelectDataset) Order(order ...exp.Expression) *SelectDataset                { return sd }
func (sd *SelectDataset) Limit(limit uint) *SelectDataset                             { return sd }
func (sd *SelectDataset) Select(selects ...interface{}) *SelectDataset                { return sd }
func (sd *SelectDataset) WithDialect(dl string) *SelectDataset                        { return sd }
func (sd *SelectDataset) ToSQL() (string, []interface{}, error)                       { return "", nil, nil }
func (sd *SelectDataset) ScanStructs(i interface{}) error                             { return nil }
func (sd *SelectDataset) ScanStructsContext(ctx context.Context, i interface{}) error { return nil }
func (sd *SelectDataset) ScanStruct(i interface{}) (bool, error)                      { return false, nil }
func (sd *SelectDataset) ScanStructContext(ctx context.Context, i interface{}) (bool, error) {
	return false, nil
}
func (sd *SelectDataset) Count() (int64, error)        { return 0, nil }
func (sd *SelectDataset) Executor() exec.QueryExecutor { return exec.QueryExecutor{} }

type UpdateDataset struct{}

func (ud *UpdateDataset) Set(values interface{}) *UpdateDataset              { return ud }
func (ud *UpdateDataset) Where(expressions ...exp.Expression) *UpdateDataset { return ud }
func (ud *UpdateDataset) ToSQL() (string, []interface{}, error)              { return "", nil, nil }
func (ud *UpdateDataset) Executor() exec.QueryExecutor                       { return exec.QueryExecutor{} }

type InsertDataset struct{}

func (id *InsertDataset) Rows(rows ...interface{}) *InsertDataset                   { return id }
func (id *InsertDataset) OnConflict(conflict exp.ConflictExpression) *InsertDataset { return id }
func (id *InsertDataset) ToSQL() (string, []interface{}, error)                     { return "", nil, nil }
func (id *InsertDataset) Executor() exec.QueryExecutor                              { return exec.QueryExecutor{} }

type DeleteDataset struct{}

func (dd *DeleteDataset) Where(expressions ...exp.Expression) *DeleteDataset { return dd }
func (dd *DeleteDataset) ToSQL() (string, []interface{}, error)              { return "", nil, nil }
func (dd *DeleteDataset) Executor() exec.QueryExecutor                       { return exec.QueryExecutor{} }
