// Package postgres is a stub of gorm.io/driver/postgres for locklint's
// golden tests.
package postgres

import "gorm.io/gorm"

type Dialector struct{ DSN string }

func (Dialector) Name() string                       { return "postgres" }
func (Dialector) Initialize(*gorm.DB) error          { return nil }
func (Dialector) Migrator(db *gorm.DB) gorm.Migrator { return nil }

// Open returns the dialector for dsn.
func Open(dsn string) gorm.Dialector { return &Dialector{DSN: dsn} }
