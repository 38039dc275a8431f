package sqtxflow

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// JobRepo reads and changes jobs.
type JobRepo struct{}

func (JobRepo) ids(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Due locks the oldest due jobs.
func (r JobRepo) Due(ctx context.Context, tx *sql.Tx, limit uint64) ([]int64, error) {
	q, args, err := sq.Select("id").From("jobs").Where(sq.Eq{"status": 0}).
		OrderBy("run_at").Limit(limit).Suffix("FOR UPDATE").ToSql()
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return r.ids(rows)
}

// DueSkipping locks the oldest due jobs that no other worker holds.
func (r JobRepo) DueSkipping(ctx context.Context, tx *sql.Tx, limit uint64) ([]int64, error) {
	rows, err := sq.Select("id").From("jobs").Where(sq.Eq{"status": 0}).
		OrderBy("run_at").Limit(limit).Suffix("FOR UPDATE SKIP LOCKED").
		RunWith(tx).QueryContext(ctx)
	if err != nil {
		return nil, err
	}
	return r.ids(rows)
}

// Start marks a locked job as running.
func (JobRepo) Start(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := sq.Update("jobs").Set("status", 1).Where(sq.Eq{"id": id}).RunWith(tx).ExecContext(ctx)
	return err
}
