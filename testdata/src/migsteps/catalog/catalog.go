package catalog

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Upgrade runs the steps a database has not had yet, in this order.
func Upgrade(db *gorm.DB) error {
	return gormigrate.New(db, gormigrate.DefaultOptions, []*gormigrate.Migration{
		&createOrders,
		addOrderChannel,
		&createInvoices,
	}).Migrate()
}
