// Package store changes routes in transactions.
package store

import (
	"gormembed/models"

	"gorm.io/gorm"
)

// Isolate moves every route of a segment, found by a column no index
// holds.
func Isolate(db *gorm.DB, from, to string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&models.Route{}).Where("segment = ?", from).Update("segment", to).Error // want `unindexed-lock: UPDATE on routes can use no index`
	})
}

// Repoint moves the routes of a group, found by idx_route's first
// column.
func Repoint(db *gorm.DB, group string, port int) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&models.Route{}).Where("`group` = ?", group).Update("port", port).Error
	})
}
