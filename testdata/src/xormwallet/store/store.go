// Package store is the wallet service's data access layer, written with
// xorm sessions.
package store

import (
	"context"
	"errors"

	"xorm.io/xorm"

	"xormwallet/model"
)

// Store runs the wallet service's statements.
type Store struct {
	engine *xorm.Engine
}

// New returns a store over engine.
func New(engine *xorm.Engine) *Store { return &Store{engine: engine} }

var errInsufficient = errors.New("insufficient balance")

// Debit locks the wallet by its primary key, then writes it back.
func (s *Store) Debit(ctx context.Context, id, amount int64) error {
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	var w model.Wallet
	has, err := sess.Context(ctx).ID(id).ForUpdate().Get(&w)
	if err != nil || !has {
		return err
	}
	if w.Balance < amount {
		return errInsufficient
	}
	w.Balance -= amount
	if _, err := sess.ID(id).Cols("balance").Update(&w); err != nil {
		return err
	}
	return sess.Commit()
}

// FreezeByStatus locks wallets by a column no index covers.
func (s *Store) FreezeByStatus(status string) error {
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	var ws []model.Wallet
	if err := sess.Where("status = ?", status).ForUpdate().Find(&ws); err != nil { // want `unindexed-lock: SELECT ... FOR UPDATE on wallet can use no index \(no index of wallet starts with status\)`
		return err
	}
	return sess.Commit()
}

// WalletFor locks a wallet by its unique (owner, currency) key, set on the
// bean: its non-zero fields are the WHERE.
func (s *Store) WalletFor(owner int64, currency string) (*model.Wallet, error) {
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return nil, err
	}
	w := &model.Wallet{Owner: owner, Currency: currency}
	if _, err := sess.ForUpdate().Get(w); err != nil {
		return nil, err
	}
	return w, sess.Commit()
}

// ByBalance locks wallets by a column no index covers, set on the bean.
func (s *Store) ByBalance(balance int64) error {
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	w := model.Wallet{}
	w.Balance = balance
	if _, err := sess.ForUpdate().Get(&w); err != nil { // want `unindexed-lock: .*no index of wallet starts with balance`
		return err
	}
	return sess.Commit()
}

// Peek locks on the engine: autocommit, the lock ends with the statement.
func (s *Store) Peek(id int64) (*model.Wallet, error) {
	var w model.Wallet
	if _, err := s.engine.ID(id).ForUpdate().Get(&w); err != nil { // want `lock-outside-tx: .*runs on the pool \(\*xorm.Engine\)`
		return nil, err
	}
	return &w, nil
}

// PeekSession locks on a session that never begins: autocommit too.
func (s *Store) PeekSession(id int64) (*model.Wallet, error) {
	sess := s.engine.NewSession()
	defer sess.Close()
	var w model.Wallet
	if _, err := sess.ID(id).ForUpdate().Get(&w); err != nil { // want `lock-outside-tx: .*runs on the pool \(\*xorm.Session never begun\)`
		return nil, err
	}
	return &w, nil
}

// Read reads without a lock on the engine: nothing to say.
func (s *Store) Read(id int64) (*model.Wallet, error) {
	var w model.Wallet
	_, err := s.engine.ID(id).Get(&w)
	return &w, err
}

// LockWith locks through a session its caller passes: the caller decides
// whether it is a transaction, so nothing is known here.
func LockWith(sess *xorm.Session, id int64) error {
	var w model.Wallet
	_, err := sess.ID(id).ForUpdate().Get(&w)
	return err
}

// LockUnknownBean locks by a bean the caller filled: its WHERE is unknown.
func (s *Store) LockUnknownBean(w *model.Wallet) error {
	sess := s.engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if _, err := sess.ForUpdate().Get(w); err != nil {
		return err
	}
	return sess.Commit()
}

// PeekBean locks by a bean the caller filled, on a session that never
// begins: whatever the WHERE, the lock ends with the statement.
func (s *Store) PeekBean(w *model.Wallet) error {
	sess := s.engine.NewSession()
	defer sess.Close()
	_, err := sess.ForUpdate().Get(w) // want `lock-outside-tx: .*runs on the pool \(\*xorm.Session never begun\)`
	return err
}

// CreditFrozen begins the session the engine's Context call starts and
// locks through it: the lock is in that transaction, not on the pool, so
// its scan of the unindexed status column holds every row until commit.
func (s *Store) CreditFrozen(ctx context.Context, amount int64) error {
	sess := s.engine.Context(ctx)
	if err := sess.Begin(); err != nil {
		return err
	}
	defer sess.Close()
	var ws []model.Wallet
	if err := sess.Where("status = ?", "frozen").ForUpdate().Find(&ws); err != nil { // want `unindexed-lock: SELECT ... FOR UPDATE on wallet can use no index`
		return err
	}
	return sess.Commit()
}
