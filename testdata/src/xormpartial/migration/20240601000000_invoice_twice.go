package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

type invoiceTax20240601000000 struct {
	Tax int64 `xorm:"'tax'"`
}

func (invoiceTax20240601000000) TableName() string { return "invoices" }

type invoiceCurrency20240601000000 struct {
	Currency string `xorm:"'currency'"`
}

func (invoiceCurrency20240601000000) TableName() string { return "invoices" }

// Two changes of one table in one step: one finding, the second change
// its related position.
func init() {
	steps = append(steps, &xormigrate.Migration{
		ID: "20240601000000",
		Migrate: func(engine *xorm.Engine) error {
			if err := addColumns(engine, invoiceTax20240601000000{}); err != nil { // want `ddl-lock: SyncWithOptions \(xorm\) \(run by addColumns at migration.go:20\) in the migration step migration "20240601000000"`
				return err
			}
			return addColumns(engine, invoiceCurrency20240601000000{})
		},
	})
}
