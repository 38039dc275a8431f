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

// Customer is an account seen as the owner of its orders.
type Customer struct {
	ID    int64
	Email string
}

func (Customer) TableName() string { return "accounts" }

// CancelAll loads a customer's orders with GORM v1's Related, which reads
// orders by customer_id: under the wrapper's lock, with no index on
// customer_id.
func (s *Store) CancelAll(ctx context.Context, id int64) error {
	return s.forUpdate(ctx, func(tx *gorm.DB) error {
		c := Customer{ID: id}
		var orders []models.Order
		return tx.Model(&c).Related(&orders).Error // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on orders can use no index`
	})
}

// Near miss: the same association read in the plain transaction.
func (s *Store) OrdersOf(ctx context.Context, id int64) (orders []models.Order, err error) {
	err = s.forWrite(ctx, func(tx *gorm.DB) error {
		c := Customer{ID: id}
		return tx.Model(&c).Related(&orders).Error
	})
	return orders, err
}

// Archive reaches the region read one helper deeper: reported once, at
// the callback that holds the lock, not again inside archiveRegion,
// whose only caller passes it the locking handle.
func (s *Store) Archive(ctx context.Context, region string) error {
	return s.forUpdate(ctx, func(tx *gorm.DB) error {
		return archiveRegion(tx, region) // want `range-lock: SELECT \.\.\. FOR UPDATE on orders`
	})
}

func archiveRegion(tx *gorm.DB, region string) error {
	orders, err := openOrders(tx, region)
	if err != nil || len(orders) == 0 {
		return err
	}
	return tx.Model(&models.Order{}).Where("id = ?", orders[0].ID).Update("status", "archived").Error
}
