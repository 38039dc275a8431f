package store

import (
	"time"

	"xorm.io/xorm"

	"xormwallet/model"
)

// OpenTransfer looks the reference up with a lock and creates the
// transfer when it is missing.
func (s *Store) OpenTransfer(ref string, source, amount int64) error {
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	t := model.Transfer{Reference: ref}
	has, err := sess.ForUpdate().Get(&t)
	if err != nil {
		return err
	}
	if !has {
		if _, err := sess.Insert(&model.Transfer{Reference: ref, Source: source, Amount: amount, State: "open"}); err != nil { // want `check-then-insert: INSERT into transfer after SELECT ... FOR UPDATE`
			return err
		}
	}
	return sess.Commit()
}

// OpenTransferOnce inserts first and reads back without a lock: nothing
// to deadlock on.
func (s *Store) OpenTransferOnce(ref string, source, amount int64) error {
	_, err := s.engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		if _, err := sess.Insert(&model.Transfer{Reference: ref, Source: source, Amount: amount, State: "open"}); err != nil {
			return nil, err
		}
		var t model.Transfer
		_, err := sess.Where("ref = ?", ref).Get(&t)
		return nil, err
	})
	return err
}

// PendingBySource locks a range of the secondary index source_wallet.
func (s *Store) PendingBySource(source int64) ([]model.Transfer, error) {
	var out []model.Transfer
	_, err := s.engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		return nil, sess.Where("source_wallet > ?", source).ForUpdate().Find(&out) // want `range-lock: .*range of index idx_source_wallet`
	})
	return out, err
}

// ClaimOne takes the oldest open transfer with a lock, as a worker does.
// It runs once per call, not in a loop: not a queue poll.
func (s *Store) ClaimOne() (*model.Transfer, error) {
	t, err := s.engine.Transaction(func(sess *xorm.Session) (interface{}, error) {
		var t model.Transfer
		if _, err := sess.Where("state = ?", "open").OrderBy("id").Limit(1).ForUpdate().Get(&t); err != nil { // want `unindexed-lock: .*no index of transfer starts with state`
			return nil, err
		}
		t.State = "claimed"
		_, err := sess.ID(t.Id).Cols("state").Update(&t)
		return &t, err
	})
	if err != nil {
		return nil, err
	}
	return t.(*model.Transfer), nil
}

// Settle runs in a transaction but reads the transfer through the engine,
// outside it.
func (s *Store) Settle(id int64) error {
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	var t model.Transfer
	if _, err := s.engine.ID(id).ForUpdate().Get(&t); err != nil { // want `outer-handle-in-tx: .*s.engine \(\*xorm.Engine\) while sess is open`
		return err
	}
	if _, err := sess.Exec("UPDATE transfer SET state = ? WHERE id = ?", "settled", id); err != nil {
		return err
	}
	return sess.Commit()
}

// SettleAll locks each transfer in a loop over the caller's order.
func (s *Store) SettleAll(ids []int64) error {
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	for _, id := range ids {
		var t model.Transfer
		if _, err := sess.ID(id).ForUpdate().Get(&t); err != nil { // want `nested-lock: .*inside a loop`
			return err
		}
	}
	return sess.Commit()
}

// Leak begins and returns without commit, rollback or close on one path.
func (s *Store) Leak(id int64, deadline time.Time) error {
	sess := s.engine.NewSession()
	if err := sess.Begin(); err != nil { // want `tx-not-closed: .*neither committed nor rolled back`
		return err
	}
	var t model.Transfer
	if _, err := sess.ID(id).ForUpdate().Get(&t); err != nil {
		return err
	}
	if time.Now().After(deadline) {
		return nil
	}
	return sess.Commit()
}
