package lostupdate

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// JobArchive retires jobs in bulk with statements built from a base
// argument list.
type JobArchive struct {
	db *sql.DB
}

// Retire finds the jobs still due with a plain read, then stamps them: the
// values it sets are the current time and the caller's worker name, and
// the ids read only choose the rows. Nothing read is written back.
func (a *JobArchive) Retire(ctx context.Context, worker string, before time.Time) error {
	rows, err := a.db.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 1 AND run_at < ?", before)
	if err != nil {
		return err
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	_, err = a.db.ExecContext(ctx, "UPDATE jobs SET run_at = ?, worker = ? WHERE id IN ("+in+")", append([]any{time.Now(), worker}, ids...)...)
	return err
}

// Postpone moves a job's run time by a delay computed from the time it
// read: a concurrent reschedule between the two is overwritten.
func (a *JobArchive) Postpone(ctx context.Context, id int64, by time.Duration) error {
	var runAt time.Time
	if err := a.db.QueryRowContext(ctx, "SELECT run_at FROM jobs WHERE id = ?", id).Scan(&runAt); err != nil {
		return err
	}
	_, err := a.db.ExecContext(ctx, "UPDATE jobs SET run_at = ? WHERE id = ?", append([]any{runAt.Add(by)}, id)...) // want `lost-update: UPDATE of jobs sets run_at from a value read`
	return err
}
