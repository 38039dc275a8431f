// Package models holds the GORM models the golden packages share. They
// carry no gorm tags: the tables and indexes come from the test schema
// (testdata/schema/schema.sql), and GORM's naming maps them onto it.
package models

import "time"

// Account is table accounts: PRIMARY (id), UNIQUE uk_email (email),
// KEY idx_owner (owner_id); status and balance have no index.
type Account struct {
	ID        int64
	OwnerID   int64
	Email     string
	Balance   int64
	Status    string
	CreatedAt time.Time
	Version   int
}

// Order is table orders: KEY idx_region_status (region, status), KEY
// idx_created (created_at).
type Order struct {
	ID         int64
	CustomerID int64
	Region     string
	Status     string
	CreatedAt  time.Time
	Note       string
}

// Job is table jobs: KEY idx_status_run (status, run_at); worker has no
// index.
type Job struct {
	ID     int64
	Status int
	RunAt  time.Time
	Worker string
}

// Stock is table inventory, PRIMARY (sku, warehouse): GORM would call it
// stocks, its TableName method says otherwise. Packages that use it learn
// the name from this package's facts.
type Stock struct {
	SKU       string
	Warehouse int
	Qty       int
}

func (Stock) TableName() string { return "inventory" }
