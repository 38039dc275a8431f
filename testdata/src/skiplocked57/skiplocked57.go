// Package skiplocked57 is analyzed with -engine=mysql57.
package skiplocked57

import "database/sql"

func f(db *sql.DB) {
	tx, _ := db.Begin()
	tx.Query("SELECT id FROM jobs WHERE status = 0 ORDER BY run_at LIMIT 10 FOR UPDATE SKIP LOCKED") // want `skip-locked-candidate: SKIP LOCKED is not supported by mysql57`
	tx.Query("SELECT id FROM jobs WHERE id = 1 FOR UPDATE NOWAIT")                                   // want `skip-locked-candidate: NOWAIT is not supported by mysql57`
	tx.Query("SELECT id FROM jobs WHERE id = 1 FOR SHARE")                                           // want `skip-locked-candidate: FOR SHARE is a syntax error \(1064\) on mysql57`
	tx.Query("SELECT id FROM jobs WHERE id = 1 LOCK IN SHARE MODE")
	tx.Query("SELECT id FROM jobs WHERE id = 1 FOR UPDATE")
	tx.Commit()
}
