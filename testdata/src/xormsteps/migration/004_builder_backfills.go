package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/builder"
	"xorm.io/xorm"
)

// Backfills written with xorm's statement builder, which Exec renders.
var backfillApproval = xormigrate.Migration{
	ID: "backfill-approval",
	MigrateSession: func(sess *xorm.Session) error {
		// visibility has no index: every project row is locked while the
		// statement scans.
		if _, err := sess.Exec(builder.Update(builder.Eq{"gated": true}).From("projects").Where(builder.Eq{"visibility": "private"})); err != nil { // want `unindexed-lock: UPDATE on projects can use no index`
			return err
		}
		// By the unique name: one row.
		if _, err := sess.Exec(builder.Update(builder.Eq{"gated": false}).From("projects").Where(builder.Eq{"name": "public-docs"})); err != nil {
			return err
		}
		// By the project_id index, with a second condition ORed in: the
		// OR's other side, source, has no index.
		_, err := sess.Exec(builder.Delete(builder.Eq{"project_id": 0}).From("builds").Or(builder.Eq{"source": ""})) // want `unindexed-lock: DELETE on builds can use no index`
		return err
	},
}

// The same DELETE by the indexed column alone.
var dropOrphanBuilds = xormigrate.Migration{
	ID: "drop-orphan-builds",
	MigrateSession: func(sess *xorm.Session) error {
		_, err := sess.Exec(builder.Delete(builder.Eq{"project_id": 0}).From("builds"))
		return err
	},
}
