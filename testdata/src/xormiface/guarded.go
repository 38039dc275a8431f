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
