// Package versioned upgrades the order store's schema with numbered
// scripts: the runner records the last version a database has had and
// runs each later script once, at the deploy that brings it, while the
// instances of the old version keep serving.
package versioned

import (
	"migsteps/shop"

	"gorm.io/gorm"
)

// Script is one numbered schema change.
type Script interface {
	Version() uint64
	Name() string
	Up(db *gorm.DB) error
}

// All lists the scripts in the order they run.
func All() []Script {
	return []Script{&createTables{}, &addOrderNote{}, &addInvoices{}, &addCustomerName{}, &dropOrderTotal{}}
}

// createTables makes the first tables, on an empty database.
type createTables struct{}

func (*createTables) Version() uint64 { return 20240101000001 }
func (*createTables) Name() string    { return "create tables" }

func (*createTables) Up(db *gorm.DB) error {
	return db.AutoMigrate(&shop.Order{}, &shop.Customer{})
}

// order20240201 is the orders table as the next script leaves it.
type order20240201 struct {
	ID   int64
	Note string
}

func (order20240201) TableName() string { return "orders" }

// addOrderNote adds a column to a table the first script made.
type addOrderNote struct{}

func (*addOrderNote) Version() uint64 { return 20240201000001 }
func (*addOrderNote) Name() string    { return "add orders.note" }

func (*addOrderNote) Up(db *gorm.DB) error {
	return db.AutoMigrate(&order20240201{}) // want `ddl-lock: AutoMigrate \(GORM\) in the migration step addOrderNote\.Up runs once, at the deploy that brings a database past that step, while instances of the old version may still serve: on a database where the earlier step createTables\.Up already made orders, it adds with ALTER TABLE on orders the model's columns the table lacks, changes those whose type differs, and creates the indexes it lacks\. That needs an exclusive metadata lock on orders: .* for up to lock_wait_timeout .*Fix: run it on one connection after .SET SESSION lock_wait_timeout = 5.`
}

// addInvoices makes a new table: nothing is there to wait for.
type addInvoices struct{}

func (*addInvoices) Version() uint64 { return 20240301000001 }
func (*addInvoices) Name() string    { return "add invoices" }

func (*addInvoices) Up(db *gorm.DB) error {
	return db.AutoMigrate(&shop.Invoice{})
}

// addCustomerName changes customers through the migrator, after a new
// table of its own.
type addCustomerName struct{}

func (*addCustomerName) Version() uint64 { return 20240401000001 }
func (*addCustomerName) Name() string    { return "add customers.name" }

func (s *addCustomerName) Up(db *gorm.DB) error {
	if err := db.Migrator().AddColumn(&shop.Customer{}, "Name"); err != nil { // want `ddl-lock: Migrator\(\)\.AddColumn \(GORM\) in the migration step addCustomerName\.Up .*earlier step createTables\.Up already made customers, it sends ALTER TABLE customers\. That needs an exclusive metadata lock on customers`
		return err
	}
	return nil
}

// dropOrderTotal drops a column of the table the earlier scripts made,
// and migrates the invoices the third one made.
type dropOrderTotal struct{}

func (*dropOrderTotal) Version() uint64 { return 20240501000001 }
func (*dropOrderTotal) Name() string    { return "drop orders.total" }

func (*dropOrderTotal) Up(db *gorm.DB) error {
	if err := db.Migrator().DropColumn(&shop.Order{}, "Total"); err != nil { // want `ddl-lock: Migrator\(\)\.DropColumn \(GORM\) in the migration step dropOrderTotal\.Up .*earlier step createTables\.Up already made orders`
		return err
	}
	return db.AutoMigrate(&shop.Invoice{}) // want `ddl-lock: AutoMigrate \(GORM\) in the migration step dropOrderTotal\.Up .*earlier step addInvoices\.Up already made invoices`
}

// Migrate brings every table up to the models at each start, apart from
// the scripts: it has no version, and usually changes nothing.
func Migrate(db *gorm.DB) error {
	return db.AutoMigrate(&shop.Order{}, &shop.Customer{}, &shop.Invoice{})
}

// plugin has a version that is not a number: a release, not a step.
type plugin struct{}

func (plugin) Version() string { return "1.2.0" }

func (plugin) Setup(db *gorm.DB) error { return db.AutoMigrate(&shop.Order{}) }
