package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

type invoice20240501000000 struct {
	Paid bool `xorm:"'paid'"`
}

func (invoice20240501000000) TableName() string { return "invoices" }

type payment20240501000000 struct {
	Method string `xorm:"'method'"`
}

func (payment20240501000000) TableName() string { return "payments" }

// Options the step chooses at run time: what is dropped is not known, and
// the message does not claim it. Plain Sync on the engine drops every
// undeclared index.
func init() {
	steps = append(steps, &xormigrate.Migration{
		ID: "20240501000000",
		Migrate: func(engine *xorm.Engine) error {
			opts := xorm.SyncOptions{IgnoreDropIndices: engine != nil}
			if err := syncWith(engine, opts, invoice20240501000000{}); err != nil { // want `ddl-lock: SyncWithOptions \(xorm\) \(run by syncWith at migration.go:32\) .* and, as its options say, may drop indexes of the table that the bean does not declare\.`
				return err
			}
			if err := engine.Sync(payment20240501000000{}); err != nil { // want `ddl-lock: Sync \(xorm\) in the migration step migration "20240501000000" .* already made payments, .* and drops every index of the table that the bean does not declare`
				return err
			}
			// A slice the helper builds itself names no bean here.
			return syncSlice(engine, []interface{}{invoice20240501000000{}})
		},
	})
}
