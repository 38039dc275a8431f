package store

import (
	"xorm.io/xorm"

	"xormwallet/model"
)

// FreezeMany locks every wallet of ids with one IN list, then marks each
// one frozen by its key: the rows the loop updates are the ones the IN
// list holds.
func (s *Store) FreezeMany(ids []int64) error {
	return s.txn(func(sess *xorm.Session) error {
		var ws []model.Wallet
		if err := sess.ForUpdate().In("id", ids).Find(&ws); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := sess.Cols("status").Update(&model.Wallet{Status: "frozen"}, &model.Wallet{Id: id}); err != nil {
				return err
			}
		}
		return nil
	})
}

// FreezeOthers locks one list of wallets and updates another, in the
// caller's order.
func (s *Store) FreezeOthers(ids, others []int64) error {
	return s.txn(func(sess *xorm.Session) error {
		var ws []model.Wallet
		if err := sess.ForUpdate().In("id", ids).Find(&ws); err != nil {
			return err
		}
		for _, id := range others {
			if _, err := sess.Cols("status").Update(&model.Wallet{Status: "frozen"}, &model.Wallet{Id: id}); err != nil { // want `nested-lock: this transaction already locked a row of wallet`
				return err
			}
		}
		return nil
	})
}
