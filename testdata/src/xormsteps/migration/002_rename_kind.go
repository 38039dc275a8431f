package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

var renameKind = xormigrate.Migration{
	ID:          "rename-kind",
	Description: "builds.kind becomes builds.source",
	MigrateSession: func(sess *xorm.Session) error {
		if err := renameColumn(sess, "builds", "kind", "source"); err != nil { // want `ddl-lock: ALTER TABLE builds \(run by renameColumn at common.go:\d+\) needs an exclusive metadata lock.*The function changes builds once more the same way`
			return err
		}
		if err := setColumnDefault(sess, "builds", "source", "''"); err != nil { // the same wait on builds again: a related position
			return err
		}
		_, err := sess.Exec("UPDATE builds SET source = 'push' WHERE id = ?", 1)
		return err
	},
}
