// Package billing declares a view of accounts with fewer columns than
// another module's client does: neither is known to be the table, so
// nothing is judged unindexed there.
package billing

import (
	"github.com/acme/accountsdk"

	"gorm.io/gorm"
)

// Account is the part of an account billing reads.
type Account struct {
	ID   int64
	Plan string
}

// Client names the client the accounts came from.
var Client = accountsdk.Path

// Reprice moves every account of a plan to another.
func Reprice(db *gorm.DB, from, to string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&Account{}).Where("plan = ?", from).Update("plan", to).Error
	})
}
