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

// ResetHouseWallets zeroes the two house wallets, whose keys are fixed in
// the code: every transaction takes them in the same order.
func (s *Store) ResetHouseWallets() error {
	return s.txn(func(sess *xorm.Session) error {
		if _, err := sess.Cols("balance").Update(&model.Wallet{Balance: 0}, &model.Wallet{Owner: 1, Currency: "EUR"}); err != nil {
			return err
		}
		_, err := sess.Cols("balance").Update(&model.Wallet{Balance: 0}, &model.Wallet{Owner: 2, Currency: "EUR"})
		return err
	})
}

// Move debits one wallet and credits another, keys from the caller: two
// opposite moves lock the pair in opposite orders.
func (s *Store) Move(from, to model.Wallet, amount int64) error {
	return s.txn(func(sess *xorm.Session) error {
		if _, err := sess.Cols("balance").Update(&model.Wallet{Balance: from.Balance - amount}, &model.Wallet{Owner: from.Owner, Currency: from.Currency}); err != nil {
			return err
		}
		_, err := sess.Cols("balance").Update(&model.Wallet{Balance: to.Balance + amount}, &model.Wallet{Owner: to.Owner, Currency: to.Currency}) // want `nested-lock: this transaction already locked a row of wallet \(UPDATE\) and now locks another, both chosen at run time`
		return err
	})
}
