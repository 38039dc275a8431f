package skiplocked

import (
	"context"
	"database/sql"
	"time"
)

func worker(ctx context.Context, db *sql.DB) {
	for {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return
		}
		rows, _ := tx.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE") // want `skip-locked-candidate: this queue poll \(SELECT \.\.\. FOR UPDATE \.\.\. ORDER BY \.\.\. LIMIT\) on jobs runs in a loop without SKIP LOCKED or NOWAIT`
		rows.Close()
		tx.Commit()
	}
}

func ticker(ctx context.Context, db *sql.DB, t *time.Ticker) {
	for range t.C {
		pollOnce(ctx, db) // want `skip-locked-candidate: this queue poll`
	}
}

// pollOnce is not in a loop itself; its caller polls with it.
func pollOnce(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	claim(ctx, tx)
	return tx.Commit()
}

func claim(ctx context.Context, tx *sql.Tx) {
	tx.QueryRowContext(ctx, "SELECT id FROM jobs WHERE status = ? ORDER BY id LIMIT 1 FOR UPDATE", 0)
}

func shareLockPoll(db *sql.DB, n int) {
	for i := 0; i < n; i++ {
		tx, _ := db.Begin()
		tx.Query("SELECT id FROM orders WHERE status = 'new' ORDER BY created_at LIMIT 5 LOCK IN SHARE MODE") // want `skip-locked-candidate`
		tx.Commit()
	}
}

// Near misses.

func withSkipLocked(ctx context.Context, db *sql.DB) {
	for {
		tx, _ := db.BeginTx(ctx, nil)
		tx.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE SKIP LOCKED")
		tx.Commit()
	}
}

func withNoWait(ctx context.Context, db *sql.DB) {
	for {
		tx, _ := db.BeginTx(ctx, nil)
		tx.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE NOWAIT")
		tx.Commit()
	}
}

func notInLoop(ctx context.Context, db *sql.DB) {
	tx, _ := db.BeginTx(ctx, nil)
	tx.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE")
	tx.Commit()
}

func byPrimaryKey(db *sql.DB, ids []int64) {
	for _, id := range ids {
		tx, _ := db.Begin()
		tx.QueryRow("SELECT id FROM jobs WHERE id = ? ORDER BY id LIMIT 1 FOR UPDATE", id)
		tx.Commit()
	}
}

func noLimit(db *sql.DB) {
	for {
		tx, _ := db.Begin()
		tx.Query("SELECT id FROM jobs WHERE status = 0 ORDER BY run_at FOR UPDATE")
		tx.Commit()
	}
}

func plainPoll(db *sql.DB) {
	for {
		db.Query("SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10")
	}
}
