package gormv1

import (
	"github.com/jinzhu/gorm"

	"gormshop/models"
)

// Registry creates accounts on first use.
type Registry struct{ db *gorm.DB }

// Ensure locks the account by e-mail and creates it when RecordNotFound
// says it is missing: two callers with a new address share the gap lock
// and deadlock on their INSERTs.
func (r *Registry) Ensure(email string) error {
	tx := r.db.Begin()
	defer tx.RollbackUnlessCommitted()
	var acc models.Account
	q := tx.Set("gorm:query_option", "FOR UPDATE").Where("email = ?", email).First(&acc)
	if q.RecordNotFound() {
		if err := tx.Create(&models.Account{Email: email}).Error; err != nil { // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE`
			return err
		}
	}
	return tx.Commit().Error
}

// Near miss: the same lookup by e-mail, but nothing tests for a missing
// row: an existing row is locked by record only, and the INSERT adds
// another table's row.
func (r *Registry) Touch(email string) error {
	tx := r.db.Begin()
	defer tx.RollbackUnlessCommitted()
	var acc models.Account
	if err := tx.Set("gorm:query_option", "FOR UPDATE").Where("email = ?", email).First(&acc).Error; err != nil {
		return err
	}
	if err := tx.Create(&models.Order{CustomerID: acc.ID}).Error; err != nil {
		return err
	}
	return tx.Commit().Error
}
