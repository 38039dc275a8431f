// Package lockheldhandoff hands its transaction to helpers, some of which
// end it before they return.
package lockheldhandoff

import (
	"time"

	"xorm.io/xorm"
)

type Store struct{ x *xorm.Engine }

// createAndCommit writes and commits the session it is given: its
// caller's transaction is over when it returns.
func createAndCommit(s *xorm.Session, name string) error {
	if _, err := s.Exec("UPDATE member SET name = ? WHERE id = ?", name, 1); err != nil {
		return err
	}
	return s.Commit()
}

// createOnly writes and leaves the transaction to its caller.
func createOnly(s *xorm.Session, name string) error {
	_, err := s.Exec("UPDATE member SET name = ? WHERE id = ?", name, 1)
	return err
}

// Create waits after the helper committed: nothing is held.
func (st *Store) Create(name string) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	if err := createAndCommit(s, name); err != nil {
		_ = s.Rollback()
		return err
	}
	time.Sleep(time.Second)
	return nil
}

// CreateSlowly waits while the helper's row lock is held.
func (st *Store) CreateSlowly(name string) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	if err := createOnly(s, name); err != nil {
		return err
	}
	time.Sleep(time.Second) // want `lock-held-blocking: time.Sleep runs while the transaction holds row locks on member`
	return s.Commit()
}
