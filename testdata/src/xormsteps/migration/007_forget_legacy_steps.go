package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

// The runner's own record of applied steps has no index, so the DELETE
// scans it; but only runners read and write it, one step at a time at
// start-up: nobody waits.
var forgetLegacySteps = xormigrate.Migration{
	ID: "forget-legacy-steps",
	MigrateSession: func(sess *xorm.Session) error {
		_, err := sess.Table(&xormigrate.Migration{}).In("id", []string{"legacy-1", "legacy-2"}).Delete()
		return err
	},
}

// The same DELETE on a table of the application is reported.
var forgetLegacyBuilds = xormigrate.Migration{
	ID: "forget-legacy-builds",
	MigrateSession: func(sess *xorm.Session) error {
		_, err := sess.Table("builds").In("event", []string{"legacy-1", "legacy-2"}).Delete() // want `unindexed-lock: DELETE on builds can use no index`
		return err
	},
}
