// Package bunpg keeps seats in PostgreSQL with bun: InnoDB's rules say
// nothing about it.
package bunpg

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Seat is a seat in the PostgreSQL schema.
type Seat struct {
	bun.BaseModel `bun:"table:seats"`

	ID     int64 `bun:",pk"`
	Status string
}

// Repo runs statements on PostgreSQL.
type Repo struct{ db *bun.DB }

// New opens the repository with bun's PostgreSQL dialect.
func New(sqldb *sql.DB) *Repo { return &Repo{db: bun.NewDB(sqldb, pgdialect.New())} }

// Free locks free seats on the pool: PostgreSQL's locks, not InnoDB's.
func (r *Repo) Free(ctx context.Context) ([]Seat, error) {
	var seats []Seat
	err := r.db.NewSelect().Model(&seats).Where("status = ?", "free").For("UPDATE").Scan(ctx)
	return seats, err
}
