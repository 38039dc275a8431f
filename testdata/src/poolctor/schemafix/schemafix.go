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
