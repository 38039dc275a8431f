// Package client declares no model of its own and imports two clients
// that disagree on the users table: which one describes the server's
// table is not known, so nothing is judged unindexed there.
package client

import (
	"ownmodels/sdk"
	"ownmodels/sdk2"

	"gorm.io/gorm"
)

// Describe says which clients the package talks through.
func Describe() string { return sdk.Endpoint + sdk2.Version }

// RenameApp runs the same UPDATE as the store, on a table whose indexes
// are disputed here.
func RenameApp(db *gorm.DB, oldApp, newApp string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Table("users").Where("signup_app = ?", oldApp).Update("signup_app", newApp).Error
	})
}
