// Package gormv1store is a GORM v1 store whose read-modify-write wrapper
// sets the query option FOR UPDATE on the transaction it hands to its
// callbacks when the database is MySQL: every read in those callbacks,
// and in the helpers they pass the transaction to, locks.
package gormv1store

import (
	"context"

	"github.com/jinzhu/gorm"
)

// Store keeps accounts and orders for several SQL dialects.
type Store struct {
	db      *gorm.DB
	dialect string
}

// inTx runs fn in a transaction and commits when it succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	tx := s.db.BeginTx(ctx, nil)
	if err := tx.Error; err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

// forUpdate runs fn in a transaction whose reads lock what they read.
func (s *Store) forUpdate(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.inTx(ctx, func(tx *gorm.DB) error {
		switch s.dialect {
		case "mysql":
			tx = tx.Set("gorm:query_option", "FOR UPDATE")
		case "postgres":
			tx = tx.Set("gorm:query_option", "FOR UPDATE")
		}
		return fn(tx)
	})
}

// forWrite runs fn in a plain transaction: last writer wins.
func (s *Store) forWrite(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.inTx(ctx, fn)
}

// forUpdateOnPool is a near miss: the option is set on the pool, a
// handle the callback never sees.
func (s *Store) forUpdateOnPool(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.inTx(ctx, func(tx *gorm.DB) error {
		locking := s.db.Set("gorm:query_option", "FOR UPDATE")
		_ = locking
		return fn(tx)
	})
}

// forUpdateUndone is a near miss: the option is set, then cleared before
// the callback runs.
func (s *Store) forUpdateUndone(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.inTx(ctx, func(tx *gorm.DB) error {
		tx = tx.Set("gorm:query_option", "FOR UPDATE")
		tx = tx.Set("gorm:query_option", "")
		return fn(tx)
	})
}
