package sqlocks

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// QueueStore runs the builders its methods make through two helpers.
type QueueStore struct {
	db *sql.DB
}

// rows runs a builder on the pool.
func (s *QueueStore) rows(ctx context.Context, b sq.SelectBuilder) (*sql.Rows, error) {
	return b.RunWith(s.db).QueryContext(ctx)
}

// rowsIn runs a builder in the caller's transaction.
func (s *QueueStore) rowsIn(ctx context.Context, tx *sql.Tx, b sq.SelectBuilder) (*sql.Rows, error) {
	return b.RunWith(tx).QueryContext(ctx)
}

// live runs a builder after narrowing it to live rows: what it sends is
// not what its callers built.
func (s *QueueStore) live(ctx context.Context, tx *sql.Tx, b sq.SelectBuilder) (*sql.Rows, error) {
	return b.Where(sq.Eq{"id": 1}).RunWith(tx).QueryContext(ctx)
}

// Peek locks a job on the pool through the helper.
func (s *QueueStore) Peek(ctx context.Context, id int64) (*sql.Rows, error) {
	return s.rows(ctx, sq.Select("id").From("jobs").Where(sq.Eq{"id": id}).Suffix("FOR UPDATE")) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// List reads jobs on the pool through the helper without a lock: silent.
func (s *QueueStore) List(ctx context.Context, worker string) (*sql.Rows, error) {
	return s.rows(ctx, sq.Select("id").From("jobs").Where(sq.Eq{"worker": worker}))
}

// Hold locks the jobs of a worker in a transaction through the helper:
// no index has worker.
func (s *QueueStore) Hold(ctx context.Context, tx *sql.Tx, worker string) (*sql.Rows, error) {
	q := sq.Select("id").From("jobs").Where(sq.Eq{"worker": worker}).Suffix("FOR UPDATE")
	return s.rowsIn(ctx, tx, q) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index`
}

// HoldLive is Hold through the helper that adds a condition on the
// primary key: silent.
func (s *QueueStore) HoldLive(ctx context.Context, tx *sql.Tx, worker string) (*sql.Rows, error) {
	q := sq.Select("id").From("jobs").Where(sq.Eq{"worker": worker}).Suffix("FOR UPDATE")
	return s.live(ctx, tx, q)
}
