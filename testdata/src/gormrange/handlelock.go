package gormrange

import (
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"gormshop/models"
)

// ReserveOwner builds a locking handle once and hands it to a helper:
// every read the helper makes through it locks.
func ReserveOwner(db *gorm.DB, owner int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		locked := tx.Clauses(clause.Locking{Strength: "UPDATE"})
		_, err := ownerAccounts(locked, owner) // want `range-lock: SELECT \.\.\. FOR UPDATE on accounts finds its rows by equality on the non-unique index idx_owner`
		return err
	})
}

// Near miss: the same helper on the plain transaction handle.
func ListOwner(db *gorm.DB, owner int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		_, err := ownerAccounts(tx, owner)
		return err
	})
}

func ownerAccounts(db *gorm.DB, owner int64) ([]models.Account, error) {
	var accs []models.Account
	err := db.Where("owner_id = ?", owner).Find(&accs).Error
	return accs, err
}
