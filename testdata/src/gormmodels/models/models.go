// Package models declares GORM models whose tags are the only schema the
// gormmodels golden package has: no -schema flag, no DDL.
package models

import "gorm.io/gorm"

// Wallet has the default primary key ID, a plain index, a unique index,
// and a composite index whose priorities put Kind before Region.
type Wallet struct {
	ID      int64
	OwnerID int64  `gorm:"index"`
	Number  string `gorm:"uniqueIndex;size:32"`
	Balance int64
	Status  string
	Region  string `gorm:"index:idx_kind_region,priority:2"`
	Kind    string `gorm:"index:idx_kind_region,priority:1"`
}

// Address is embedded with a prefix: its columns are home_city and
// home_zip, and its index is on home_city.
type Address struct {
	City string `gorm:"index"`
	Zip  string
}

// Ticket embeds gorm.Model (id, created_at, updated_at, deleted_at).
type Ticket struct {
	gorm.Model
	Code  string  `gorm:"column:ticket_code;unique"`
	Seat  int     `gorm:"index:,unique"`
	Home  Address `gorm:"embedded;embeddedPrefix:home_"`
	Event string
	Owner *Wallet // an association, not a column
}

// Seat has a composite primary key.
type Seat struct {
	Hall  string `gorm:"primaryKey"`
	Row   int    `gorm:"primaryKey"`
	Price int
}

// Job disagrees with the test schema's jobs table: the DDL indexes
// (status, run_at), the tags index worker. Where both are given, the DDL
// wins.
type Job struct {
	ID     int64
	Status int
	Worker string `gorm:"index"`
}
