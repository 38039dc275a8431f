// Package tasks uses the sessions db hands out.
package tasks

import (
	"xorm.io/xorm"

	"xormsession/db"
)

type Task struct {
	ID   int64
	Done bool
}

// Finish closes the session on every path: Close rolls back what was
// not committed.
func Finish(id int64) error {
	s := db.NewSession()
	defer s.Close()
	if _, err := s.ID(id).Cols("done").Update(&Task{Done: true}); err != nil {
		return err
	}
	return s.Commit()
}

// Reopen forgets the session when the update fails.
func Reopen(id int64) error {
	s := db.NewSession() // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 30`
	if _, err := s.ID(id).Cols("done").Update(&Task{Done: false}); err != nil {
		return err
	}
	return s.Commit()
}

// Rename uses the caller's session when there is one, else a new one it
// closes.
func Rename(id int64, sessions ...*xorm.Session) error {
	var s *xorm.Session
	if len(sessions) > 0 && sessions[0] != nil {
		s = sessions[0]
	} else {
		s = db.NewSession()
		defer s.Close()
	}
	_, err := s.ID(id).Cols("done").Update(&Task{})
	return err
}

// open hands the session it began to its caller on success.
func open(id int64) (s *xorm.Session, err error) {
	s = db.NewSession()
	if _, err = s.ID(id).Get(&Task{}); err != nil {
		s.Close()
		return nil, err
	}
	return
}

// Archive commits what open began.
func Archive(id int64) error {
	s, err := open(id)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.ID(id).Cols("done").Update(&Task{Done: true}); err != nil {
		return err
	}
	return s.Commit()
}
