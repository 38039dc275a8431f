package sqtxflow

import (
	"context"
	"database/sql"
	"time"
)

// Worker claims jobs from the jobs table.
type Worker struct {
	db   *sql.DB
	jobs *JobRepo
}

// Run polls for due jobs; each poll locks the oldest ones.
func (w *Worker) Run(ctx context.Context) {
	for ctx.Err() == nil {
		w.claim(ctx) // want `skip-locked-candidate: this queue poll \(SELECT \.\.\. FOR UPDATE \.\.\. ORDER BY \.\.\. LIMIT\) on jobs runs in a loop without SKIP LOCKED or NOWAIT`
		time.Sleep(time.Second)
	}
}

func (w *Worker) claim(ctx context.Context) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ids, err := w.jobs.Due(ctx, tx, 10)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := w.jobs.Start(ctx, tx, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// RunSkipping polls with SKIP LOCKED: workers pass each other.
func (w *Worker) RunSkipping(ctx context.Context) {
	for ctx.Err() == nil {
		tx, err := w.db.BeginTx(ctx, nil)
		if err != nil {
			return
		}
		w.jobs.DueSkipping(ctx, tx, 10)
		tx.Commit()
	}
}
