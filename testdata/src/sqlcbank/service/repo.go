package service

import (
	"context"
	"database/sql"

	"sqlcbank/db"
)

// Repo is a repository whose Queries run on the pool or, in the copy
// InTx returns, on a transaction: which one a method uses depends on the
// copy it is called on.
type Repo struct {
	q *db.Queries
}

// NewRepo returns a repository on the pool.
func NewRepo(pool *sql.DB) *Repo { return &Repo{q: db.New(pool)} }

// InTx returns a copy of the repository that runs in tx.
func (r *Repo) InTx(tx *sql.Tx) *Repo { return &Repo{q: db.New(tx)} }

// Lock locks a ledger on whatever the copy runs on: neither the pool nor
// a transaction for sure, so no finding here.
func (r *Repo) Lock(ctx context.Context, id int64) (db.Ledger, error) {
	return r.q.GetLedgerForUpdate(ctx, id)
}
