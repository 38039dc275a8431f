package ledger

import (
	"context"
	"database/sql"
	"testing"
)

// The test begins its own transaction and hands it to the code: the test
// runs alone, so its transaction meets no other, and Move's finding is
// Move's. A transaction the test leaves open is still reported.
func TestMove(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("mysql", "root@/test")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := Move(ctx, tx, 1, 2, 10); err != nil {
		t.Fatal(err)
	}
	for _, id := range frozenIDs(t) {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET frozen = 1 WHERE id = ?", id); err != nil {
			t.Fatal(err)
		}
	}
}

// frozenIDs is the test's data.
func frozenIDs(t *testing.T) []int64 {
	t.Helper()
	return []int64{4, 3}
}

// TestLeak leaves its transaction open on the error path.
func TestLeak(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("mysql", "root@/test")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil) // want `tx-not-closed`
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET frozen = 1 WHERE id = ?", 3); err != nil {
		return
	}
	tx.Commit()
}
