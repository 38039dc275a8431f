// Package gormsteps migrates the order store with gormigrate: each
// migration runs once, by its ID, in the order of the list.
package gormsteps

import (
	"migsteps/shop"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// orderWithStatus is orders with the column the second migration adds.
type orderWithStatus struct {
	ID     int64
	Status string `gorm:"size:16;index"`
}

func (orderWithStatus) TableName() string { return "orders" }

// Migrate runs the migrations a database has not had yet.
func Migrate(db *gorm.DB) error {
	m := gormigrate.New(db, gormigrate.DefaultOptions, []*gormigrate.Migration{
		{
			ID: "202401010000",
			Migrate: func(tx *gorm.DB) error {
				return tx.AutoMigrate(&shop.Order{}, &shop.Customer{})
			},
		},
		{
			ID: "202402010000",
			Migrate: func(tx *gorm.DB) error {
				return tx.AutoMigrate(&orderWithStatus{}) // want `ddl-lock: AutoMigrate \(GORM\) in the migration step migration "202402010000" \(gormigrate\) runs once.*earlier step migration "202401010000" \(gormigrate\) already made orders, it adds with ALTER TABLE on orders`
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropColumn(&orderWithStatus{}, "Status")
			},
		},
		{
			ID: "202403010000",
			Migrate: func(tx *gorm.DB) error {
				return tx.AutoMigrate(&shop.Invoice{}) // a new table
			},
		},
	})
	m.InitSchema(func(tx *gorm.DB) error {
		return tx.AutoMigrate(&shop.Order{}, &shop.Customer{}, &shop.Invoice{})
	})
	return m.Migrate()
}
