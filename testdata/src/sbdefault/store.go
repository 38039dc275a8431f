// Package sbdefault sets go-sqlbuilder's default flavor to PostgreSQL:
// builders made without a flavor are not MySQL's.
package sbdefault

import (
	"context"
	"database/sql"

	_ "github.com/go-sql-driver/mysql"
	"github.com/huandu/go-sqlbuilder"
)

func init() { sqlbuilder.DefaultFlavor = sqlbuilder.PostgreSQL }

// Reassign would lock every job by worker on MySQL.
func Reassign(ctx context.Context, tx *sql.Tx, from, to string) error {
	ub := sqlbuilder.NewUpdateBuilder()
	ub.Update("jobs").Set(ub.Assign("worker", to))
	ub.Where(ub.Equal("worker", from))
	q, args := ub.Build()
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// ReassignMySQL names MySQL's flavor itself.
func ReassignMySQL(ctx context.Context, tx *sql.Tx, from, to string) error {
	ub := sqlbuilder.MySQL.NewUpdateBuilder()
	ub.Update("jobs").Set(ub.Assign("worker", to))
	ub.Where(ub.Equal("worker", from))
	q, args := ub.Build()
	_, err := tx.ExecContext(ctx, q, args...) // want `unindexed-lock: UPDATE on jobs can use no index`
	return err
}
