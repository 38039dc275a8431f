// Package mysqlstore is the MySQL plugin of a persistence layer. A store
// runs every statement on conn(): its transaction when it has one, the
// handle's current pool otherwise.
package mysqlstore

import (
	"context"
	"database/sql"

	"handles/reconnect/conns"
)

// Store is the plugin's database, or one of its transactions.
type Store struct {
	handle *conns.Handle
	legacy *conns.Legacy
	chosen *conns.Chooser
	tx     *sql.Tx
}

// New is the store on the pool.
func New(h *conns.Handle) *Store { return &Store{handle: h} }

func (s *Store) conn() conns.Conn {
	if s.tx != nil {
		return s.tx
	}
	return s.handle.Conn()
}

// exec and get are the wrappers every query goes through.
func (s *Store) exec(ctx context.Context, query string, args ...any) error {
	_, err := s.conn().ExecContext(ctx, query, args...)
	return err
}

func (s *Store) get(ctx context.Context, query string, args ...any) *sql.Row {
	return s.conn().QueryRowContext(ctx, query, args...)
}

// BeginTx is a store on a new transaction.
func (s *Store) BeginTx(ctx context.Context) (*Store, error) {
	db, err := s.handle.DB()
	if err != nil {
		return nil, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Store{handle: s.handle, tx: tx}, nil
}

// Commit ends the store's transaction.
func (s *Store) Commit() error { return s.tx.Commit() }

// LastJobForUpdate locks the newest job of a worker: worker has no index,
// so the read locks its way through the whole table, on the transaction or
// the pool alike.
func (s *Store) LastJobForUpdate(ctx context.Context, worker string) (int64, error) {
	var id int64
	err := s.get(ctx, "SELECT MAX(id) FROM jobs WHERE worker = ? FOR UPDATE", worker).Scan(&id) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index`
	return id, err
}

// LockJob locks one job by its primary key: nothing to say.
func (s *Store) LockJob(ctx context.Context, id int64) error {
	return s.get(ctx, "SELECT status FROM jobs WHERE id = ? FOR UPDATE", id).Err()
}

// ReleaseWorker clears a worker's jobs with no index to find them.
func (s *Store) ReleaseWorker(ctx context.Context, worker string) error {
	return s.exec(ctx, "UPDATE jobs SET worker = NULL WHERE worker = ?", worker) // want `unindexed-lock: UPDATE on jobs can use no index`
}

// PoolLock locks straight on the handle's pool: the lock ends with the
// statement.
func (s *Store) PoolLock(ctx context.Context, id int64) error {
	return s.handle.Conn().QueryRowContext(ctx, "SELECT status FROM jobs WHERE id = ? FOR UPDATE", id).Err() // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// LegacyLock does the same through a pool kept in an atomic.Value.
func (s *Store) LegacyLock(ctx context.Context, id int64) error {
	return s.legacy.Conn().QueryRowContext(ctx, "SELECT status FROM jobs WHERE id = ? FOR UPDATE", id).Err() // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// ChosenLock runs on whatever the chooser holds: it may be a transaction,
// so nothing is said.
func (s *Store) ChosenLock(ctx context.Context, id int64) error {
	return s.chosen.Conn().QueryRowContext(ctx, "SELECT status FROM jobs WHERE id = ? FOR UPDATE", id).Err()
}
