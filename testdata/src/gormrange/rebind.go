package gormrange

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"gormshop/models"
)

// OwnerAccounts rebinds the callback's transaction to a context first:
// WithContext returns a handle on the same transaction.
func OwnerAccounts(ctx context.Context, db *gorm.DB, owner int64) ([]models.Account, error) {
	var accs []models.Account
	err := db.Transaction(func(tx *gorm.DB) error {
		tx = tx.WithContext(ctx)
		return tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("owner_id = ?", owner).Find(&accs).Error // want `range-lock: SELECT \.\.\. FOR UPDATE on accounts finds its rows by equality on the non-unique index idx_owner`
	})
	return accs, err
}
