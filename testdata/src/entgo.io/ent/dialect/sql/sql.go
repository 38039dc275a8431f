// Package sql is a stub of entgo.io/ent/dialect/sql.
package sql

// Selector builds a SELECT.
type Selector struct{}

func (s *Selector) ForUpdate(opts ...LockOption) *Selector { return s }
func (s *Selector) ForShare(opts ...LockOption) *Selector  { return s }

// LockAction is NOWAIT or SKIP LOCKED.
type LockAction string

const (
	NoWait     LockAction = "NOWAIT"
	SkipLocked LockAction = "SKIP LOCKED"
)

// LockOptions configure a lock clause.
type LockOptions struct {
	Action LockAction
	Tables []string
}

// LockOption sets a LockOptions field.
type LockOption func(*LockOptions)

func WithLockAction(action LockAction) LockOption { return func(o *LockOptions) { o.Action = action } }
func WithLockTables(tables ...string) LockOption  { return func(o *LockOptions) { o.Tables = tables } }
func WithLockClause(clause string) LockOption     { return func(*LockOptions) {} }

// Predicate helpers the generated where.go calls.
func FieldEQ(name string, v any) func(*Selector)                { return func(*Selector) {} }
func FieldGT(name string, v any) func(*Selector)                { return func(*Selector) {} }
func FieldIn[T any](name string, vs ...T) func(*Selector)       { return func(*Selector) {} }
func AndPredicates[P ~func(*Selector)](ps ...P) func(*Selector) { return func(*Selector) {} }
func OrPredicates[P ~func(*Selector)](ps ...P) func(*Selector)  { return func(*Selector) {} }

// OrderFieldTerm orders by a field.
func OrderByField(field string) func(*Selector) { return func(*Selector) {} }

// Driver wraps a database/sql pool.
type Driver struct{}

// Open opens a driver.
func Open(driver, source string) (*Driver, error) { return &Driver{}, nil }
