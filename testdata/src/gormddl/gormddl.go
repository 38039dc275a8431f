// Package gormddl runs schema changes through GORM.
package gormddl

import (
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
)

// AddColumn opens its own pool: the SET may land on one pooled connection
// and the ALTER on another, which still waits for the metadata lock with
// the server's default timeout.
func AddColumn(dsn string) error {
	db, err := gorm.Open(mysql.Open(dsn), &gorm.Config{})
	if err != nil {
		return err
	}
	if err := db.Exec("SET SESSION lock_wait_timeout = 5").Error; err != nil {
		return err
	}
	return db.Exec("ALTER TABLE orders ADD COLUMN note2 TEXT").Error // want `ddl-lock: ALTER TABLE orders needs an exclusive metadata lock on orders.*It runs on the pool \(\*gorm\.DB\).*so the SET at line 17 may have set another connection`
}

// Near miss: one connection taken from the pool carries both.
func AddColumnOnConn(dsn string) error {
	db, err := gorm.Open(mysql.Open(dsn), &gorm.Config{})
	if err != nil {
		return err
	}
	return db.Connection(func(conn *gorm.DB) error {
		if err := conn.Exec("SET SESSION lock_wait_timeout = 5").Error; err != nil {
			return err
		}
		return conn.Exec("ALTER TABLE orders ADD COLUMN note3 TEXT").Error
	})
}
