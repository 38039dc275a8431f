package gormv1store

import (
	"context"

	"github.com/jinzhu/gorm"

	"gormshop/models"
)

// Enroll creates the account when the helper finds none. Under the
// wrapper the helper's lookup by e-mail is a locking read: for a new
// address two callers share the gap lock and deadlock on their INSERTs.
func (s *Store) Enroll(ctx context.Context, email string) error {
	return s.forUpdate(ctx, func(tx *gorm.DB) error {
		return ensureAccount(tx, email) // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE`
	})
}

// Onboard reaches the same helper one call deeper.
func (s *Store) Onboard(ctx context.Context, email string) error {
	return s.forUpdate(ctx, func(tx *gorm.DB) error {
		return onboard(tx, email) // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE`
	})
}

func onboard(tx *gorm.DB, email string) error {
	if err := ensureOwner(tx, email); err != nil {
		return err
	}
	return tx.Create(&models.Order{Region: "eu", Status: "welcome"}).Error
}

// ensureAccount looks the address up and creates the account when it is
// missing.
func ensureAccount(tx *gorm.DB, email string) error {
	var a models.Account
	res := tx.Where("email = ?", email).First(&a)
	if res.RecordNotFound() {
		return createAccount(tx, email)
	}
	return res.Error
}

// ensureOwner does the same, testing the error with GORM v1's
// IsRecordNotFoundError.
func ensureOwner(tx *gorm.DB, email string) error {
	var a models.Account
	err := tx.Where("email = ?", email).First(&a).Error
	if gorm.IsRecordNotFoundError(err) {
		return createAccount(tx, email)
	}
	return err
}

func createAccount(tx *gorm.DB, email string) error {
	return tx.Create(&models.Account{Email: email, Status: "new"}).Error
}

// Near miss: the same helper in the plain transaction, whose lookup
// takes no lock.
func (s *Store) Register(ctx context.Context, email string) error {
	return s.forWrite(ctx, func(tx *gorm.DB) error {
		return ensureAccount(tx, email)
	})
}

// Near miss: the helper reads the account by its unique address and
// fails when it is missing, so the INSERT after it only runs for an
// existing row, locked by record.
func (s *Store) Alias(ctx context.Context, email string) error {
	return s.forUpdate(ctx, func(tx *gorm.DB) error {
		return aliasAccount(tx, email)
	})
}

func aliasAccount(tx *gorm.DB, email string) error {
	var a models.Account
	if err := tx.Where("email = ?", email).First(&a).Error; err != nil {
		return err
	}
	return tx.Create(&models.Account{Email: a.Email + ".alias", Status: "alias"}).Error
}
