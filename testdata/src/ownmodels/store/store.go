// Package store declares the users table beside the queries that use it
// (and migrates it), while it also imports an API client whose User type
// names the same table with other indexes: the store's own model is the
// table its statements mean.
package store

import (
	"ownmodels/sdk"

	"gorm.io/gorm"
)

// User is the table the store creates.
type User struct {
	ID        int64
	Name      string `gorm:"index"`
	Email     string `gorm:"uniqueIndex"`
	SignupApp string
}

// Source names the client the users came from.
var Source = sdk.Endpoint

// Migrate creates the store's tables.
func Migrate(db *gorm.DB) error { return db.AutoMigrate(&User{}) }

// RenameApp moves every user of an application to its new name.
func RenameApp(db *gorm.DB, oldApp, newApp string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&User{}).Where("signup_app = ?", oldApp).Update("signup_app", newApp).Error // want `unindexed-lock: UPDATE on users can use no index`
	})
}

// SetName renames one user found by email, which the store's model
// indexes uniquely.
func SetName(db *gorm.DB, email, name string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&User{}).Where("email = ?", email).Update("name", name).Error
	})
}
