package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

type invoice20240301000000 struct {
	DueAt int64 `xorm:"'due_at'"`
}

func (invoice20240301000000) TableName() string { return "invoices" }

// invoices exists on every database from before this step: the helper's
// SyncWithOptions alters it, and keeps its indexes.
func init() {
	steps = append(steps, &xormigrate.Migration{
		ID: "20240301000000",
		Migrate: func(engine *xorm.Engine) error {
			return addColumns(engine, invoice20240301000000{}) // want `ddl-lock: SyncWithOptions \(xorm\) \(run by addColumns at migration.go:20\) in the migration step migration "20240301000000" \(xormigrate\) runs once, at the deploy that brings a database past that step, while instances of the old version may still serve: on a database where the earlier step migration "20240101000000" \(xormigrate\) already made invoices, it adds with ALTER TABLE on invoices the columns and indexes the bean declares that the table lacks, and keeps the indexes the bean does not declare\. That needs an exclusive metadata lock on invoices.*Fix: give the migration's connections a short wait with the DSN parameter lock_wait_timeout=5 \(go-sql-driver/mysql sets it on every connection it opens\), retrying on error 1205; or run`
		},
	})
}
