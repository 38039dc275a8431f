// Package gormigrate is a stand-in for github.com/go-gormigrate/gormigrate/v2:
// the types and functions the test packages use.
package gormigrate

import "gorm.io/gorm"

type MigrateFunc func(*gorm.DB) error
type RollbackFunc func(*gorm.DB) error
type InitSchemaFunc func(*gorm.DB) error

type Options struct {
	TableName      string
	IDColumnName   string
	UseTransaction bool
}

var DefaultOptions = &Options{TableName: "migrations", IDColumnName: "id"}

type Migration struct {
	ID       string
	Migrate  MigrateFunc
	Rollback RollbackFunc
}

type Gormigrate struct{}

func New(db *gorm.DB, options *Options, migrations []*Migration) *Gormigrate { return &Gormigrate{} }
func (g *Gormigrate) InitSchema(initSchema InitSchemaFunc)                   {}
func (g *Gormigrate) Migrate() error                                         { return nil }
