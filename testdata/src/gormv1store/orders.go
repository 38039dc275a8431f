package gormv1store

import (
	"context"

	"github.com/jinzhu/gorm"

	"gormshop/models"
)

// Reprice reads a region's open orders through a helper: under the
// wrapper's lock that is a locking read of a range of a non-unique index.
func (s *Store) Reprice(ctx context.Context, region string) error {
	return s.forUpdate(ctx, func(tx *gorm.DB) error {
		_, err := openOrders(tx, region) // want `range-lock: SELECT \.\.\. FOR UPDATE on orders`
		return err
	})
}

// Near miss: the same helper in the plain transaction reads without a
// lock.
func (s *Store) OpenOrders(ctx context.Context, region string) (orders []models.Order, err error) {
	err = s.forWrite(ctx, func(tx *gorm.DB) error {
		orders, err = openOrders(tx, region)
		return err
	})
	return orders, err
}

func openOrders(tx *gorm.DB, region string) ([]models.Order, error) {
	var orders []models.Order
	err := tx.Where("region = ?", region).Where("status = ?", "open").Find(&orders).Error
	return orders, err
}
