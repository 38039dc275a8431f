package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

var gatePrivateProjects = xormigrate.Migration{
	ID: "gate-private-projects",
	MigrateSession: func(sess *xorm.Session) error {
		type projects struct {
			Gated bool `xorm:"'gated'"`
		}
		if err := sess.Sync(new(projects)); err != nil {
			return err
		}
		_, err := sess.Exec("UPDATE projects SET gated = ? WHERE visibility = ?", true, "private") // want `unindexed-lock: UPDATE on projects can use no index`
		return err
	},
}
