package accounts

import (
	"context"
	"database/sql"
	"testing"
)

// Calling the code under test repeats none of its findings: they belong
// where the statement is written.
func TestFreeze(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("mysql", "root@/test")
	if err != nil {
		t.Fatal(err)
	}
	s := New(db)
	if err := s.Freeze(ctx, "frozen"); err != nil {
		t.Fatal(err)
	}
	if err := s.Freeze(ctx, "closed"); err != nil {
		t.Fatal(err)
	}
}

// A statement the test writes itself is the test's own, and no second
// session meets it: quiet unless test code is checked too.
func TestExec(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("mysql", "root@/test")
	if err != nil {
		t.Fatal(err)
	}
	s := New(db)
	if err := s.Exec(ctx, "DELETE FROM accounts WHERE status = ?", "gone"); err != nil {
		t.Fatal(err)
	}
}
