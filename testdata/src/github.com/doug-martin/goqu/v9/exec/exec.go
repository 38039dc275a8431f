// Package exec is a stub of goqu's executor package.
package exec

import (
	"context"
	"database/sql"
)

// QueryExecutor runs a dataset's statement.
type QueryExecutor struct{}

func (q QueryExecutor) Exec() (sql.Result, error)                           { return nil, nil }
func (q QueryExecutor) ExecContext(ctx context.Context) (sql.Result, error) { return nil, nil }
func (q QueryExecutor) ScanStructs(i interface{}) error                     { return nil }
func (q QueryExecutor) ScanStruct(i interface{}) (bool, error)              { return false, nil }
func (q QueryExecutor) ScanStructContext(ctx context.Context, i interface{}) (bool, error) {
	return false, nil
}
