// Package admin holds schema helpers shared by the service's migrations
// and its admin endpoints.
package admin

import (
	"context"
	"database/sql"
	"fmt"
)

// Tables changes tables by name.
type Tables struct{ db *sql.DB }

// New wraps a pool.
func New(db *sql.DB) *Tables { return &Tables{db: db} }

// DropTable drops the table its caller names.
func (t *Tables) DropTable(ctx context.Context, name string) error {
	_, err := t.db.ExecContext(ctx, "DROP TABLE IF EXISTS "+name)
	return err
}

// RenameTable renames a table.
func (t *Tables) RenameTable(ctx context.Context, from, to string) error {
	_, err := t.db.ExecContext(ctx, fmt.Sprintf("RENAME TABLE %s TO %s", from, to))
	return err
}

// Exec runs the statement its caller gives.
func (t *Tables) Exec(ctx context.Context, stmt string) error {
	_, err := t.db.ExecContext(ctx, stmt)
	return err
}

// DropScratch names its table itself: judged here, whoever calls it.
func (t *Tables) DropScratch(ctx context.Context) error {
	_, err := t.db.ExecContext(ctx, "DROP TABLE scratch") // want `ddl-lock: DROP TABLE scratch needs an exclusive metadata lock on scratch`
	return err
}
