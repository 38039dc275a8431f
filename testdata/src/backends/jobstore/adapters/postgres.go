package adapters

import (
	"context"
	"database/sql"
	"errors"

	"github.com/lib/pq"
)

// PostgresAdapter runs the queue on PostgreSQL.
type PostgresAdapter struct{ DB *sql.DB }

func (a *PostgresAdapter) Claim(ctx context.Context, id int64) error {
	_, err := a.DB.ExecContext(ctx, "SELECT id FROM jobs WHERE id = $1 FOR UPDATE", id)
	var pe *pq.Error
	if errors.As(err, &pe) && pe.Code == "55P03" {
		return nil // locked by another worker
	}
	return err
}

// Pending has no placeholder: its file says which server runs it.
func (a *PostgresAdapter) Pending(ctx context.Context) ([]int64, error) {
	rows, err := a.DB.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE")
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
