package groundtruth

import "testing"

// deleteThenInsert is "replace by hand": A and B both run del, then A runs
// ins[0] and B ins[1]. It returns A's and B's insert outcomes, interleaved
// the way two concurrent callers meet: both deletes first when the key is
// absent (a 0-row DELETE waits for nothing), and B's delete waiting on A's
// when the row exists.
func deleteThenInsert(t *testing.T, level iso, present bool, del string, ins [2]string) (a, b *session, oa, ob outcome) {
	f := newFixture(t)
	f.tableT()
	a, b = f.session("A", level), f.session("B", level)
	a.begin()
	b.begin()
	if !present {
		wantAffected(t, a.run(del), 0)
		wantAffected(t, b.run(del), 0)
		if level == rc {
			oa = a.run(ins[0])
			pb := b.start(ins[1])
			pb.waitUntilWaiting()
			a.commit()
			return a, b, oa, pb.result()
		}
		oa, ob = both(a, ins[0], b, ins[1])
		return a, b, oa, ob
	}
	wantAffected(t, a.run(del), 1)
	pb := b.start(del)
	pb.waitUntilWaiting()
	oa = a.run(ins[0])
	if oa.kind == proceeds {
		a.commit()
	}
	od := pb.result()
	if od.kind != proceeds {
		return a, b, oa, od
	}
	return a, b, oa, b.run(ins[1])
}

// check-then-insert, DELETE-then-INSERT of an absent key (issue of
// "replace done by hand"). At REPEATABLE READ the two 0-row DELETEs take
// compatible gap locks, and each INSERT waits for the other's: one
// transaction gets 1213, by primary key and by unique secondary key alike.
// At READ COMMITTED the DELETEs lock nothing: the second INSERT waits for
// the first and then fails with a duplicate key (1062).
func TestCheckThenInsert_DeleteThenInsertAbsentKey(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, del string
		ins       [2]string
	}{
		{"PrimaryKey", "DELETE FROM {t} WHERE id = 25",
			[2]string{"INSERT INTO {t} (id) VALUES (25)", "INSERT INTO {t} (id) VALUES (25)"}},
		{"UniqueKey", "DELETE FROM {t} WHERE u = 250",
			[2]string{"INSERT INTO {t} (id, u) VALUES (25, 250)", "INSERT INTO {t} (id, u) VALUES (26, 250)"}},
	} {
		t.Run(tc.name+"RR", func(t *testing.T) {
			parallel(t)
			a, b, oa, ob := deleteThenInsert(t, rr, false, tc.del, tc.ins)
			if v := oneDeadlock(t, oa, ob); v >= 0 {
				t.Logf("deadlock victim: %s", []*session{a, b}[v].name)
			}
		})
		t.Run(tc.name+"RC", func(t *testing.T) {
			parallel(t)
			_, _, oa, ob := deleteThenInsert(t, rc, false, tc.del, tc.ins)
			wantAffected(t, oa, 1)
			wantErr(t, ob, 1062)
		})
	}
}

// check-then-insert, DELETE-then-INSERT of a row that exists. B's DELETE
// waits for A's. On MariaDB 10.11 A's re-insert of the key it deleted goes
// through, and B waits until A commits, then deletes A's new row and
// inserts its own: a wait, not a deadlock, at RR and RC, by primary and by
// unique key. (MySQL 8 instead deadlocks here: the re-insert's duplicate
// check on the delete-marked entry queues behind B's waiting request.)
func TestCheckThenInsert_DeleteThenInsertPresentRowWaitsOnMariaDB(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, del string
		ins       [2]string
	}{
		{"PrimaryKey", "DELETE FROM {t} WHERE id = 20",
			[2]string{"INSERT INTO {t} (id) VALUES (20)", "INSERT INTO {t} (id) VALUES (20)"}},
		{"UniqueKey", "DELETE FROM {t} WHERE u = 200",
			[2]string{"INSERT INTO {t} (id, u) VALUES (20, 200)", "INSERT INTO {t} (id, u) VALUES (20, 200)"}},
	} {
		for _, level := range []iso{rr, rc} {
			t.Run(tc.name+level.String(), func(t *testing.T) {
				parallel(t)
				_, _, oa, ob := deleteThenInsert(t, level, true, tc.del, tc.ins)
				if !gt.mariaDB {
					if oa.kind != deadlock && ob.kind != deadlock {
						t.Errorf("want a deadlock (1213) on MySQL, got\n\t%v\n\t%v", oa, ob)
					}
					return
				}
				wantAffected(t, oa, 1)
				wantAffected(t, ob, 1)
			})
		}
	}
}

// check-then-insert, a count as the check: SELECT COUNT(*) ... LOCK IN
// SHARE MODE (or FOR UPDATE) that finds 0 rows, then INSERT. It locks the
// same gap a point lookup does: at RR the two inserts deadlock, at RC the
// second waits and then fails with 1062.
func TestCheckThenInsert_CountThenInsert(t *testing.T) {
	parallel(t)
	for _, check := range []struct{ name, q string }{
		{"LockInShareMode", "SELECT COUNT(*) FROM {t} WHERE u = 250 LOCK IN SHARE MODE"},
		{"ForUpdate", "SELECT COUNT(*) FROM {t} WHERE u = 250 FOR UPDATE"},
	} {
		ins := [2]string{"INSERT INTO {t} (id, u) VALUES (25, 250)", "INSERT INTO {t} (id, u) VALUES (26, 250)"}
		t.Run(check.name+"RR", func(t *testing.T) {
			parallel(t)
			s, oa, ob := countThenInsert(t, rr, check.q, ins)
			if v := oneDeadlock(t, oa, ob); v >= 0 {
				t.Logf("deadlock victim: %s", s[v].name)
			}
		})
		t.Run(check.name+"RC", func(t *testing.T) {
			parallel(t)
			_, oa, ob := countThenInsert(t, rc, check.q, ins)
			wantAffected(t, oa, 1)
			wantErr(t, ob, 1062)
		})
	}
}

// countThenInsert is checkThenInsert with a check that returns one row,
// the count 0, instead of none.
func countThenInsert(t *testing.T, level iso, count string, ins [2]string) ([2]*session, outcome, outcome) {
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", level), f.session("B", level)
	a.begin()
	b.begin()
	wantRows(t, a.run(count), "0")
	wantRows(t, b.run(count), "0")
	if level == rc {
		oa := a.run(ins[0])
		pb := b.start(ins[1])
		pb.waitUntilWaiting()
		a.commit()
		return [2]*session{a, b}, oa, pb.result()
	}
	oa, ob := both(a, ins[0], b, ins[1])
	return [2]*session{a, b}, oa, ob
}
