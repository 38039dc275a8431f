// Package app starts the service: it opens the database through the
// project's constructor and repairs its schema on that pool.
package app

import (
	"poolctor/dbopen"
	"poolctor/schemafix"
	"poolctor/storage"
)

// Start opens the database and repairs its schema.
func Start(c dbopen.Config) error {
	db, err := storage.New(c)
	if err != nil {
		return err
	}
	if !schemafix.HasPatterns(db) {
		return nil
	}
	schemafix.Repair(db)      // want `ddl-lock: ALTER TABLE jobs \(run by dropLegacyKey at schemafix\.go:45\) needs an exclusive metadata lock on jobs.*It runs on the pool \(\*gorm\.DB\)`
	schemafix.IndexEvents(db) // want `ddl-lock: CREATE INDEX on events \(run by IndexEvents at schemafix\.go:\d+\) needs an exclusive metadata lock on events.*The same call changes event_archive too, with the same wait\. The function changes event_archive once more the same way \(related positions\)\. Fix`
	db.Exec("ALTER TABLE event_archive ADD COLUMN note TEXT")
	schemafix.WatchEvents(db)
	return nil
}
