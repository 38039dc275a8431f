package groundtruth

import "testing"

// range-lock at SERIALIZABLE, ground-truth.md experiment 14j.
// In a transaction at SERIALIZABLE a plain range read locks like LOCK IN
// SHARE MODE: it takes shared next-key locks over the range it scans, up to
// the end of the table for an open range, so inserts into the range wait
// until the reader commits; inserts below it proceed. Outside a
// transaction (autocommit) the same read is a consistent read and locks
// nothing, and at REPEATABLE READ it locks nothing either.
func TestRangeLock_PlainRangeReadLocksAtSerializable(t *testing.T) {
	parallel(t)
	const read = "SELECT id, v FROM {t} WHERE id > 15 ORDER BY id ASC LIMIT 100"
	t.Run("InTransaction", func(t *testing.T) {
		parallel(t)
		f := newFixture(t)
		f.tableT()
		a, b := f.session("A", ser), f.session("B", rr)
		a.begin()
		wantRows(t, a.run(read), "20,0", "30,0", "40,0")
		want(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), blocked)
		want(t, b.probe("INSERT INTO {t} (id) VALUES (45)"), blocked) // past the last row: the supremum
		want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 30"), blocked)
		wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (5)"), 1)
		pb := b.start("INSERT INTO {t} (id) VALUES (25)")
		pb.waitUntilWaiting()
		a.commit()
		wantAffected(t, pb.result(), 1)
	})
	t.Run("Autocommit", func(t *testing.T) {
		parallel(t)
		f := newFixture(t)
		f.tableT()
		a, b := f.session("A", ser), f.session("B", rr)
		wantRows(t, a.run(read), "20,0", "30,0", "40,0")
		wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), 1)
	})
	t.Run("RepeatableRead", func(t *testing.T) {
		parallel(t)
		f := newFixture(t)
		f.tableT()
		a, b := f.session("A", rr), f.session("B", rr)
		a.begin()
		wantRows(t, a.run(read), "20,0", "30,0", "40,0")
		wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), 1)
		a.rollback()
	})
}

// check-then-insert with the check in a subquery. A FOR UPDATE in a
// subquery of a WHERE locks what the subquery reads, whatever the outer
// statement does: two transactions that read through
// `id > (SELECT COALESCE((SELECT v ... WHERE id = 25 FOR UPDATE), 0))`
// with key 25 absent both get its gap lock, and then their upserts of key
// 25 (INSERT ... ON DUPLICATE KEY UPDATE, deadlock-free on their own,
// 14a) each wait for the other's gap lock: one gets 1213, at REPEATABLE
// READ and at SERIALIZABLE. At READ COMMITTED there is no gap lock and no
// deadlock: the second upsert waits for the first and then updates its row.
func TestCheckThenInsert_LockingSubqueryThenUpsert(t *testing.T) {
	parallel(t)
	const (
		read   = "SELECT id FROM {t} WHERE id > (SELECT COALESCE((SELECT v FROM {t} WHERE id = 25 FOR UPDATE), 0)) ORDER BY id LIMIT 1"
		upsert = "INSERT INTO {t} (id, v) VALUES (25, 1) ON DUPLICATE KEY UPDATE v = v + 1"
	)
	for _, level := range []iso{rr, ser} {
		t.Run(level.String(), func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a, b := f.session("A", level), f.session("B", level)
			a.begin()
			b.begin()
			wantRows(t, a.run(read), "10")
			wantRows(t, b.run(read), "10")
			s := [2]*session{a, b}
			oa, ob := both(a, upsert, b, upsert)
			if v := oneDeadlock(t, oa, ob); v >= 0 {
				t.Logf("deadlock victim: %s", s[v].name)
			}
		})
	}
	t.Run("RC", func(t *testing.T) {
		parallel(t)
		f := newFixture(t)
		f.tableT()
		a, b := f.session("A", rc), f.session("B", rc)
		a.begin()
		b.begin()
		wantRows(t, a.run(read), "10")
		wantRows(t, b.run(read), "10")
		wantAffected(t, a.run(upsert), 1)
		pb := b.start(upsert)
		pb.waitUntilWaiting()
		a.commit()
		wantAffected(t, pb.result(), 2)
		b.commit()
	})
}
