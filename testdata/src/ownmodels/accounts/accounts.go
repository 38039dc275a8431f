// Package accounts declares the accounts table beside its queries and
// imports another module's client whose Account names one column the
// table dropped: the package's model names more columns, so it is the
// table its statements mean.
package accounts

import (
	"github.com/acme/accountsdk"

	"gorm.io/gorm"
)

// Account is the table the package creates.
type Account struct {
	ID    int64
	Name  string `gorm:"uniqueIndex"`
	Email string `gorm:"uniqueIndex"`
	Team  string
	Plan  string
}

// Client names the client the accounts came from.
var Client = accountsdk.Path

// MoveTeam moves every account of a team.
func MoveTeam(db *gorm.DB, from, to string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&Account{}).Where("team = ?", from).Update("team", to).Error // want `unindexed-lock: UPDATE on accounts can use no index`
	})
}

// SetPlan changes one account found by its unique email.
func SetPlan(db *gorm.DB, email, plan string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&Account{}).Where("email = ?", email).Update("plan", plan).Error
	})
}
