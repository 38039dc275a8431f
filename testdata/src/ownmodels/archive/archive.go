// Package archive declares its own users model beside the store's, in
// the same module, with more columns but without one the store's names:
// two models of the project disagree, so which one is the table is not
// known and nothing is judged unindexed there.
package archive

import (
	"ownmodels/store"

	"gorm.io/gorm"
)

// User is the archive's idea of the users table.
type User struct {
	ID         int64
	Email      string `gorm:"uniqueIndex"`
	SignupApp  string
	ArchivedAt int64
	Note       string
}

// Live is the store's model.
type Live = store.User

// ArchiveApp stamps every user of an application.
func ArchiveApp(db *gorm.DB, app string, at int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&User{}).Where("signup_app = ?", app).Update("archived_at", at).Error
	})
}
