// Package sqlite keeps the job queue in a local SQLite file, for
// single-node installs.
package sqlite

import (
	"database/sql"
)

// Store is the SQLite job store.
type Store struct{ db *sql.DB }

// Open opens the database file; the driver is registered by main.
func Open(path string) (*Store, error) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}
