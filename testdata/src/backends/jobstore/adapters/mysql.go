package adapters

import (
	"context"
	"database/sql"
)

// MySQLAdapter runs the queue on MySQL.
type MySQLAdapter struct{ DB *sql.DB }

func (a *MySQLAdapter) Claim(ctx context.Context, id int64) error {
	_, err := a.DB.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx`
	return err
}

// Pending has no placeholder, but its file's other statements bind ?.
func (a *MySQLAdapter) Pending(ctx context.Context) ([]int64, error) {
	rows, err := a.DB.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE") // want `lock-outside-tx`
	if err != nil {
		return nil, err
	}
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
