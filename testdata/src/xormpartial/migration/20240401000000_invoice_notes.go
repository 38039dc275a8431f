package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

type invoice20240401000000 struct {
	Note string `xorm:"'note'"`
}

func (invoice20240401000000) TableName() string { return "invoices" }

type payment20240401000000 struct {
	ID      int64 `xorm:"pk autoincr 'id'"`
	Invoice int64 `xorm:"index 'invoice'"`
}

func (payment20240401000000) TableName() string { return "payments" }

// IgnoreDropIndices alone: the unique number index goes.
func init() {
	steps = append(steps, &xormigrate.Migration{
		ID: "20240401000000",
		Migrate: func(engine *xorm.Engine) error {
			if err := keepPlainIndexes(engine, invoice20240401000000{}); err != nil { // want `ddl-lock: SyncWithOptions \(xorm\) \(run by keepPlainIndexes at migration.go:26\) .* and drops every unique index of the table that the bean does not declare \(IgnoreDropIndices keeps only the plain ones\)\..*Fix: .*SyncWithOptions\(xorm.SyncOptions\{IgnoreDropIndices: true, IgnoreConstrains: true\}\)`
				return err
			}
			// payments is new here: created, nothing waits.
			return addColumns(engine, payment20240401000000{})
		},
	})
}
