// Package exp is a stub of goqu's expression package.
package exp

// Ex is a map of column to value: equality, IN for a list, IS NULL for nil.
type Ex map[string]interface{}

// Op is a map of operator to value: {"gt": 1}.
type Op map[string]interface{}

// Record is a map of column to value for INSERT and UPDATE.
type Record map[string]interface{}

// Expression is any goqu expression.
type Expression interface{ Expression() Expression }

// WaitOption is what a locking read does when a row is locked.
type WaitOption int

const (
	Wait WaitOption = iota
	NoWait
	SkipLocked
)

// ConflictExpression is an INSERT's conflict action.
type ConflictExpression interface{ Action() int }

func (e Ex) Expression() Expression { return e }
func (o Op) Expression() Expression { return o }
