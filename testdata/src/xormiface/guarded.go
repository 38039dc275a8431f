package xormiface

// saveProject writes the project and, when its members changed, rebuilds
// their grants: only a caller that passes true runs resetGrants.
func saveProject(q Querier, project int64, members []int64, membersChanged bool) error {
	if _, err := q.Exec("UPDATE member SET admin = ? WHERE id = ?", false, project); err != nil {
		return err
	}
	if membersChanged {
		return resetGrants(q, project, members)
	}
	return nil
}

// touchProject passes its own flag on: its callers decide.
func touchProject(q Querier, project int64, rebuild bool) error {
	return saveProject(q, project, nil, rebuild)
}

// Rename changes no member: the grants stay, nothing scans access.
func (s *Store) Rename(project int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := saveProject(sess, project, nil, false); err != nil {
		return err
	}
	if err := touchProject(sess, project, false); err != nil {
		return err
	}
	return sess.Commit()
}

// Regroup rebuilds the grants in its transaction.
func (s *Store) Regroup(project int64, members []int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := saveProject(sess, project, members, true); err != nil { // want `unindexed-lock: DELETE on access can use no index .*until the transaction commits`
		return err
	}
	return sess.Commit()
}

// Rebuild asks through the wrapper.
func (s *Store) Rebuild(project int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := touchProject(sess, project, true); err != nil { // want `unindexed-lock: DELETE on access can use no index .*until the transaction commits`
		return err
	}
	return sess.Commit()
}

// Maybe passes a flag it computes: the scan may run.
func (s *Store) Maybe(project int64, members []int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := saveProject(sess, project, members, len(members) > 0); err != nil { // want `unindexed-lock: DELETE on access can use no index .*until the transaction commits`
		return err
	}
	return sess.Commit()
}

// pruneGrants drops a project's grants when some are stale: with none,
// it sends nothing.
func pruneGrants(q Querier, project int64, stale []int64) error {
	if len(stale) > 0 {
		_, err := q.Exec("DELETE FROM access WHERE project = ?", project) // want `unindexed-lock: DELETE on access can use no index .*until the enclosing transaction ends`
		return err
	}
	return nil
}

// Archive collects nothing stale: the slice it passes stays empty.
func (s *Store) Archive(project int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	stale := []int64{}
	if err := pruneGrants(sess, project, stale); err != nil {
		return err
	}
	if err := pruneGrants(sess, project, nil); err != nil {
		return err
	}
	return sess.Commit()
}

// Sweep passes the members it found.
func (s *Store) Sweep(project int64, members []int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	var stale []int64
	for _, m := range members {
		if m < 0 {
			stale = append(stale, m)
		}
	}
	if err := pruneGrants(sess, project, stale); err != nil { // want `unindexed-lock: DELETE on access can use no index .*until the transaction commits`
		return err
	}
	return sess.Commit()
}

// Order is a purchase in a project; its table's name is a reserved word.
type Order struct {
	Id      int64 `xorm:"pk autoincr"`
	Project int64
}

// deleteBeans deletes whatever its callers pass, bean by bean.
func deleteBeans(q Querier, beans ...interface{}) error {
	for i := range beans {
		if _, err := q.Delete(beans[i]); err != nil {
			return err
		}
	}
	return nil
}

// removeEach is deleteBeans written with the element as the range value.
func removeEach(q Querier, beans ...interface{}) error {
	for _, bean := range beans {
		if _, err := q.Delete(bean); err != nil {
			return err
		}
	}
	return nil
}

// DropProject deletes the project's rows: by project, access has no index
// to find them, by id member has its primary key.
func (s *Store) DropProject(project int64) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := deleteBeans(sess, &Member{Id: project}, &Access{Project: project}); err != nil { // want `unindexed-lock: DELETE on access can use no index .*until the transaction commits`
		return err
	}
	// A table named by a reserved word: xorm quotes it.
	if err := deleteBeans(sess, &Order{Project: project}); err != nil { // want `unindexed-lock: DELETE on order can use no index`
		return err
	}
	// Two scans in one call: one finding, naming both.
	if err := deleteBeans(sess, &Access{Project: project}, &Follow{Project: project}); err != nil { // want `unindexed-lock: DELETE on access can use no index .* The same call also: DELETE on follow can use no index \(index uqe_member_project \(member, project\)`
		return err
	}
	if err := removeEach(sess, &Access{Member: project}); err != nil {
		return err
	}
	if err := removeEach(sess, Access{Project: project}); err != nil { // want `unindexed-lock: DELETE on access can use no index .*until the transaction commits`
		return err
	}
	return sess.Commit()
}

// DropMany passes beans it does not show: nothing is read.
func (s *Store) DropMany(beans []interface{}) error {
	sess := s.x.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		return err
	}
	if err := deleteBeans(sess, beans...); err != nil {
		return err
	}
	return sess.Commit()
}
