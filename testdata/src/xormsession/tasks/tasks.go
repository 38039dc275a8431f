// Package tasks uses the sessions db hands out.
package tasks

import "xormsession/db"

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
	s := db.NewSession() // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 26`
	if _, err := s.ID(id).Cols("done").Update(&Task{Done: false}); err != nil {
		return err
	}
	return s.Commit()
}
