package store

import (
	"xorm.io/xorm"

	"xormwallet/model"
)

// ReplaceAlias removes an alias for good and creates it again in one
// transaction: when the name is absent, both DELETEs take the gap lock.
func (s *Store) ReplaceAlias(name string, wallet int64) error {
	return s.txn(func(sess *xorm.Session) error {
		if _, err := sess.Unscoped().Delete(&model.Alias{Name: name}); err != nil {
			return err
		}
		_, err := sess.Insert(&model.Alias{Name: name, Wallet: wallet}) // want `check-then-insert: INSERT into alias of the key the DELETE before it removed`
		return err
	})
}

// MoveAlias soft-deletes the alias and writes it again: xorm's Delete of
// a model with a deleted column is an UPDATE of that column, which takes
// a record lock on the existing row and no gap lock, so it is no replace
// by hand.
func (s *Store) MoveAlias(name string, wallet int64) error {
	return s.txn(func(sess *xorm.Session) error {
		if _, err := sess.Delete(&model.Alias{Name: name}); err != nil {
			return err
		}
		_, err := sess.Insert(&model.Alias{Name: name, Wallet: wallet})
		return err
	})
}
