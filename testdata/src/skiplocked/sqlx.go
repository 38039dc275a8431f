package skiplocked

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type job struct {
	ID     int64 `db:"id"`
	Status int   `db:"status"`
}

func sqlxWorker(ctx context.Context, db *sqlx.DB) error {
	for {
		tx, err := db.BeginTxx(ctx, nil)
		if err != nil {
			return err
		}
		var jobs []job
		if err := tx.SelectContext(ctx, &jobs, "SELECT id, status FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE"); err != nil { // want `skip-locked-candidate: this queue poll \(SELECT \.\.\. FOR UPDATE \.\.\. ORDER BY \.\.\. LIMIT\) on jobs runs in a loop`
			tx.Rollback()
			return err
		}
		tx.Commit()
	}
}

// Near misses.

func sqlxWorkerSkipLocked(ctx context.Context, db *sqlx.DB) error {
	for {
		tx := db.MustBeginTx(ctx, nil)
		var jobs []job
		if err := tx.SelectContext(ctx, &jobs, "SELECT id, status FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE SKIP LOCKED"); err != nil {
			tx.Rollback()
			return err
		}
		tx.Commit()
	}
}

// sqlxClaimByID locks rows chosen by the caller, one by one: not a poll
// of the queue's head, which every worker would contend for.
func sqlxClaimByID(db *sqlx.DB, ids []int64) {
	for _, id := range ids {
		tx := db.MustBegin()
		var j job
		tx.Get(&j, "SELECT id, status FROM jobs WHERE id = ? FOR UPDATE", id)
		tx.Commit()
	}
}
