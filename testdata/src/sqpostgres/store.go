// Package sqpostgres builds its statements with squirrel's Dollar
// placeholders, for PostgreSQL: InnoDB rules do not apply, whatever the
// statements lock.
package sqpostgres

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

// Store is a job store on PostgreSQL.
type Store struct {
	db *sql.DB
}

// Lock locks jobs by status on the pool: on PostgreSQL, not judged.
func (s *Store) Lock(ctx context.Context, status int) error {
	_, err := psql.Select("id").From("jobs").Where(sq.Eq{"worker": status}).Suffix("FOR UPDATE").
		RunWith(s.db).QueryContext(ctx)
	return err
}

// LockText is Lock through ToSql: the text has $1 placeholders.
func (s *Store) LockText(ctx context.Context, tx *sql.Tx, worker string) error {
	q, args, err := sq.Select("id").From("jobs").Where(sq.Eq{"worker": worker}).Suffix("FOR UPDATE").
		PlaceholderFormat(sq.Dollar).ToSql()
	if err != nil {
		return err
	}
	_, err = tx.QueryContext(ctx, q, args...)
	return err
}
