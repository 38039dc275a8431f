// Package gormledger is a GORM service: models loaded under a lock are
// saved, updated and deleted through the same value.
package gormledger

import (
	"errors"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type Service struct {
	db *gorm.DB
}

var forUpdate = clause.Locking{Strength: "UPDATE"}

// Charge loads the account under a lock, checks it and saves it.
func (s *Service) Charge(email string, amount int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var acc models.Account
		if err := tx.Clauses(forUpdate).Where("email = ?", email).First(&acc).Error; err != nil {
			return err
		}
		if acc.Balance < amount {
			return errors.New("insufficient funds")
		}
		acc.Balance -= amount
		if err := tx.Save(&acc).Error; err != nil {
			return err
		}
		return tx.Model(&acc).Update("version", gorm.Expr("version + 1")).Error
	})
}

// Close locks the account by id and deletes it.
func (s *Service) Close(id int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var acc models.Account
		if err := tx.Clauses(forUpdate).First(&acc, id).Error; err != nil {
			return err
		}
		if acc.Balance != 0 {
			return errors.New("account not empty")
		}
		return tx.Delete(&acc).Error
	})
}

// Release locks the running jobs of a worker and frees the rows it read.
func (s *Service) Release(worker string) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var jobs []models.Job
		if err := tx.Clauses(forUpdate).Where("worker = ?", worker).Find(&jobs).Error; err != nil {
			return err
		}
		ids := make([]int64, 0, len(jobs))
		for _, j := range jobs {
			ids = append(ids, j.ID)
		}
		return tx.Model(&models.Job{}).Where("id IN ?", ids).Update("status", 0).Error
	})
}

// Swap loads two accounts, each under its own lock, in argument order.
func (s *Service) Swap(a, b int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var x, y models.Account
		if err := tx.Clauses(forUpdate).First(&x, a).Error; err != nil {
			return err
		}
		if err := tx.Clauses(forUpdate).First(&y, b).Error; err != nil { // want `nested-lock: this transaction already locked a row of accounts`
			return err
		}
		x.OwnerID, y.OwnerID = y.OwnerID, x.OwnerID
		if err := tx.Save(&x).Error; err != nil {
			return err
		}
		return tx.Save(&y).Error
	})
}
