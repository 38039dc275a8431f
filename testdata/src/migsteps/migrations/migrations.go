// Package migrations brings the schema up to the models when the
// service starts: every start, the same calls.
package migrations

import (
	"migsteps/shop"

	"gorm.io/gorm"
)

// Run migrates every model.
func Run(db *gorm.DB) error {
	if err := db.AutoMigrate(&shop.Order{}, &shop.Customer{}); err != nil {
		return err
	}
	return db.AutoMigrate(&shop.Invoice{})
}

// current names the schema's version for the health endpoint; its Apply
// migrates every model at each start. One versioned type is no runner
// of steps: nothing earlier made the tables it migrates.
type current struct{}

func (current) SchemaVersion() int { return 7 }

func (current) Apply(db *gorm.DB) error {
	return db.AutoMigrate(&shop.Order{}, &shop.Customer{}, &shop.Invoice{})
}

// upgrade migrates the models again after Run: not a versioned step.
func upgrade(db *gorm.DB) error {
	if err := Run(db); err != nil {
		return err
	}
	return db.AutoMigrate(&shop.Order{})
}

var _ = upgrade
