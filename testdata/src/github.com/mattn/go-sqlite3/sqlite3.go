// Package sqlite3 is a stub of github.com/mattn/go-sqlite3 for locklint's
// golden tests.
package sqlite3

// Error is an SQLite error.
type Error struct{ Code int }

func (e Error) Error() string { return "sqlite3" }
