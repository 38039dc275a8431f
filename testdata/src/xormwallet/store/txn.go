package store

import (
	"xorm.io/xorm"

	"xormwallet/model"
)

// txn runs fn in a transaction on the store's engine.
func (s *Store) txn(fn func(sess *xorm.Session) error) error {
	_, err := s.engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		return nil, fn(sess)
	})
	return err
}

// CloseWallets locks the wallets one by one in the caller's order,
// inside the store's transaction helper.
func (s *Store) CloseWallets(ids []int64) error {
	return s.txn(func(sess *xorm.Session) error {
		for _, id := range ids {
			w := model.Wallet{Id: id}
			if _, err := sess.ForUpdate().Get(&w); err != nil { // want `nested-lock: .*inside a loop`
				return err
			}
		}
		return nil
	})
}
