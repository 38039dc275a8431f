package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

type invoice20240101000000 struct {
	ID       int64  `xorm:"pk autoincr 'id'"`
	Customer int64  `xorm:"index 'customer'"`
	Number   string `xorm:"unique 'number'"`
}

func (invoice20240101000000) TableName() string { return "invoices" }

// The first step to name invoices creates it: nothing waits.
func init() {
	steps = append(steps, &xormigrate.Migration{
		ID: "20240101000000",
		Migrate: func(engine *xorm.Engine) error {
			return addColumns(engine, invoice20240101000000{})
		},
	})
}
