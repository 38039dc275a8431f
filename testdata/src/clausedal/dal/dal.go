// Package dal is the data-access interface the services program against:
// statements take clause values built by the constructors below, and a
// transaction is a Store of its own.
package dal

import "database/sql"

// Clause kinds.
const (
	KindFilter = "filter"
	KindTable  = "table"
	KindSort   = "sort"
	KindLock   = "lock"
)

// Clause is one part of a statement.
type Clause struct {
	Kind string
	Data any
}

// Cond is a condition and its arguments.
type Cond struct {
	SQL  string
	Args []any
}

// Filter adds a condition.
func Filter(sql string, args ...any) Clause {
	return Clause{Kind: KindFilter, Data: Cond{sql, args}}
}

// Table names the table, by name or by a model value.
func Table(t any) Clause {
	return Clause{Kind: KindTable, Data: t}
}

// Sort orders the rows.
func Sort(expr string) Clause {
	return Clause{Kind: KindSort, Data: expr}
}

// Locked reads the rows for update, or for share.
func Locked(exclusive bool) Clause {
	return Clause{Kind: KindLock, Data: exclusive}
}

// Store runs statements in autocommit mode, or in its transaction.
type Store interface {
	Get(dst any, cs ...Clause) error
	Remove(model any, cs ...Clause) error
	Set(model any, column string, value any, cs ...Clause) error
	Insert(value any) error
	Begin() Tx
	// Query runs raw SQL.
	Query(query string, args ...any) (*sql.Rows, error)
}

// Tx is a transaction.
type Tx interface {
	Store
	Commit() error
	Rollback() error
}
