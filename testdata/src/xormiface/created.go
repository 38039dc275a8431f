package xormiface

import "xorm.io/xorm"

// Project is counted by the members who follow it.
type Project struct {
	Id        int64 `xorm:"pk autoincr"`
	Owner     int64 `xorm:"index"`
	Followers int
}

// insertProject inserts p: xorm fills p.Id with the new key.
func insertProject(q Querier, p *Project) error {
	_, err := q.Insert(p)
	return err
}

// follow counts one more follower of a project.
func follow(q Querier, project int64) error {
	_, err := q.Exec("UPDATE project SET followers = followers + 1 WHERE id = ?", project)
	return err
}

// CreateProject follows the template, then inserts the new project and
// follows it too: the second row is the one this transaction created,
// which no other transaction can hold or wait for first.
func (s *Store) CreateProject(template int64, p *Project) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := follow(sess, template); err != nil {
		return err
	}
	if err := insertProject(sess, p); err != nil {
		return err
	}
	if err := follow(sess, p.Id); err != nil {
		return err
	}
	return sess.Commit()
}

// FollowBoth follows two existing projects, in the caller's order.
func (s *Store) FollowBoth(a, b int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := follow(sess, a); err != nil {
		return err
	}
	if err := follow(sess, b); err != nil { // want `nested-lock: this transaction already locked a row of project`
		return err
	}
	return sess.Commit()
}

// createFollowed inserts p and follows it at once.
func createFollowed(q Querier, p *Project) error {
	if _, err := q.Insert(p); err != nil {
		return err
	}
	return follow(q, p.Id)
}

// Fork creates the fork, followed, then counts it on its base: the first
// row is the fork the transaction created.
func (s *Store) Fork(base int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	p := &Project{Owner: base}
	if err := createFollowed(sess, p); err != nil {
		return err
	}
	if err := follow(sess, base); err != nil {
		return err
	}
	return sess.Commit()
}

// Follow records that a member follows a project.
type Follow struct {
	Id      int64 `xorm:"pk autoincr"`
	Member  int64 `xorm:"unique(member_project)"`
	Project int64 `xorm:"unique(member_project)"`
}

// setFollow follows or unfollows, once.
func setFollow(q Querier, member, project int64, on bool) error {
	if on {
		if has, err := q.Where("member = ? AND project = ?", member, project).Get(new(Follow)); err != nil || has {
			return err
		}
		if _, err := q.Insert(&Follow{Member: member, Project: project}); err != nil {
			return err
		}
		_, err := q.Exec("UPDATE project SET followers = followers + 1 WHERE id = ?", project)
		return err
	}
	_, err := q.Exec("UPDATE project SET followers = followers - 1 WHERE id = ?", project)
	return err
}

// createOwned inserts p, counts it on its owner and lets the owner follow
// it.
func createOwned(e *xorm.Session, owner int64, p *Project) error {
	if _, err := e.Insert(p); err != nil {
		return err
	}
	if _, err := e.Exec("UPDATE member SET admin = admin WHERE id = ?", owner); err != nil {
		return err
	}
	return setFollow(e, owner, p.Id, true)
}

// ForkOwned creates the fork, then counts it on its base.
func (s *Store) ForkOwned(owner, base int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	p := &Project{Owner: owner}
	if err := createOwned(sess, owner, p); err != nil {
		return err
	}
	if _, err := sess.Exec("UPDATE project SET followers = followers + 1 WHERE id = ?", base); err != nil {
		return err
	}
	return sess.Commit()
}

// shareWithTeam lets the team's lead follow the project: the key is a
// field of the project its caller passes.
func shareWithTeam(q Querier, lead int64, p *Project) error {
	return setFollow(q, lead, p.Id, true)
}

// createShared inserts p and shares it, one helper further down.
func createShared(e *xorm.Session, lead int64, p *Project) error {
	if _, err := e.Insert(p); err != nil {
		return err
	}
	return shareWithTeam(e, lead, p)
}

// ForkShared is ForkOwned with the follow two helpers below the insert's.
func (s *Store) ForkShared(lead, base int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	p := &Project{Owner: lead}
	if err := createShared(sess, lead, p); err != nil {
		return err
	}
	if _, err := sess.Exec("UPDATE project SET followers = followers + 1 WHERE id = ?", base); err != nil {
		return err
	}
	return sess.Commit()
}

// addStarterProjects creates the owner's first two projects and counts a
// follower on each: every row it updates is one it inserted.
func addStarterProjects(q Querier, owner int64) error {
	inbox := &Project{Owner: owner}
	if _, err := q.Insert(inbox); err != nil {
		return err
	}
	if err := follow(q, inbox.Id); err != nil {
		return err
	}
	archive := &Project{Owner: owner}
	if _, err := q.Insert(archive); err != nil {
		return err
	}
	return follow(q, archive.Id)
}

// followExisting counts a follower on the project it is given and on one
// it looks up: rows other transactions may hold.
func followExisting(q Querier, project, other int64) error {
	if err := follow(q, project); err != nil {
		return err
	}
	return follow(q, other)
}

// Onboard follows the template, then creates the starter projects: the
// helper's rows are this transaction's own.
func (s *Store) Onboard(owner, template int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := follow(sess, template); err != nil {
		return err
	}
	if err := addStarterProjects(sess, owner); err != nil {
		return err
	}
	return sess.Commit()
}

// Reshare follows the template, then two existing projects.
func (s *Store) Reshare(template, a, b int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := follow(sess, template); err != nil {
		return err
	}
	if err := followExisting(sess, a, b); err != nil { // want `nested-lock: this transaction already locked a row of project`
		return err
	}
	return sess.Commit()
}
