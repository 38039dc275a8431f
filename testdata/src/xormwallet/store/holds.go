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
