// Package xormigrate is a stub of src.techknowlogick.com/xormigrate for
// locklint's tests: the types a service declares its migrations with,
// with empty bodies.
package xormigrate

import "xorm.io/xorm"

// MigrateFunc runs a step on the engine.
type MigrateFunc func(*xorm.Engine) error

// MigrateFuncSession runs a step on a session the runner opens for it.
type MigrateFuncSession func(*xorm.Session) error

// Migration is one step, and the runner's record of a step it applied:
// a row of its table by ID, which has no index.
type Migration struct {
	ID              string             `xorm:"id"`
	Description     string             `xorm:"-"`
	Long            bool               `xorm:"-"`
	Migrate         MigrateFunc        `xorm:"-"`
	Rollback        MigrateFunc        `xorm:"-"`
	MigrateSession  MigrateFuncSession `xorm:"-"`
	RollbackSession MigrateFuncSession `xorm:"-"`
}

// Xormigrate runs the steps in slice order.
type Xormigrate struct{}

// New returns a runner of the migrations.
func New(db *xorm.Engine, migrations []*Migration) *Xormigrate { return &Xormigrate{} }

// Migrate runs the steps the database has not had.
func (x *Xormigrate) Migrate() error { return nil }
