// Package steps is a migration step that declares the few columns of
// users it touches, beside the store whose model describes the whole
// table: the step's struct is not the table, so the store's indexes are
// not replaced by its lack of them.
package steps

import (
	"ownmodels/store"

	"gorm.io/gorm"
)

// User is the step's view of users: its id and name only.
type User struct {
	ID   int64 `gorm:"primaryKey"`
	Name string
}

// Tables are the store's tables the step needs to exist.
var Tables = []any{&store.User{}}

// TrimNames rewrites one name, found by the store's indexed column.
func TrimNames(db *gorm.DB, name string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&User{}).Where("name = ?", name).Update("name", name).Error
	})
}
