// Package catalog keeps the order store's gormigrate migrations as
// package-level variables, listed in order in catalog.go.
package catalog

import (
	"migsteps/shop"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// orderWithChannel is orders with the column the second step adds.
type orderWithChannel struct {
	ID      int64
	Channel string `gorm:"size:16"`
}

func (orderWithChannel) TableName() string { return "orders" }

var createOrders = gormigrate.Migration{
	ID: "create-orders",
	Migrate: func(tx *gorm.DB) error {
		return tx.AutoMigrate(&shop.Order{})
	},
}

var addOrderChannel = &gormigrate.Migration{
	ID: "add-order-channel",
	Migrate: func(tx *gorm.DB) error {
		return tx.AutoMigrate(&orderWithChannel{}) // want `ddl-lock: AutoMigrate \(GORM\) in the migration step migration "add-order-channel" \(gormigrate\) runs once.*earlier step migration "create-orders" \(gormigrate\) already made orders`
	},
	Rollback: func(tx *gorm.DB) error {
		return tx.Migrator().DropColumn(&orderWithChannel{}, "Channel")
	},
}

var createInvoices = gormigrate.Migration{
	ID: "create-invoices",
	Migrate: func(tx *gorm.DB) error {
		return tx.AutoMigrate(&shop.Invoice{}) // a new table
	},
}
