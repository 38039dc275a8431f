// Package goqupg keeps payouts in PostgreSQL with goqu: InnoDB's rules
// say nothing about it.
package goqupg

import (
	"database/sql"

	"github.com/doug-martin/goqu/v9"
	"github.com/doug-martin/goqu/v9/exp"
)

// Repo runs statements on PostgreSQL.
type Repo struct{ db *goqu.Database }

// New wraps the pool with goqu's PostgreSQL dialect.
func New(db *sql.DB) *Repo { return &Repo{db: goqu.New("postgres", db)} }

// Peek locks payouts by status on the pool.
func (r *Repo) Peek(status string) error {
	var ids []int64
	return r.db.From("payouts").Where(goqu.Ex{"status": status}).ForUpdate(exp.Wait).ScanStructs(&ids)
}
