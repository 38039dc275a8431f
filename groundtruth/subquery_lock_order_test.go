package groundtruth

import "testing"

// lock-order with a statement whose subquery chooses its rows (the lock
// set's lockedTable). A updates the groups of user 1 (UPDATE {g} ... WHERE
// id IN (SELECT group_id FROM {m} WHERE user_id = 1): row 10 of {g} is
// locked), then deletes user 1's memberships; B deletes membership (1, 10),
// then updates group 10: the opposite order. One of them gets 1213 at RC
// and at RR. At RR A's subquery also share-locks the membership rows it
// read, so B already waits at its DELETE and the cycle closes there.
func TestLockOrder_SubqueryChosenRowsDeadlock(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		f.table("g")
		f.table("m")
		f.setup("CREATE TABLE {g} (id INT NOT NULL PRIMARY KEY, v INT NOT NULL DEFAULT 0) ENGINE=InnoDB",
			"INSERT INTO {g} (id) VALUES (10), (20)",
			"CREATE TABLE {m} (user_id INT NOT NULL, group_id INT NOT NULL, PRIMARY KEY (user_id, group_id)) ENGINE=InnoDB",
			"INSERT INTO {m} VALUES (1, 10), (2, 10), (1, 20)")
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		b.begin()
		wantAffected(t, a.run("UPDATE {g} SET v = v + 1 WHERE id IN (SELECT group_id FROM {m} WHERE user_id = 1)"), 2)
		if level == rc {
			wantAffected(t, b.run("DELETE FROM {m} WHERE user_id = 1 AND group_id = 10"), 1)
			oa, ob := both(a, "DELETE FROM {m} WHERE user_id = 1", b, "UPDATE {g} SET v = v + 1 WHERE id = 10")
			oneDeadlock(t, oa, ob)
			return
		}
		pb := b.start("DELETE FROM {m} WHERE user_id = 1 AND group_id = 10")
		pb.waitUntilWaiting()
		oa := a.run("DELETE FROM {m} WHERE user_id = 1")
		oneDeadlock(t, oa, pb.result())
	})
}
