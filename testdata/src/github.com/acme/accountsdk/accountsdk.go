// Package accountsdk is another module's API client: it names its type
// after the server's accounts table, with a column the server no longer
// has and none of the server's indexes but one.
package accountsdk

// Account is the client's copy of an account.
type Account struct {
	ID        int64
	Name      string `gorm:"uniqueIndex"`
	LegacyKey string
}

// Path is where the client sends requests.
const Path = "/api/accounts"
