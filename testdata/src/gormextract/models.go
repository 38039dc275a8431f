package gormextract

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Account maps to accounts by GORM's default naming.
type Account struct {
	ID      int64
	OwnerID int64
	Email   string
	Balance int64
	Status  string
	Version int
}

// Job maps to jobs.
type Job struct {
	ID     int64
	Status int
	RunAt  time.Time
	Worker string
}

// Stock names its table: GORM would call it stocks.
type Stock struct {
	SKU       string `gorm:"column:sku;primaryKey"`
	Warehouse int    `gorm:"primaryKey"`
	Qty       int
}

func (Stock) TableName() string { return "inventory" }

// Order embeds gorm.Model.
type Order struct {
	gorm.Model
	CustomerID int64
	Region     string
	Status     string
}

var forUpdate = clause.Locking{Strength: clause.LockingStrengthUpdate}

func lockNoWait() clause.Locking {
	return clause.Locking{Strength: "UPDATE", Options: clause.LockingOptionsNoWait}
}
