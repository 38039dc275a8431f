// Package models declares its tables as structs that embed a common
// model and an entity struct: the GORM tags are on the embedded
// structs' fields, not on the table's own, and the package does not
// import GORM at all.
package models

import "time"

// Model is the part every table shares.
type Model struct {
	Guid      string    `gorm:"primaryKey"`
	CreatedAt time.Time `json:"-"`
}

// RouteEntity is what a route is, apart from its bookkeeping.
type RouteEntity struct {
	Group   string `gorm:"not null; uniqueIndex:idx_route"`
	Port    int    `gorm:"not null; uniqueIndex:idx_route"`
	Segment string
}

// Route is one row of routes.
type Route struct {
	Model
	ExpiresAt time.Time
	RouteEntity
}

// TableName names the table.
func (Route) TableName() string { return "routes" }
