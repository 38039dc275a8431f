// Package gormrepo books tickets with GORM v2 (the real gorm.io/gorm).
package gormrepo

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Reserve gives a free seat of an event to holder.
func Reserve(ctx context.Context, db *gorm.DB, event int64, holder string) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var t Ticket
		err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).
			Where("event_id = ? AND status = ?", event, "free").
			Take(&t).Error
		if err != nil {
			return err
		}
		return tx.Model(&t).Updates(map[string]interface{}{"holder": holder, "status": "held"}).Error
	})
}

// Release frees every seat holder has.
func Release(ctx context.Context, db *gorm.DB, holder string) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		q := tx.Model(&Ticket{})
		q = q.Where("holder = ?", holder)
		return q.Update("status", "free").Error
	})
}

// Balance reads an account's balance "under lock", the GORM v1 way.
func Balance(ctx context.Context, db *gorm.DB, id int64) (int64, error) {
	var a Account
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Set("gorm:query_option", "FOR UPDATE").First(&a, id).Error
	})
	return a.Balance, err
}

// Peek locks an account on the pool.
func Peek(d gorm.Dialector, id int64) (Account, error) {
	var a Account
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return a, err
	}
	err = db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error
	return a, err
}
