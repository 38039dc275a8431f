package store

import (
	"xorm.io/xorm"

	"xormwallet/model"
)

// FrozenWallets locks wallets with hand-written SQL run through the
// session: SQL(...) replaces what the chain would build.
func (s *Store) FrozenWallets() ([]model.Wallet, error) {
	var ws []model.Wallet
	err := s.txn(func(sess *xorm.Session) error {
		return sess.SQL("SELECT * FROM wallet WHERE status = ? FOR UPDATE", "frozen").Find(&ws) // want `unindexed-lock: SELECT ... FOR UPDATE on wallet can use no index`
	})
	return ws, err
}

// PurgeVoid deletes void transfers with Exec: state has no index.
func (s *Store) PurgeVoid() error {
	return s.txn(func(sess *xorm.Session) error {
		_, err := sess.Exec("DELETE FROM transfer WHERE state = ?", "void") // want `unindexed-lock: DELETE on transfer can use no index`
		return err
	})
}

// CountOwned counts an owner's wallets with a lock: the leading column of
// the unique (owner, currency) key alone is a range.
func (s *Store) CountOwned(owner int64) (int64, error) {
	var n int64
	err := s.txn(func(sess *xorm.Session) error {
		var err error
		n, err = sess.Where("owner = ?", owner).ForUpdate().Count(&model.Wallet{}) // want `range-lock: SELECT ... FOR UPDATE on wallet finds its rows by equality on the non-unique`
		return err
	})
	return n, err
}

// HasWallet checks one wallet by its full unique key with a lock, and
// creates nothing: silent.
func (s *Store) HasWallet(owner int64, currency string) (bool, error) {
	var has bool
	err := s.txn(func(sess *xorm.Session) error {
		var err error
		has, err = sess.ForUpdate().Exist(&model.Wallet{Owner: owner, Currency: currency})
		return err
	})
	return has, err
}

// Statuses reads without a lock through QueryString: nothing to say.
func (s *Store) Statuses() ([]map[string]string, error) {
	var out []map[string]string
	err := s.txn(func(sess *xorm.Session) error {
		var err error
		out, err = sess.QueryString("SELECT status, count(*) FROM wallet GROUP BY status")
		return err
	})
	return out, err
}
