// Package wire chooses the dal implementation, so that the services
// depend on the interface alone.
package wire

import (
	"gorm.io/gorm"

	"clausedal/dal"
	"clausedal/dal/gormdal"
)

// Open returns the store on the pool.
func Open(db *gorm.DB) dal.Store { return gormdal.New(db) }
