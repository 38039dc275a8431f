// Package helperchain is an account store whose helpers take the handle
// from their callers, through an interface that both the pool and a
// transaction satisfy. A statement is judged where it is; a caller that
// only hands its own handle on knows nothing more of it and is silent,
// while a caller that runs it in a transaction it began is told how long
// the lock lasts there.
package helperchain

import (
	"context"
	"database/sql"
)

// Execer is what the store's helpers need of a handle.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func freezeByStatus(ctx context.Context, q Execer, status string) error {
	_, err := q.ExecContext(ctx, "UPDATE accounts SET status = 'frozen' WHERE status = ?", status) // want `unindexed-lock: UPDATE on accounts can use no index \(no index of accounts starts with status\)`
	return err
}

// FreezeInactive hands its handle on: the same statement, nothing new.
func FreezeInactive(ctx context.Context, q Execer) error {
	return freezeByStatus(ctx, q, "inactive")
}

// FreezeDormant is one more level of the same.
func FreezeDormant(ctx context.Context, q Execer) error {
	if err := FreezeInactive(ctx, q); err != nil {
		return err
	}
	return nil
}

// Store keeps an Execer of unknown origin in a field.
type Store struct {
	q Execer
}

// Freeze passes its field on, which says no more than a parameter.
func (s *Store) Freeze(ctx context.Context) error {
	return FreezeDormant(ctx, s.q)
}

// FreezeAndAudit runs the helper in a transaction it begins: the whole
// table stays locked until the commit, which only this function shows.
func FreezeAndAudit(ctx context.Context, db *sql.DB, note string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := FreezeDormant(ctx, tx); err != nil { // want `unindexed-lock: UPDATE on accounts can use no index .* until the transaction commits or rolls back`
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO orders (customer_id, region, status, created_at, note) VALUES (0, 'eu', 'audit', NOW(), ?)", note); err != nil {
		return err
	}
	return tx.Commit()
}

// FreezeEach runs the helper once per status on the handle it was given:
// the loop changes nothing of what the statement locks each time.
func FreezeEach(ctx context.Context, q Execer, statuses []string) error {
	for _, s := range statuses {
		if err := freezeByStatus(ctx, q, s); err != nil {
			return err
		}
	}
	return nil
}

// Service holds the pool it opened.
type Service struct {
	db *sql.DB
}

// Open opens the service's pool.
func Open(dsn string) (*Service, error) {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return nil, err
	}
	return &Service{db: db}, nil
}

// FreezeNow runs the helper on the pool: the statement autocommits,
// which the helper's finding already says of it.
func (s *Service) FreezeNow(ctx context.Context) error {
	return FreezeDormant(ctx, s.db)
}
