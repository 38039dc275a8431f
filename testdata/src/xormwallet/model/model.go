// Package model declares the wallet service's tables as xorm models.
package model

import "time"

// Wallet is one user's balance in one currency.
type Wallet struct {
	Id       int64     `xorm:"pk autoincr"`
	Owner    int64     `xorm:"notnull unique(owner_currency)"`
	Currency string    `xorm:"varchar(8) notnull unique(owner_currency)"`
	Balance  int64     `xorm:"notnull default 0"`
	Status   string    `xorm:"varchar(16)"`
	Updated  time.Time `xorm:"updated"`
}

// Transfer is a movement between two wallets.
type Transfer struct {
	Id        int64  `xorm:"pk autoincr 'id'"`
	Reference string `xorm:"varchar(64) notnull unique 'ref'"`
	Source    int64  `xorm:"index 'source_wallet'"`
	Amount    int64
	State     string    `xorm:"varchar(16) notnull"`
	Created   time.Time `xorm:"created"`
}

// Hold reserves part of a wallet's balance.
type Hold struct {
	Id     int64 `xorm:"pk autoincr"`
	Wallet int64 `xorm:"index"`
	Amount int64
	Reason string `xorm:"varchar(64)"`
}

// TableName names Hold's table.
func (Hold) TableName() string { return "wallet_holds" }

// Alias is a unique name pointing at a wallet, soft-deleted.
type Alias struct {
	Id      int64     `xorm:"pk autoincr"`
	Name    string    `xorm:"varchar(64) notnull unique"`
	Wallet  int64     `xorm:"index"`
	Deleted time.Time `xorm:"deleted"`
}
