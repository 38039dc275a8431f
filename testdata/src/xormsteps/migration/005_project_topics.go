package migration

import (
	"src.techknowlogick.com/xormigrate"
	"xorm.io/xorm"

	"xormsteps/model"
)

// projects exists on every database that had the first step, which
// synced it: adding a column to it is an ALTER TABLE of a live table.
var addProjectTopics = xormigrate.Migration{
	ID: "add-project-topics",
	MigrateSession: func(sess *xorm.Session) error {
		type projects struct {
			Topics string `xorm:"'topics'"`
		}
		return sess.Sync(new(projects)) // want `ddl-lock: Sync \(xorm\) in the migration step migration "add-project-topics" \(xormigrate\) runs once, at the deploy that brings a database past that step, while instances of the old version may still serve: on a database where the earlier step migration "gate-private-projects" \(xormigrate\) already made projects, it adds with ALTER TABLE on projects the columns and indexes the bean declares that the table lacks, and drops every index of the table that the bean does not declare \(a bean listing only the step's columns drops them all\)\. That needs an exclusive metadata lock on projects.*Fix: give the migration's connections a short wait with the DSN parameter lock_wait_timeout=5`
	},
}

// A table no earlier step made: Sync creates it, and nothing waits.
var addReleaseNotes = xormigrate.Migration{
	ID: "add-release-notes",
	MigrateSession: func(sess *xorm.Session) error {
		type releaseNotes struct {
			ID   int64  `xorm:"pk autoincr 'id'"`
			Body string `xorm:"'body'"`
		}
		return sess.Sync(new(releaseNotes))
	},
}

// syncAll brings every table to its model at each start: where schema
// changes belong, and silent.
func syncAll(engine *xorm.Engine) error {
	return engine.Sync(new(project), new(model.Build))
}
