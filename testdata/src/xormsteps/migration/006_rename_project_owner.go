package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

// The step syncs a bean of the one column it renames next, so that the
// rename finds it. The rename is an ALTER TABLE of projects whatever the
// table holds; what Sync sends depends on the table at this step. Both
// are the step's changes of projects without a short wait: one finding,
// at the rename, with the Sync as a related position.
var renameProjectOwner = xormigrate.Migration{
	ID: "rename-project-owner",
	MigrateSession: func(sess *xorm.Session) error {
		type projects struct {
			Owner string `xorm:"'owner'"`
		}
		if err := sess.Sync(new(projects)); err != nil {
			return err
		}
		return renameColumn(sess, "projects", "owner", "owner_login") // want `ddl-lock: ALTER TABLE projects \(run by renameColumn at common.go:\d+\) needs an exclusive metadata lock on projects`
	},
}

// A Sync of two tables stays a finding of its own: the step's DDL
// changes only one of them.
var splitProjectLabels = xormigrate.Migration{
	ID: "split-project-labels",
	MigrateSession: func(sess *xorm.Session) error {
		type projects struct {
			Labels string `xorm:"'labels'"`
		}
		type builds struct {
			Labels string `xorm:"'labels'"`
		}
		if err := sess.Sync(new(projects), new(builds)); err != nil { // want `ddl-lock: Sync \(xorm\) in the migration step migration "split-project-labels" \(xormigrate\)`
			return err
		}
		return renameColumn(sess, "projects", "labels", "label_list") // want `ddl-lock: ALTER TABLE projects \(run by renameColumn at common.go:\d+\)`
	},
}
