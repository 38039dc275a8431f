// Package migration registers its steps from init functions, each with a
// timestamp for ID, the order the runner applies them in.
package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

var steps []*xormigrate.Migration

// Migrate brings the database up to date.
func Migrate(engine *xorm.Engine) error {
	return xormigrate.New(engine, steps).Migrate()
}

// addColumns brings an existing table to a bean that lists only the
// columns a step adds, keeping every index the bean does not name.
func addColumns(engine *xorm.Engine, beans ...interface{}) error {
	_, err := engine.SyncWithOptions(xorm.SyncOptions{IgnoreDropIndices: true, IgnoreConstrains: true}, beans...)
	return err
}

// keepPlainIndexes keeps only the plain indexes the bean does not name.
func keepPlainIndexes(engine *xorm.Engine, beans ...interface{}) error {
	_, err := engine.SyncWithOptions(xorm.SyncOptions{IgnoreDropIndices: true}, beans...)
	return err
}

// syncWith leaves the choice of options to its callers.
func syncWith(engine *xorm.Engine, opts xorm.SyncOptions, beans ...interface{}) error {
	_, err := engine.SyncWithOptions(opts, beans...)
	return err
}

// syncSlice passes a slice of its own, not its caller's beans.
func syncSlice(engine *xorm.Engine, beans []interface{}) error {
	_, err := engine.SyncWithOptions(xorm.SyncOptions{}, beans...)
	return err
}
