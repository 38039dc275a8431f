// Package models declares the gormledger golden package's models.
package models

import "gorm.io/gorm"

// Wallet is a balance with an owner.
type Wallet struct {
	gorm.Model
	Owner   string `gorm:"index;size:64"`
	Balance int64
	Note    string
}

// Setting is a key/value row.
type Setting struct {
	Key   string `gorm:"primaryKey;size:64"`
	Value string
}

// Category is a tree node whose level and path follow its parent.
type Category struct {
	ID       uint
	ParentID *uint
	Name     string
	Level    int
	Path     string
}

// Import is a job claimed by moving its status on.
type Import struct {
	ID       uint
	Status   string
	FileName string
	ResultID uint
	Key      string
}
