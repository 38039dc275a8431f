package mysql

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// The tests run the store's queries on an in-memory SQLite database: this
// file talks to SQLite, whatever the package does.
func openTestDB(t *testing.T) *sql.DB {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func resetWorker(t *testing.T, db *sql.DB, worker string) {
	if _, err := db.ExecContext(context.Background(), "UPDATE jobs SET status = 0 WHERE worker = ?", worker); err != nil {
		t.Fatal(err)
	}
}

func TestClaim(t *testing.T) {
	db := openTestDB(t)
	resetWorker(t, db, "w1")
	if err := New(db).Claim(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
}
