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

// rejectSlowly rolls the transaction back, then makes the caller wait:
// nothing of the transaction is held during the wait.
func rejectSlowly(s *xorm.Session, valid bool) error {
	if !valid {
		_ = s.Rollback()
		if time.Now().Unix() > 0 {
			time.Sleep(time.Second)
		}
		return errInvalid
	}
	return nil
}

// waitThenReject waits first, with the transaction still open.
func waitThenReject(s *xorm.Session, valid bool) error {
	if !valid {
		time.Sleep(time.Second)
		_ = s.Rollback()
		return errInvalid
	}
	return nil
}

var errInvalid = error(nil)

// Login locks the member, then checks: the wait comes after the rollback.
func (st *Store) Login(name string, valid bool) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	if _, err := s.Exec("UPDATE member SET name = ? WHERE id = ?", name, 1); err != nil {
		return err
	}
	if err := rejectSlowly(s, valid); err != nil {
		return err
	}
	return s.Commit()
}

// LoginSlowly waits while the member's row is still locked.
func (st *Store) LoginSlowly(name string, valid bool) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	if _, err := s.Exec("UPDATE member SET name = ? WHERE id = ?", name, 1); err != nil {
		return err
	}
	if err := waitThenReject(s, valid); err != nil { // want `lock-held-blocking: waitThenReject \(which waits on time.Sleep\) runs while the transaction holds row locks on member`
		return err
	}
	return s.Commit()
}
