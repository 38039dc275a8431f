// Package storage hands out the service's stores.
package storage

import (
	"poolctor/dbopen"

	"gorm.io/gorm"
)

// New opens the database, with its own session when asked.
func New(c dbopen.Config) (*gorm.DB, error) {
	db, err := dbopen.Open(c)
	if err != nil {
		return nil, err
	}
	if c.Debug {
		db = db.Session(&gorm.Session{})
	}
	return db, nil
}
