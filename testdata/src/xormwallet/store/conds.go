package store

import (
	"xorm.io/builder"
	"xorm.io/xorm"

	"xormwallet/model"
)

// Conditions written with xorm's builder instead of SQL text.

// FreezeByStatusCond locks wallets by status, which no index covers.
func (s *Store) FreezeByStatusCond(status string) error {
	return s.txn(func(sess *xorm.Session) error {
		var ws []model.Wallet
		return sess.Where(builder.Eq{"status": status}).ForUpdate().Find(&ws) // want `unindexed-lock: SELECT ... FOR UPDATE on wallet can use no index \(no index of wallet starts with status\)`
	})
}

// WalletForCond locks one wallet by its whole unique (owner, currency)
// key: one row, no gap.
func (s *Store) WalletForCond(owner int64, currency string) error {
	return s.txn(func(sess *xorm.Session) error {
		var w model.Wallet
		_, err := sess.Where(builder.Eq{"owner": owner, "currency": currency}).ForUpdate().Get(&w)
		return err
	})
}

// OwnerWalletsCond locks one owner's wallets through the prefix of the
// unique key: the gaps around them too.
func (s *Store) OwnerWalletsCond(owner int64) error {
	return s.txn(func(sess *xorm.Session) error {
		var ws []model.Wallet
		return sess.Where(builder.Eq{"owner": owner}).ForUpdate().Find(&ws) // want `range-lock: SELECT ... FOR UPDATE on wallet finds its rows by equality on the non-unique`
	})
}

// WalletsByIDsCond locks a list of wallets by primary key.
func (s *Store) WalletsByIDsCond(ids []int64) error {
	return s.txn(func(sess *xorm.Session) error {
		var ws []model.Wallet
		return sess.Where(builder.In("id", ids)).ForUpdate().Find(&ws)
	})
}

// ReleaseMatching deletes the holds whose reason mentions a word: builder's
// Like matches anywhere in the column, which no index can seek.
func (s *Store) ReleaseMatching(word string) error {
	return s.txn(func(sess *xorm.Session) error {
		_, err := sess.Where(builder.Like{"reason", word}).Delete(&model.Hold{}) // want `unindexed-lock: DELETE on wallet_holds can use no index`
		return err
	})
}

// FreezeActive writes every active wallet with a positive balance: the
// condition is kept in a variable and given as Update's condition.
func (s *Store) FreezeActive() error {
	return s.txn(func(sess *xorm.Session) error {
		cond := builder.Eq{"status": "active"}.And(builder.Gt{"balance": 0})
		_, err := sess.Update(&model.Wallet{Status: "frozen"}, cond) // want `unindexed-lock: UPDATE on wallet can use no index`
		return err
	})
}

// FreezeOwnerActive narrows the same write to one owner's wallets,
// through the unique key's prefix.
func (s *Store) FreezeOwnerActive(owner int64) error {
	return s.txn(func(sess *xorm.Session) error {
		_, err := sess.Where(builder.Eq{"owner": owner}).And(builder.Eq{"status": "active"}).Update(&model.Wallet{Status: "frozen"})
		return err
	})
}

// FreezeFiltered assembles its condition at run time: which columns it
// names is not known, and nothing is said.
func (s *Store) FreezeFiltered(owner int64, status string) error {
	return s.txn(func(sess *xorm.Session) error {
		cond := builder.NewCond()
		if owner != 0 {
			cond = cond.And(builder.Eq{"owner": owner})
		}
		if status != "" {
			cond = cond.And(builder.Eq{"status": status})
		}
		_, err := sess.Where(cond).Update(&model.Wallet{Status: "frozen"})
		return err
	})
}
