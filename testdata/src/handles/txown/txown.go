// Package txown is a persistence layer that hands its transactions to
// wrappers and closes them through helpers: who owns each transaction
// decides whether a path that does not close it leaks it.
package txown

import (
	"context"
	"database/sql"
	"errors"
	"log"
)

// DB runs statements on a pool or a transaction.
type DB struct {
	q    querier
	tx   *sql.Tx
	name string
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func newDB(q querier) *DB { return &DB{q: q} }

// Store owns the pool.
type Store struct {
	pool *sql.DB
	log  *log.Logger
}

// Begin returns a DB running in a new transaction: the caller commits it.
func (s *Store) Begin(ctx context.Context) (*DB, error) {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return newDB(tx), nil
}

// BeginWrapped returns the transaction in a wrapper the caller closes.
func (s *Store) BeginWrapped(ctx context.Context) (*DB, error) {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	d := newDB(tx)
	d.tx = tx
	return d, nil
}

// deferDo runs commit when *errp is nil, else rollback.
func deferDo(errp *error, commit, rollback func()) {
	if *errp != nil {
		rollback()
		return
	}
	commit()
}

// logOnError calls fn and logs what it returns.
func logOnError(ctx context.Context, fn func() error) {
	if err := fn(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		log.Printf("rollback: %v", err)
	}
}

// Rename closes the transaction through closures given to a deferred
// helper.
func (s *Store) Rename(ctx context.Context, id int64, name string) (err error) {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer deferDo(&err, func() { err = tx.Commit() }, func() { tx.Rollback() })
	_, err = tx.ExecContext(ctx, "UPDATE accounts SET status = ? WHERE id = ?", name, id)
	return err
}

// Archive rolls back through a method value given to a deferred helper.
func (s *Store) Archive(ctx context.Context, id int64) error {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer logOnError(ctx, tx.Rollback)
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'archived' WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// Close rolls back only when the named err is set: the early `return
// nil` below skips Commit and leaves the transaction open.
func (s *Store) Close(ctx context.Context, id int64, dryRun bool) (err error) {
	tx, err := s.pool.BeginTx(ctx, nil) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 109`
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if _, err = tx.ExecContext(ctx, "UPDATE accounts SET status = 'closed' WHERE id = ?", id); err != nil {
		return err
	}
	if dryRun {
		return nil
	}
	return tx.Commit()
}

// CloseAll has the same deferred rollback, and every path that does not
// fail commits: nothing to report.
func (s *Store) CloseAll(ctx context.Context, owner int64) (err error) {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if _, err = tx.ExecContext(ctx, "UPDATE accounts SET status = 'closed' WHERE owner_id = ?", owner); err != nil {
		return err
	}
	return tx.Commit()
}

// Touch checks a nil transaction after a Begin that succeeded: that
// branch cannot run.
func (s *Store) Touch(ctx context.Context, id int64) error {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if tx == nil {
		return errors.New("no transaction")
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET version = version + 1 WHERE id = ?", id); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Scratch builds a wrapper on its transaction and keeps it here: the
// early return leaks it.
func (s *Store) Scratch(ctx context.Context, id int64, skip bool) error {
	tx, err := s.pool.BeginTx(ctx, nil) // want `tx-not-closed`
	if err != nil {
		return err
	}
	d := newDB(tx)
	if skip {
		return nil
	}
	if _, err := d.q.ExecContext(ctx, "UPDATE accounts SET version = 0 WHERE id = ?", id); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// withTx runs fn in a transaction on db.
func withTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// WithTx runs fn in a transaction on the store's pool.
func (s *Store) WithTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return withTx(ctx, s.pool, fn)
}

// newNamed builds the wrapper in a local before returning it.
func newNamed(q querier, name string) *DB {
	d := &DB{q: q}
	d.name = name
	return d
}

// BeginNamed returns a named DB running in a new transaction: the caller
// commits it.
func (s *Store) BeginNamed(ctx context.Context, name string) (*DB, error) {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return newNamed(tx, name), nil
}
