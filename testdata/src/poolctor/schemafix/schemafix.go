// Package schemafix repairs tables of older releases at start-up, on the
// pool the service opened.
package schemafix

import (
	"context"
	"fmt"

	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// session gives the repairs their own session with table options.
func session(db *gorm.DB, options string) *gorm.DB {
	if options != "" {
		db = db.Set("gorm:table_options", options)
	}
	return db.Session(&gorm.Session{Context: context.Background()})
}

// Repair runs every repair.
func Repair(db *gorm.DB) {
	var options string
	switch db.Dialector.(type) {
	case *mysql.Dialector:
		options = "ENGINE=InnoDB"
	}
	db = session(db, options)
	dropLegacyKey(db)
	widenLegacyID(db)
}

// dropLegacyKey rebuilds the jobs table without its old primary key,
// keeping the id column's type as the server reports it.
func dropLegacyKey(db *gorm.DB) {
	if _, ok := db.Dialector.(*mysql.Dialector); !ok {
		return
	}
	db = db.Session(&gorm.Session{})
	var colType string
	if err := db.Raw("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_NAME = 'jobs' AND COLUMN_NAME = 'id'").Scan(&colType).Error; err != nil {
		return
	}
	_ = db.Exec(fmt.Sprintf("ALTER TABLE jobs MODIFY id %s NOT NULL, DROP PRIMARY KEY", colType)).Error
}

// widenLegacyID widens the id column on PostgreSQL only.
func widenLegacyID(db *gorm.DB) {
	if _, ok := db.Dialector.(*postgres.Dialector); !ok {
		return
	}
	var colType string
	_ = db.Raw("SELECT data_type FROM information_schema.columns WHERE table_name = 'jobs'").Scan(&colType).Error
	_ = db.Exec(fmt.Sprintf("ALTER TABLE jobs ALTER COLUMN id TYPE %s", colType)).Error
}

// HasPatterns tells whether the patterns table exists: it sends no
// statement locklint reads, so the pool passed to it is not known to stay
// with its caller.
func HasPatterns(db *gorm.DB) bool {
	return db.Migrator().HasTable("patterns")
}

// IndexEvents builds the event indexes in the background, on a session
// of its own, so that start-up does not wait for them: the statements
// run on the pool the caller passes, later, beside the caller.
func IndexEvents(db *gorm.DB) {
	db = session(db, "")
	async := db.Session(&gorm.Session{Context: context.Background()})
	go func() {
		_ = async.Exec("CREATE INDEX idx_events_kind ON events (kind)").Error
		indexArchive(async)
	}()
}

// indexArchive adds the archive's indexes, each guarded by a probe.
func indexArchive(db *gorm.DB) {
	for _, idx := range []string{"idx_archive_kind", "idx_archive_at"} {
		if db.Migrator().HasIndex("event_archive", idx) {
			continue
		}
		_ = db.Exec(fmt.Sprintf("ALTER TABLE event_archive ADD INDEX %s (kind)", idx)).Error
	}
}

// WatchEvents starts a goroutine that begins a transaction of its own:
// the goroutine is judged as a function of its own, where it owns the
// connection, and its statements are not WatchEvents' (its callers see
// none of them).
func WatchEvents(db *gorm.DB) {
	go func() {
		tx := db.Begin()
		_ = tx.Exec("CREATE INDEX idx_events_at ON events (created_at)").Error // want `ddl-lock: CREATE INDEX on events needs an exclusive metadata lock on events.*no SET SESSION lock_wait_timeout`
		tx.Commit()
	}()
}
