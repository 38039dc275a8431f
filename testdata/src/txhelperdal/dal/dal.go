// Package dal is the data-access interface the services and the helpers
// program against; package gormdal implements it.
package dal

// Lock is one table to lock, for writing or for reading.
type Lock struct {
	Table string
	Write bool
}

// Dal runs statements in autocommit mode, or in its transaction.
type Dal interface {
	Exec(query string, args ...any) error
	Begin() Tx
}

// Tx is a transaction that can also lock whole tables.
type Tx interface {
	Dal
	LockTables(locks []Lock) error
	UnlockTables() error
	Commit() error
	Rollback() error
}

// Resources hands out the process's shared objects.
type Resources interface {
	Dal() Dal
}
