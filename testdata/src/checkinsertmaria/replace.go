// Package checkinsertmaria is analyzed with -engine=mariadb.
package checkinsertmaria

import (
	"context"
	"database/sql"
)

type Tokens struct {
	db *sql.DB
}

// Rotate replaces a job row by hand.
func (t *Tokens) Rotate(ctx context.Context, id int64, worker string) error {
	tx, err := t.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM jobs WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO jobs (id, status, run_at, worker) VALUES (?, 0, NOW(), ?)", id, worker); err != nil { // want `check-then-insert: INSERT into jobs of the key the DELETE before it removed.*With the row present, MariaDB makes the second transaction wait at its DELETE instead\. Fix`
		return err
	}
	return tx.Commit()
}
