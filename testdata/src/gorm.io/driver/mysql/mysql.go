// Package mysql is a stub of gorm.io/driver/mysql for locklint's golden
// tests.
package mysql

import "gorm.io/gorm"

type Dialector struct{ DSN string }

func (Dialector) Name() string                       { return "mysql" }
func (Dialector) Initialize(*gorm.DB) error          { return nil }
func (Dialector) Migrator(db *gorm.DB) gorm.Migrator { return nil }

// Open returns the dialector for dsn.
func Open(dsn string) gorm.Dialector { return &Dialector{DSN: dsn} }
