// Package gormbind updates the rows a request names, one by one, in the
// request's order.
package gormbind

import (
	"errors"

	"gormshop/models"

	"gorm.io/gorm"
)

type Binding struct {
	OwnerID int64
	Email   string
}

type Service struct{ db *gorm.DB }

// Rebind updates each named account in the order the request lists them:
// two requests naming the same accounts in different orders deadlock.
func (s *Service) Rebind(req []Binding) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		for _, b := range req {
			var acc models.Account
			err := tx.Where("owner_id = ? AND email = ?", b.OwnerID, b.Email).First(&acc).Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if err := tx.Model(&acc).Updates(map[string]any{"status": "bound"}).Error; err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop`
				return err
			}
		}
		return nil
	})
}

// Near miss: the rows come from one query ordered by key, run before the
// loop, so every caller updates them in the same order.
func (s *Service) BindAll(ownerID int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Where("owner_id = ?", ownerID).Order("id").Find(&accs).Error; err != nil {
			return err
		}
		for _, acc := range accs {
			if err := tx.Model(&acc).Updates(map[string]any{"status": "bound"}).Error; err != nil {
				return err
			}
		}
		return nil
	})
}
