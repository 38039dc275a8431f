// Package gormpg keeps jobs in PostgreSQL through GORM.
package gormpg

import (
	"context"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Job is one queued job.
type Job struct {
	ID     int64
	Status int
	Worker string
}

// Peek opens its own pool and locks a job on it.
func Peek(ctx context.Context, dsn string, id int64) (*Job, error) {
	db, err := gorm.Open(postgres.Open(dsn), &gorm.Config{})
	if err != nil {
		return nil, err
	}
	var j Job
	err = db.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).First(&j, id).Error
	return &j, err
}
