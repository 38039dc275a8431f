// Package dbopen opens the service's database.
package dbopen

import (
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
)

// Config says where the database is.
type Config struct {
	DSN   string
	Debug bool
}

// Open opens the pool, logging every statement when asked.
func Open(c Config) (*gorm.DB, error) {
	db, err := gorm.Open(mysql.Open(c.DSN), &gorm.Config{})
	if err != nil {
		return nil, err
	}
	if c.Debug {
		db = db.Debug()
	}
	return db, nil
}
