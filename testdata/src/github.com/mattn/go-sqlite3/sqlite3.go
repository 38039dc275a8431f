// Package sqlite3 is a stub of github.com/mattn/go-sqlite3 for locklint's
// golden tests.
package sqlite3

import "database/sql/driver"

// Error is an SQLite error.
type Error struct{ Code int }

func (e Error) Error() string { return "sqlite3" }

// SQLiteDriver is the driver a program registers with sql.Register.
type SQLiteDriver struct{}

// Open opens a connection.
func (d *SQLiteDriver) Open(name string) (driver.Conn, error) { return nil, nil }
