// Package xormbeans deletes rows through a helper that takes its beans
// one by one, in the order the caller lists them: a scan of every row of
// job listed first runs before the bean listed after it.
package xormbeans

import "xorm.io/xorm"

// Job has no index on worker: deleting a worker's jobs scans them all.
type Job struct {
	Id     int64 `xorm:"pk autoincr"`
	Worker string
}

// Label, Tag and Note have primary keys only.
type Label struct {
	Id   int64 `xorm:"pk autoincr"`
	Name string
}

type Tag struct {
	Id   int64 `xorm:"pk autoincr"`
	Name string
}

type Note struct {
	Id   int64 `xorm:"pk autoincr"`
	Body string
}

// deleteBeans deletes what its callers pass, bean by bean.
func deleteBeans(s *xorm.Session, beans ...interface{}) error {
	for i := range beans {
		if _, err := s.Delete(beans[i]); err != nil {
			return err
		}
	}
	return nil
}

// Store holds the engine.
type Store struct {
	x *xorm.Engine
}

// Cleanup renames a label, clears a worker's jobs, a note and a tag, in
// that order, and then renames the label the first was copied from.
func (st *Store) Cleanup(worker string, label, note, tag, parent int64) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	if _, err := s.Exec("UPDATE label SET name = 'gone' WHERE id = ?", label); err != nil {
		return err
	}
	if err := deleteBeans(s, &Job{Worker: worker}, &Note{Id: note}, &Tag{Id: tag}); err != nil {
		return err
	}
	if _, err := s.Exec("UPDATE label SET name = 'copied' WHERE id = ?", parent); err != nil {
		return err
	}
	return s.Commit()
}

// Protect locks a note, then a tag. With two runs of Cleanup, one past
// its tag and waiting for the parent label, one holding that label and
// waiting for its note, it would close a cycle; but both runs would be
// past their scan of every job row at once: the later one waits at the
// scan, and nothing deadlocks.
func (st *Store) Protect(note, tag int64) error {
	s := st.x.NewSession()
	defer s.Close()
	if err := s.Begin(); err != nil {
		return err
	}
	if _, err := s.Exec("UPDATE note SET body = '' WHERE id = ?", note); err != nil {
		return err
	}
	if _, err := s.Exec("UPDATE tag SET name = '' WHERE id = ?", tag); err != nil {
		return err
	}
	return s.Commit()
}
