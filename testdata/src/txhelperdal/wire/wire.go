// Package wire builds the process's resources on the GORM
// implementation, so that services and helpers see only package dal.
package wire

import (
	"gorm.io/gorm"

	"txhelperdal/dal"
	"txhelperdal/dal/gormdal"
)

type resources struct{ d dal.Dal }

func (r *resources) Dal() dal.Dal { return r.d }

// Open returns the resources on the pool.
func Open(db *gorm.DB) dal.Resources { return &resources{gormdal.New(db, "mysql")} }
