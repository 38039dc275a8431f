package store

import (
	"sort"

	"xorm.io/xorm"

	"xormwallet/model"
)

// DrainOpen claims open transfers one after another in one transaction,
// each time the oldest: the way a queue worker polls.
func (s *Store) DrainOpen(max int) error {
	_, err := s.engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		for i := 0; i < max; i++ {
			var t model.Transfer
			has, err := sess.Where("state = ?", "open").Asc("id").ForUpdate().Get(&t) // want `unindexed-lock: .*no index of transfer starts with state` `skip-locked-candidate: this queue poll`
			if err != nil || !has {
				return nil, err
			}
			t.State = "claimed"
			if _, err := sess.ID(t.Id).Cols("state").Update(&t); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return err
}

// SettleSorted locks each transfer in a loop, in key order: every
// transaction takes the locks in the same order.
func (s *Store) SettleSorted(ids []int64) error {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	for _, id := range ids {
		var t model.Transfer
		if _, err := sess.ID(id).ForUpdate().Get(&t); err != nil {
			return err
		}
	}
	return sess.Commit()
}

// Reserve locks the wallet by key inside Transaction, then adds a hold:
// another table, and the wallet row exists.
func (s *Store) Reserve(walletID, amount int64) error {
	_, err := s.engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		var w model.Wallet
		if _, err := sess.ID(walletID).ForUpdate().Get(&w); err != nil {
			return nil, err
		}
		_, err := sess.Insert(&model.Hold{Wallet: walletID, Amount: amount})
		return nil, err
	})
	return err
}
