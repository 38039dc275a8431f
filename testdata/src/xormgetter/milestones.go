// Package xormgetter reads rows in getters and writes them back in
// helpers: the read, the change and the write are in three functions.
package xormgetter

import (
	"errors"

	"xorm.io/xorm"
)

// Milestone counts the open and closed issues of a milestone.
type Milestone struct {
	Id        int64 `xorm:"pk autoincr"`
	RepoId    int64 `xorm:"index"`
	Name      string
	NumOpen   int
	NumClosed int
}

var errNotFound = errors.New("milestone not found")

// Store holds the engine.
type Store struct {
	x *xorm.Engine
}

// getMilestone reads a milestone, without a lock, and returns it.
func getMilestone(s *xorm.Session, id int64) (*Milestone, error) {
	m := new(Milestone)
	has, err := s.ID(id).Get(m)
	if err != nil {
		return nil, err
	} else if !has {
		return &Milestone{}, errNotFound
	}
	return m, nil
}

// loadMilestone passes the getter's rows on.
func loadMilestone(s *xorm.Session, id int64) (*Milestone, error) {
	return getMilestone(s, id)
}

// lockMilestone reads a milestone with FOR UPDATE.
func lockMilestone(s *xorm.Session, id int64) (*Milestone, error) {
	m := new(Milestone)
	if _, err := s.ID(id).ForUpdate().Get(m); err != nil {
		return nil, err
	}
	return m, nil
}

// updateMilestone writes every non-zero field of the milestone it is
// given.
func updateMilestone(s *xorm.Session, m *Milestone) error {
	_, err := s.ID(m.Id).Update(m)
	return err
}

// CloseIssue moves an issue from open to closed: the counters are read
// by one helper, changed here and written back by another, with no lock
// in between.
func (st *Store) CloseIssue(id int64) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	m, err := getMilestone(s, id)
	if err != nil {
		return err
	}
	m.NumOpen--
	m.NumClosed++
	if err := updateMilestone(s, m); err != nil { // want `lost-update: UPDATE of milestone writes .*num_open.* back from a value read by a plain SELECT`
		return err
	}
	return s.Commit()
}

// ReopenIssue reads through a wrapper of the getter.
func (st *Store) ReopenIssue(id int64) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	m, err := loadMilestone(s, id)
	if err != nil {
		return err
	}
	m.NumClosed--
	m.NumOpen++
	if _, err := s.ID(m.Id).Update(m); err != nil { // want `lost-update: UPDATE of milestone writes .*num_closed.* back from a value read by a plain SELECT`
		return err
	}
	return s.Commit()
}

// CloseLocked reads the counters with FOR UPDATE first: the row is the
// transaction's until it commits.
func (st *Store) CloseLocked(id int64) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	m, err := lockMilestone(s, id)
	if err != nil {
		return err
	}
	m.NumOpen--
	m.NumClosed++
	if err := updateMilestone(s, m); err != nil {
		return err
	}
	return s.Commit()
}

// Rename writes a milestone the caller describes, read from nowhere:
// last writer wins, on purpose.
func (st *Store) Rename(id int64, name string) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	if _, err := getMilestone(s, id); err != nil {
		return err
	}
	if err := updateMilestone(s, &Milestone{Id: id, Name: name}); err != nil {
		return err
	}
	return s.Commit()
}

// findMilestone reads into a variable of its own and returns its address.
func findMilestone(s *xorm.Session, id int64) (*Milestone, error) {
	var m Milestone
	has, err := s.ID(id).Get(&m)
	if err != nil || !has {
		return nil, err
	}
	return &m, nil
}

// Recount sets the open count from a computation on the counts read.
func (st *Store) Recount(id int64) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	m, err := findMilestone(s, id)
	if err != nil || m == nil {
		return err
	}
	m.NumOpen = m.NumOpen + m.NumClosed
	if err := updateMilestone(s, m); err != nil { // want `lost-update: UPDATE of milestone writes .*num_open.* back from a value read by a plain SELECT`
		return err
	}
	return s.Commit()
}

// countIssue bumps the open count of the milestone it is given and
// writes it whole.
func countIssue(s *xorm.Session, m *Milestone) error {
	m.NumOpen++
	_, err := s.ID(m.Id).Update(m)
	return err
}

// OpenIssue reads the milestone and hands it to the helper that bumps
// its counter: the increment is the helper's, the read the getter's.
func (st *Store) OpenIssue(id int64) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	m, err := getMilestone(s, id)
	if err != nil {
		return err
	}
	if err := countIssue(s, m); err != nil { // want `lost-update: UPDATE of milestone writes .*num_open.* back from a value read by a plain SELECT`
		return err
	}
	return s.Commit()
}

// Retitle saves an edit: the title comes from the caller, and nothing is
// computed from the values read. A concurrent edit of the same milestone
// is overwritten, as with any edit form: last writer wins.
func (st *Store) Retitle(id int64, name string) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	m, err := getMilestone(s, id)
	if err != nil {
		return err
	}
	m.Name = name
	if err := updateMilestone(s, m); err != nil {
		return err
	}
	return s.Commit()
}

// saveTrimmed cuts the name to its column's width and writes the
// milestone whole: the name is cleaned, not counted.
func saveTrimmed(s *xorm.Session, m *Milestone) error {
	if len(m.Name) > 40 {
		m.Name = m.Name[:40]
	}
	_, err := s.ID(m.Id).Update(m)
	return err
}

// Tidy saves the milestone read through the helper that trims it: an
// edit, with nothing counted from the values read.
func (st *Store) Tidy(id int64) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	m, err := getMilestone(s, id)
	if err != nil {
		return err
	}
	if err := saveTrimmed(s, m); err != nil {
		return err
	}
	return s.Commit()
}
