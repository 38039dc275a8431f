package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

// A new table: nothing queries it yet, so nothing waits for it.
var addBuildNotes = xormigrate.Migration{
	ID: "add-build-notes",
	MigrateSession: func(sess *xorm.Session) error {
		_, err := sess.Exec("CREATE TABLE build_notes (id BIGINT NOT NULL PRIMARY KEY, build_id BIGINT NOT NULL, body TEXT)")
		return err
	},
}

// On the engine the runner passes: the pool.
var indexBuildEvents = xormigrate.Migration{
	ID: "index-build-events",
	Migrate: func(engine *xorm.Engine) error {
		_, err := engine.Exec("CREATE INDEX idx_builds_event ON builds (event)") // want `ddl-lock: CREATE INDEX on builds needs an exclusive metadata lock`
		return err
	},
}
