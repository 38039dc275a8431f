// Package sdk is an API client that names its types after the server's
// tables, with the tags of its own choosing: it creates no table.
package sdk

// User is the client's copy of a user, indexed only by name.
type User struct {
	ID   int64
	Name string `gorm:"uniqueIndex"`
}

// Endpoint is where the client sends requests.
const Endpoint = "/api/users"
