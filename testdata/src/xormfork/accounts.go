// Package xormfork is an account store written against the
// github.com/xorm-io/xorm fork, which has xorm's API.
package xormfork

import "github.com/xorm-io/xorm"

// Account is one login.
type Account struct {
	Id    int64  `xorm:"pk autoincr"`
	Owner string `xorm:"varchar(100) notnull unique(owner_name)"`
	Name  string `xorm:"varchar(100) notnull unique(owner_name)"`
	Score int64
}

// Adapter holds the engine.
type Adapter struct {
	Engine *xorm.Engine
}

// LockByScore locks accounts by an unindexed column in a transaction.
func (a *Adapter) LockByScore(score int64) error {
	_, err := a.Engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		var out []Account
		return nil, sess.Where("score = ?", score).ForUpdate().Find(&out) // want `unindexed-lock: SELECT ... FOR UPDATE on account can use no index`
	})
	return err
}

// LockByName locks one account by its unique key: silent.
func (a *Adapter) LockByName(owner, name string) error {
	_, err := a.Engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		acc := Account{Owner: owner, Name: name}
		_, err := sess.ForUpdate().Get(&acc)
		return nil, err
	})
	return err
}

// Peek locks on the engine's own session: autocommit.
func (a *Adapter) Peek(id int64) error {
	var acc Account
	_, err := a.Engine.ID(id).ForUpdate().Get(&acc) // want `lock-outside-tx`
	return err
}
