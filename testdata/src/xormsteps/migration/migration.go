package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"
)

// steps run in this order, each once.
var steps = []*xormigrate.Migration{
	&gatePrivateProjects,
	&renameKind,
	&addBuildNotes,
	&indexBuildEvents,
	&backfillApproval,
	&dropOrphanBuilds,
	&addProjectTopics,
	&addReleaseNotes,
	&renameProjectOwner,
	&splitProjectLabels,
	&forgetLegacySteps,
	&forgetLegacyBuilds,
}

// Migrate brings the database up to date.
func Migrate(engine *xorm.Engine) error {
	if err := syncAll(engine); err != nil {
		return err
	}
	all := append(steps, legacySteps()...)
	return xormigrate.New(engine, all).Migrate()
}

// legacySteps are written inside a function rather than as variables.
func legacySteps() []*xormigrate.Migration {
	return []*xormigrate.Migration{{
		ID: "drop-build-title-index",
		MigrateSession: func(sess *xorm.Session) error {
			_, err := sess.Exec("DROP INDEX idx_builds_title ON builds") // want `ddl-lock: DROP INDEX on builds needs an exclusive metadata lock`
			return err
		},
	}}
}
