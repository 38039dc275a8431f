// Package sqmysql is sqpostgres with squirrel's Question placeholders,
// the MySQL format: the same statements are judged.
package sqmysql

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

var mysql = sq.StatementBuilder.PlaceholderFormat(sq.Question)

// Store is a job store on MySQL.
type Store struct {
	db *sql.DB
}

// Lock locks jobs by worker on the pool.
func (s *Store) Lock(ctx context.Context, worker string) error {
	_, err := mysql.Select("id").From("jobs").Where(sq.Eq{"worker": worker}).Suffix("FOR UPDATE"). // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
													RunWith(s.db).QueryContext(ctx)
	return err
}

// LockText locks jobs by worker in a transaction: no index has worker.
func (s *Store) LockText(ctx context.Context, tx *sql.Tx, worker string) error {
	q, args, err := sq.Select("id").From("jobs").Where(sq.Eq{"worker": worker}).Suffix("FOR UPDATE").
		PlaceholderFormat(sq.Question).ToSql()
	if err != nil {
		return err
	}
	_, err = tx.QueryContext(ctx, q, args...) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index`
	return err
}
