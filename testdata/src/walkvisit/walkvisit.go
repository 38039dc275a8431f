// Package walkvisit runs statements in callbacks handed to interface
// methods, inside its transactions.
package walkvisit

import (
	"context"
	"database/sql"

	"walkvisit/tree"
)

// Remote walks somewhere no implementation in sight says: nothing here
// has both its methods.
type Remote interface {
	Walk(ctx context.Context, roots []int64, visit func(level []int64, depth int) error) error
	Endpoint() string
}

// Hold marks the accounts of each level of the tree, one level after
// the other, in the transaction: the only Walker calls the callback once
// per level, so the UPDATE runs again for each level's first account.
func Hold(ctx context.Context, db *sql.DB, w tree.Walker, roots []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := w.Walk(ctx, roots, func(level []int64, depth int) error {
		first := level[0]
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'held' WHERE id = ?", first) // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop`
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// Settle debits one account, then credits another in an operation the
// only Doer runs at once: both in the transaction.
func Settle(ctx context.Context, db *sql.DB, d tree.Doer, from, to int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", from); err != nil {
		return err
	}
	if err := d.Do(func() error {
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", to) // want `nested-lock: this transaction already locked a row of accounts`
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// Queued hands the callback to a Scheduler that keeps it: the UPDATE
// does not run in this transaction.
func Queued(ctx context.Context, db *sql.DB, s tree.Scheduler, from int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", from); err != nil {
		return err
	}
	if err := s.Each(func(ids []int64) error {
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", ids[0])
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// Batched hands the callback to a Batcher, one of whose implementations
// never calls it: whether it runs depends on which one is passed.
func Batched(ctx context.Context, db *sql.DB, b tree.Batcher, from int64, ids []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", from); err != nil {
		return err
	}
	if err := b.Batches(ids, func(batch []int64) error {
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", batch[0])
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// Far walks through an interface with no implementation in sight.
func Far(ctx context.Context, db *sql.DB, r Remote, from int64, roots []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", from); err != nil {
		return err
	}
	if err := r.Walk(ctx, roots, func(level []int64, depth int) error {
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", level[0])
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// Paged marks the first account of each page: one Pager runs the
// callback once per page, the other only fails, and then nothing runs.
func Paged(ctx context.Context, db *sql.DB, p tree.Pager, ids []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := p.Pages(ids, func(page []int64) error {
		first := page[0]
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'held' WHERE id = ?", first) // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop`
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// Listed hands the callback to a Lister one of whose implementations
// returns a stored error, nil or not, without calling it.
func Listed(ctx context.Context, db *sql.DB, l tree.Lister, from int64, ids []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", from); err != nil {
		return err
	}
	if err := l.List(ids, func(page []int64) error {
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", page[0])
		return err
	}); err != nil {
		return err
	}
	return tx.Commit()
}
