package relay

import (
	"context"
	"database/sql"
)

// Replay reads a group's events again at READ COMMITTED: its plain read
// takes no locks at that level, and the cursor it reads is not locked.
func (s *Subscriber) Replay(ctx context.Context, topic string) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT pos, payload FROM relay_orders WHERE pos > (SELECT COALESCE((SELECT pos FROM relay_cursors_orders WHERE grp = ?), 0)) ORDER BY pos LIMIT 100", s.group)
	if err != nil {
		return err
	}
	var last int64
	for rows.Next() {
		var payload []byte
		if err := rows.Scan(&last, &payload); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, "INSERT INTO relay_cursors_orders (grp, pos) VALUES (?, ?) ON DUPLICATE KEY UPDATE pos = VALUES(pos)", s.group, last); err != nil {
		return err
	}
	return tx.Commit()
}

// Backlog counts a group's pending events outside any transaction: at
// SERIALIZABLE an autocommit plain read is still a consistent read.
func Backlog(ctx context.Context, db *sql.DB, from int64) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM relay_orders WHERE pos > ?", from).Scan(&n)
	return n, err
}

// Seek reads one event by its key in the poll's SERIALIZABLE transaction:
// a point read locks the one record, no range.
func (s *Subscriber) Seek(ctx context.Context, pos int64) ([]byte, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT payload FROM relay_orders WHERE pos = ?", pos)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var payload []byte
	for rows.Next() {
		if err := rows.Scan(&payload); err != nil {
			return nil, err
		}
	}
	return payload, tx.Commit()
}
