package gormv1store

import (
	"context"

	"github.com/jinzhu/gorm"

	"gormshop/models"
)

// Accounts by status: the wrapper's lock makes the read a locking read
// of a column with no index.
func (s *Store) CloseDormant(ctx context.Context, status string) error {
	return s.forUpdate(ctx, func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Where("status = ?", status).Find(&accs).Error; err != nil { // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on accounts can use no index`
			return err
		}
		return nil
	})
}

// Near misses: the same read in the plain transaction, under the wrapper
// that sets the option on the pool, and under the one that clears it.
func (s *Store) ListDormant(ctx context.Context, status string) error {
	read := func(tx *gorm.DB) error {
		var accs []models.Account
		return tx.Where("status = ?", status).Find(&accs).Error
	}
	if err := s.forWrite(ctx, func(tx *gorm.DB) error {
		var accs []models.Account
		return tx.Where("status = ?", status).Find(&accs).Error
	}); err != nil {
		return err
	}
	if err := s.forUpdateOnPool(ctx, func(tx *gorm.DB) error {
		var accs []models.Account
		return tx.Where("status = ?", status).Find(&accs).Error
	}); err != nil {
		return err
	}
	_ = read
	return s.forUpdateUndone(ctx, func(tx *gorm.DB) error {
		var accs []models.Account
		return tx.Where("status = ?", status).Find(&accs).Error
	})
}

// A plain read on the pool: no lock, whatever the wrappers do.
func (s *Store) CountDormant(status string) (int, error) {
	var n int
	err := s.db.Model(&models.Account{}).Where("status = ?", status).Count(&n).Error
	return n, err
}

// Deposit reads the account and writes its balance back in the
// read-modify-write wrapper's callback: the read locks, no lost update.
func (s *Store) Deposit(ctx context.Context, id, amount int64) error {
	return s.forUpdate(ctx, func(tx *gorm.DB) error {
		return addToBalance(tx, id, amount)
	})
}

// addToBalance is called only with the wrapper's locking handle.
func addToBalance(tx *gorm.DB, id, amount int64) error {
	var a models.Account
	if err := tx.Find(&a, "id = ?", id).Error; err != nil {
		return err
	}
	a.Balance += amount
	return tx.Save(&a).Error
}

// Withdraw runs the same helper shape from the locking wrapper and from
// the plain one: whether its read locks depends on the caller, so the
// helper is not judged on its own.
func (s *Store) Withdraw(ctx context.Context, id, amount int64) error {
	if err := s.forUpdate(ctx, func(tx *gorm.DB) error {
		return takeFromBalance(tx, id, amount)
	}); err != nil {
		return err
	}
	return s.forWrite(ctx, func(tx *gorm.DB) error {
		return takeFromBalance(tx, id, amount)
	})
}

func takeFromBalance(tx *gorm.DB, id, amount int64) error {
	var a models.Account
	if err := tx.Find(&a, "id = ?", id).Error; err != nil {
		return err
	}
	a.Balance -= amount
	return tx.Save(&a).Error
}

// Refund runs its helper in the plain transaction only: the read takes
// no lock and the write puts back what it read.
func (s *Store) Refund(ctx context.Context, id, amount int64) error {
	return s.forWrite(ctx, func(tx *gorm.DB) error {
		return refundBalance(tx, id, amount)
	})
}

func refundBalance(tx *gorm.DB, id, amount int64) error {
	var a models.Account
	if err := tx.Find(&a, "id = ?", id).Error; err != nil {
		return err
	}
	a.Balance += amount
	return tx.Save(&a).Error // want `lost-update: UPDATE of accounts writes`
}

// Suspend reads through a handle it locks itself on MySQL only: the
// dialect switch does not make the statement's conditions unknown.
func (s *Store) Suspend(tx *gorm.DB, status string) error {
	if s.dialect == "mysql" {
		tx = tx.Set("gorm:query_option", "FOR UPDATE")
	}
	var accs []models.Account
	return tx.Where("status = ?", status).Find(&accs).Error // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on accounts can use no index`
}
