package service

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"entshop/ent"
	"entshop/ent/task"
)

// WithTx runs fn in a transaction of client, the helper ent's
// documentation shows: fn's statements belong to the transaction.
func WithTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if v := recover(); v != nil {
			tx.Rollback()
			panic(v)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = fmt.Errorf("%w: rolling back transaction: %v", err, rerr)
		}
		return err
	}
	return tx.Commit()
}

// Worker claims due tasks.
type Worker struct {
	client *ent.Client
	name   string
}

// Run claims batches until the context ends.
func (w *Worker) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		if err := w.claim(ctx); err != nil { // want `skip-locked-candidate: this queue poll \(SELECT \.\.\. FOR UPDATE \.\.\. ORDER BY \.\.\. LIMIT\) on tasks runs in a loop`
			return err
		}
	}
	return ctx.Err()
}

// claim locks the oldest due tasks: every worker waits on the first
// one's rows.
func (w *Worker) claim(ctx context.Context) error {
	tx, err := w.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ts, err := tx.Task.Query().Where(task.State("due")).Order(task.ByDueAt()).Limit(10).ForUpdate().All(ctx) // want `range-lock: SELECT \.\.\. FOR UPDATE on tasks finds its rows by equality on the non-unique index task_state_due_at`
	if err != nil {
		return err
	}
	for _, t := range ts {
		if err := tx.Task.UpdateOneID(t.ID).SetState("running").SetWorker(w.name).Exec(ctx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// RunSkipping claims batches, skipping the rows other workers hold.
func (w *Worker) RunSkipping(ctx context.Context) error {
	for ctx.Err() == nil {
		if err := w.claimSkipping(ctx); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (w *Worker) claimSkipping(ctx context.Context) error {
	tx, err := w.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	skip := sql.WithLockAction(sql.SkipLocked)
	ts, err := tx.Task.Query().Where(task.State("due")).Order(task.ByDueAt()).Limit(10).ForUpdate(skip).All(ctx) // want `range-lock: SELECT \.\.\. FOR UPDATE on tasks finds its rows by equality on the non-unique index task_state_due_at`
	if err != nil {
		return err
	}
	for _, t := range ts {
		if err := tx.Task.UpdateOneID(t.ID).SetState("running").SetWorker(w.name).Exec(ctx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Swap exchanges the workers of two tasks inside WithTx, locking them in
// the caller's order: two opposite swaps deadlock.
func (w *Worker) Swap(ctx context.Context, a, b int64) error {
	return WithTx(ctx, w.client, func(tx *ent.Tx) error {
		ta, err := tx.Task.Query().Where(task.ID(a)).ForUpdate().All(ctx)
		if err != nil || len(ta) == 0 {
			return err
		}
		tb, err := tx.Task.Query().Where(task.ID(b)).ForUpdate().All(ctx) // want `nested-lock: this transaction already locked a row of tasks \(SELECT \.\.\. FOR UPDATE\) and now locks another`
		if err != nil || len(tb) == 0 {
			return err
		}
		if err := tx.Task.UpdateOneID(a).SetWorker(tb[0].Worker).Exec(ctx); err != nil {
			return err
		}
		return tx.Task.UpdateOneID(b).SetWorker(ta[0].Worker).Exec(ctx)
	})
}

// Release frees one task inside WithTx, by its key: no finding.
func (w *Worker) Release(ctx context.Context, id int64) error {
	return WithTx(ctx, w.client, func(tx *ent.Tx) error {
		if _, err := tx.Task.Query().Where(task.ID(id)).ForUpdate().All(ctx); err != nil {
			return err
		}
		return tx.Task.UpdateOneID(id).SetState("due").SetWorker("").Exec(ctx)
	})
}

// Reassign moves a task to another worker, in a transaction client the
// caller hands it: tx.Client() binds the client to the transaction.
func Reassign(ctx context.Context, client *ent.Client, id int64, worker string) error {
	t, err := client.Task.Query().Where(task.ID(id)).ForUpdate().All(ctx)
	if err != nil || len(t) == 0 {
		return err
	}
	return client.Task.UpdateOneID(id).SetWorker(worker).Exec(ctx)
}

// Handover runs Reassign in a transaction: its lock is held until
// Commit, no finding.
func (w *Worker) Handover(ctx context.Context, id int64, to string) error {
	tx, err := w.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := Reassign(ctx, tx.Client(), id, to); err != nil {
		return err
	}
	return tx.Commit()
}

// ForceReassign runs Reassign on the pool client: its locking read
// autocommits.
func (w *Worker) ForceReassign(ctx context.Context, id int64, to string) error {
	return Reassign(ctx, w.client, id, to) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*ent\.Client\) in autocommit mode`
}
