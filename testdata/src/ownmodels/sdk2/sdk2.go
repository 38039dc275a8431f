// Package sdk2 is a second client with another idea of the users table.
package sdk2

// User is indexed by email here.
type User struct {
	ID    int64
	Email string `gorm:"uniqueIndex"`
}

// Version is the client's version.
const Version = "2"
