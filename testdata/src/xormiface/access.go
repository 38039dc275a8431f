// Package xormiface keeps its statements in helpers that take an
// interface both the xorm engine and a session satisfy, so that callers
// pass either: the begun session (the transaction) or the engine (the
// pool).
package xormiface

import (
	"xorm.io/xorm"
	"xorm.io/xorm/schemas"
)

// Access gives a member access to a project. Its only index starts with
// member, so the grants of one project are found by a scan.
type Access struct {
	Id      int64 `xorm:"pk autoincr"`
	Member  int64 `xorm:"unique(member_project)"`
	Project int64 `xorm:"unique(member_project)"`
	Level   int
}

// Member is one person, with a flag no index covers.
type Member struct {
	Id    int64 `xorm:"pk autoincr"`
	Admin bool
}

// Querier is what the helpers need: *xorm.Engine and *xorm.Session both
// have these methods.
type Querier interface {
	Where(query interface{}, args ...interface{}) *xorm.Session
	ID(id interface{}) *xorm.Session
	Exec(sqlOrArgs ...interface{}) (interface{}, error)
	Insert(beans ...interface{}) (int64, error)
	Delete(beans ...interface{}) (int64, error)
}

// Auditor is a project interface xorm's session does not satisfy: what
// its calls do is the implementation's.
type Auditor interface {
	Exec(sqlOrArgs ...interface{}) (interface{}, error)
	Audit(what string)
}

type Store struct {
	x    *xorm.Engine
	kind schemas.DBType
}

// resetGrants replaces a project's grants: the DELETE by project scans
// access whole. It cannot tell whether its caller passes a transaction:
// it is reported here, and again at each caller that passes one.
func resetGrants(q Querier, project int64, members []int64) error {
	if _, err := q.Exec("DELETE FROM access WHERE project = ?", project); err != nil { // want `unindexed-lock: DELETE on access can use no index .*until the enclosing transaction ends`
		return err
	}
	for _, m := range members {
		if _, err := q.Insert(&Access{Member: m, Project: project}); err != nil {
			return err
		}
	}
	return nil
}

// dropMemberGrants deletes by the index's first column: silent.
func dropMemberGrants(q Querier, member int64) error {
	_, err := q.Where("member = ?", member).Exec("DELETE FROM access WHERE member = ?", member)
	return err
}

// ShareProject runs the helper in its transaction: the whole of access
// stays locked until Commit.
func (s *Store) ShareProject(project int64, members []int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := resetGrants(sess, project, members); err != nil { // want `unindexed-lock: DELETE on access can use no index .*until the transaction commits`
		return err
	}
	if err := dropMemberGrants(sess, members[0]); err != nil {
		return err
	}
	return sess.Commit()
}

// audited runs its statement through an interface xorm does not satisfy:
// not read.
func audited(a Auditor, project int64) error {
	a.Audit("reset")
	_, err := a.Exec("DELETE FROM access WHERE project = ?", project)
	return err
}

// lastAdmin counts the admins, locking them only on MySQL, where the
// server is what the store is configured for: on MySQL the count is a
// locking read on a column no index covers.
func (s *Store) lastAdmin(sess *xorm.Session) (bool, error) {
	q := sess.Where("admin = ?", true)
	if s.kind == schemas.MYSQL {
		q = q.ForUpdate()
	}
	n, err := q.Count(&Member{}) // want `unindexed-lock: SELECT ... FOR UPDATE on member can use no index`
	return n <= 1, err
}

// lastAdminElsewhere locks only on PostgreSQL: on MySQL the count is a
// plain read.
func (s *Store) lastAdminElsewhere(sess *xorm.Session) (bool, error) {
	q := sess.Where("admin = ?", true)
	if s.kind == schemas.POSTGRES {
		q = q.ForUpdate()
	}
	n, err := q.Count(&Member{})
	return n <= 1, err
}

// lastAdminMaybe locks when its caller asks: not known here.
func (s *Store) lastAdminMaybe(sess *xorm.Session, lock bool) (bool, error) {
	q := sess.Where("admin = ?", true)
	if lock {
		q = q.ForUpdate()
	}
	n, err := q.Count(&Member{})
	return n <= 1, err
}

// Demote checks and writes in one transaction.
func (s *Store) Demote(id int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if last, err := s.lastAdmin(sess); err != nil || last { // want `unindexed-lock: SELECT ... FOR UPDATE on member can use no index`
		return err
	}
	if _, err := s.lastAdminElsewhere(sess); err != nil {
		return err
	}
	if _, err := s.lastAdminMaybe(sess, false); err != nil {
		return err
	}
	if err := audited(nil, id); err != nil {
		return err
	}
	if _, err := sess.ID(id).Exec("UPDATE member SET admin = ? WHERE id = ?", false, id); err != nil {
		return err
	}
	return sess.Commit()
}
