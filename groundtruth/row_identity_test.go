package groundtruth

import "testing"

// lock-order, ground-truth.md experiments 8 and 12: shared, then
// exclusive. A takes LOCK IN SHARE MODE on row 10, B on row 20; then A
// updates 20 (waiting for B's shared lock) and B updates 10: one of them
// gets 1213, at RR and at RC. A shared lock first is half of a deadlock.
func TestLockOrder_SharedThenExclusiveOppositeDeadlocks(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		b.begin()
		a.must("SELECT v FROM {t} WHERE id = 10 LOCK IN SHARE MODE")
		b.must("SELECT v FROM {t} WHERE id = 20 LOCK IN SHARE MODE")
		oa, ob := both(a, "UPDATE {t} SET v = 1 WHERE id = 20", b, "UPDATE {t} SET v = 2 WHERE id = 10")
		oneDeadlock(t, oa, ob)
	})
}

// lock-order: shared locks alone, in opposite orders, never wait for each
// other (experiment 12: S is compatible with S).
func TestLockOrder_SharedOnlyOppositeProceeds(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		b.begin()
		a.must("SELECT v FROM {t} WHERE id = 10 LOCK IN SHARE MODE")
		b.must("SELECT v FROM {t} WHERE id = 20 LOCK IN SHARE MODE")
		want(t, a.run("SELECT v FROM {t} WHERE id = 20 LOCK IN SHARE MODE"), proceeds)
		want(t, b.run("SELECT v FROM {t} WHERE id = 10 LOCK IN SHARE MODE"), proceeds)
		a.commit()
		b.commit()
	})
}

// The lock set: a statement on a row the transaction already holds takes
// no new lock and waits for nothing. A and B each lock one row, then each
// updates (and deletes from) its own row again while the other holds its
// row: everything proceeds, no deadlock, at RR and RC. So "lock, check,
// update" of one row is one lock, and only a second row can close a cycle.
func TestLockSet_RetouchingHeldRowsTakesNoNewLock(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		b.begin()
		a.must("SELECT v FROM {t} WHERE u = 100 FOR UPDATE") // row 10, found by another key
		b.must("SELECT v FROM {t} WHERE id IN (20, 30) ORDER BY id FOR UPDATE")
		want(t, a.run("UPDATE {t} SET v = 1 WHERE id = 10"), proceeds)
		want(t, b.run("UPDATE {t} SET v = 2 WHERE id = 30"), proceeds)
		want(t, b.run("UPDATE {t} SET v = 3 WHERE id = 20"), proceeds)
		want(t, a.run("UPDATE {t} SET ver = ver + 1 WHERE id = 10"), proceeds)
		a.commit()
		b.commit()
	})
}

// stale-snapshot-read, ground-truth.md experiments 9a and 9d: an UPDATE is
// the lock. A reads v (0) with a plain SELECT, B commits v = 5, A's UPDATE
// of another column of the row locks and acts on the latest committed row
// (a plain read of A's own row now shows 5), and A's write of the value
// computed from its plain read (0 + 1) overwrites B's 5: at RR and RC.
func TestStaleSnapshotRead_UpdateIsTheLock(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0")
		wantAffected(t, b.run("UPDATE {t} SET v = 5 WHERE id = 10"), 1) // autocommit
		wantAffected(t, a.run("UPDATE {t} SET ver = ver + 1 WHERE id = 10"), 1)
		wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "5")
		wantAffected(t, a.run("UPDATE {t} SET v = 1 WHERE id = 10"), 1) // 0 + 1, from the plain read
		a.commit()
		wantRows(t, b.run("SELECT v FROM {t} WHERE id = 10"), "1")
	})
}

// nested-lock, upserts in map order (ground-truth.md 14a/14b: an upsert
// keeps the row it inserts or updates locked until commit). B upserts row
// 20; A's one multi-row upsert of (10), (20) locks 10 and then waits for
// 20, holding 10; B's upsert of 10 then closes the cycle: one of them gets
// 1213, at RR and RC. Two transactions upserting overlapping keys in
// different orders deadlock, one statement per row or one for all.
func TestNestedLock_MultiRowUpsertLocksInValuesOrder(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		b.begin()
		b.must("INSERT INTO {t} (id) VALUES (20) ON DUPLICATE KEY UPDATE v = v + 1")
		oa, ob := both(a, "INSERT INTO {t} (id) VALUES (10), (20) ON DUPLICATE KEY UPDATE v = v + 1",
			b, "INSERT INTO {t} (id) VALUES (10) ON DUPLICATE KEY UPDATE v = v + 1")
		oneDeadlock(t, oa, ob)
	})
}

// The lock set's guards, for a whole IN list: A locks parent rows 10 and
// 20 of {t} exclusively with one UPDATE ... WHERE id IN, B the parents 20
// and 30 the same way and waits for A's row 20, holding nothing A wants.
// A then deletes the child rows of {g} keyed by its parents, in the order
// opposite to the IN list's, and commits; B's UPDATE goes on, and B
// deletes the children of its own parents: no deadlock, at RR and RC. The
// children of a parent that one statement locked with the others are
// only reached through that parent's row.
func TestLockSet_INListParentsGuardChildren(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		f.table("g")
		f.setup(`CREATE TABLE {g} (
			id INT NOT NULL PRIMARY KEY, pid INT NOT NULL, KEY idx_pid (pid)
		) ENGINE=InnoDB`,
			`INSERT INTO {g} (id, pid) VALUES (1, 10), (2, 10), (3, 20), (4, 30)`)
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		b.begin()
		wantAffected(t, a.run("UPDATE {t} SET v = 1 WHERE id IN (10, 20)"), 2)
		pb := b.start("UPDATE {t} SET v = 2 WHERE id IN (20, 30)")
		pb.waitUntilWaiting()
		wantAffected(t, a.run("DELETE FROM {g} WHERE pid = 20"), 1)
		wantAffected(t, a.run("DELETE FROM {g} WHERE pid = 10"), 2)
		a.commit()
		wantAffected(t, pb.result(), 2)
		wantAffected(t, b.run("DELETE FROM {g} WHERE pid = 30"), 1)
		wantAffected(t, b.run("DELETE FROM {g} WHERE pid = 20"), 0)
		b.commit()
	})
}
