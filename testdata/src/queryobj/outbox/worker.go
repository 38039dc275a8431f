package outbox

import (
	"context"
	"errors"
)

// Worker takes jobs one at a time.
type Worker struct {
	db  Beginner
	out chan int64
}

// Hand locks a job and gives it to the consumer before committing: the
// job's row stays locked until the consumer takes it.
func (w *Worker) Hand(ctx context.Context, id int64) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM outbox_jobs WHERE id = ? FOR UPDATE", id)
	if err != nil {
		return err
	}
	found := rows.Next()
	rows.Close()
	if !found {
		return errors.New("no such job")
	}
	w.out <- id // want `lock-held-blocking: a channel send runs while the transaction holds row locks on outbox_jobs`
	return tx.Commit()
}

// Claim marks a job taken and commits before handing it over: nothing is
// locked while the consumer is waited for.
func (w *Worker) Claim(ctx context.Context, id int64) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE outbox_jobs SET state = 'taken' WHERE id = ?", id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	w.out <- id
	return nil
}

// Done forgets the transaction when the job is already done.
func (w *Worker) Done(ctx context.Context, id int64) error {
	tx, err := w.db.BeginTx(ctx, nil) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 65`
	if err != nil {
		return err
	}
	n, err := tx.ExecContext(ctx, "UPDATE outbox_jobs SET state = 'done' WHERE id = ? AND state <> 'done'", id)
	if err != nil {
		tx.Rollback()
		return err
	}
	if n == 0 {
		return nil
	}
	return tx.Commit()
}
