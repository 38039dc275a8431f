package sqlocks

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// lockJob locks one job through whatever runner the caller gives: the
// pool or a transaction.
func lockJob(ctx context.Context, run sq.BaseRunner, id int64) (int, error) {
	var status int
	err := sq.Select("status").From("jobs").Where(sq.Eq{"id": id}).Suffix("FOR UPDATE").
		RunWith(run).QueryRowContext(ctx).Scan(&status)
	return status, err
}

// JobService decides what to do with a job.
type JobService struct {
	db *sql.DB
}

// Status locks the job on the pool: the lock ends with the statement.
func (s *JobService) Status(ctx context.Context, id int64) (int, error) {
	return lockJob(ctx, s.db, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// Claim locks the job in a transaction: silent.
func (s *JobService) Claim(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := lockJob(ctx, tx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// TicketStore keeps a builder that runs on its pool.
type TicketStore struct {
	sb sq.StatementBuilderType
}

func NewTicketStore(db *sql.DB) *TicketStore {
	sb := sq.StatementBuilder.RunWith(db)
	return &TicketStore{sb: sb}
}

// Take locks a job through the store's builder: on the pool.
func (s *TicketStore) Take(ctx context.Context, id int64) error {
	var worker string
	return s.sb.Select("worker").From("jobs").Where(sq.Eq{"id": id}).Suffix("FOR UPDATE"). // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sql\.DB\)`
												QueryRowContext(ctx).Scan(&worker)
}

// TakeInTx runs the same statement on the caller's transaction: silent.
func (s *TicketStore) TakeInTx(ctx context.Context, tx *sql.Tx, id int64) error {
	var worker string
	return s.sb.Select("worker").From("jobs").Where(sq.Eq{"id": id}).Suffix("FOR UPDATE").
		RunWith(tx).QueryRowContext(ctx).Scan(&worker)
}

// Reserve locks a job through sq.QueryWith on the pool.
func (s *JobService) Reserve(id int64) (*sql.Rows, error) {
	return sq.QueryWith(s.db, sq.Select("id").From("jobs").Where(sq.Eq{"id": id}).Suffix("FOR UPDATE")) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// Release updates a job through sq.ExecContextWith in a transaction:
// silent.
func (s *JobService) Release(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := sq.ExecContextWith(ctx, tx, sq.Update("jobs").Set("worker", nil).Where(sq.Eq{"id": id}))
	return err
}

// Sweep clears the worker of every job of a worker in a transaction:
// the UPDATE locks every row it scans, with no index on worker.
func (s *JobService) Sweep(ctx context.Context, tx *sql.Tx, worker string) error {
	_, err := sq.ExecContextWith(ctx, tx, sq.Update("jobs").Set("worker", nil).Where(sq.Eq{"worker": worker})) // want `unindexed-lock: UPDATE on jobs can use no index`
	return err
}
