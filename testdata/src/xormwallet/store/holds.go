package store

import (
	"xorm.io/xorm"

	"xormwallet/model"
)

// ReleaseByReason locks the holds of one reason: the model's table is
// named by its TableName method in the model package, and reason has no
// index there.
func (s *Store) ReleaseByReason(reason string) error {
	return s.txn(func(sess *xorm.Session) error {
		var hs []model.Hold
		if err := sess.Where("reason = ?", reason).ForUpdate().Find(&hs); err != nil { // want `unindexed-lock: SELECT ... FOR UPDATE on wallet_holds can use no index`
			return err
		}
		_, err := sess.Where("reason = ?", reason).Delete(&model.Hold{}) // want `unindexed-lock: DELETE on wallet_holds can use no index`
		return err
	})
}

// ReleaseHold locks one hold by its primary key.
func (s *Store) ReleaseHold(id int64) error {
	return s.txn(func(sess *xorm.Session) error {
		var h model.Hold
		if _, err := sess.ID(id).ForUpdate().Get(&h); err != nil {
			return err
		}
		_, err := sess.ID(id).Delete(&model.Hold{})
		return err
	})
}

// FreezeFirst locks the first frozen wallet. The bean lives outside the
// callback, which sets it before the lookup on every attempt.
func (s *Store) FreezeFirst() (model.Wallet, error) {
	var w model.Wallet
	err := s.txn(func(sess *xorm.Session) error {
		w = model.Wallet{Status: "frozen"}
		_, err := sess.ForUpdate().Get(&w) // want `unindexed-lock: .*no index of wallet starts with status`
		return err
	})
	return w, err
}

// Refresh locks the wallet the caller filled in: which fields are set is
// not known here.
func (s *Store) Refresh(w *model.Wallet) error {
	return s.txn(func(sess *xorm.Session) error {
		_, err := sess.ForUpdate().Get(w)
		return err
	})
}

// RefreshCopy locks by a copy of the caller's wallet, declared outside
// the callback and not set in it: unknown too.
func (s *Store) RefreshCopy(src model.Wallet) error {
	w := src
	return s.txn(func(sess *xorm.Session) error {
		_, err := sess.ForUpdate().Get(&w)
		return err
	})
}
