package groundtruth

import "testing"

// checkThenInsert lets A and B both run check (which finds nothing), then
// has A insert ins[0] (which waits on B's gap lock at RR) and B insert ins[1].
// It returns the sessions and A's and B's insert outcomes.
func checkThenInsert(t *testing.T, level iso, check string, ins [2]string) ([2]*session, outcome, outcome) {
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", level), f.session("B", level)
	a.begin()
	b.begin()
	for _, s := range []*session{a, b} {
		o := s.must(check)
		if len(o.rows) != 0 || o.affected != 0 {
			t.Fatalf("the check must find nothing: %v", o)
		}
	}
	if level == rc {
		// At RC the check locks nothing, so A's insert goes through at
		// once; B's insert of the same key then waits for A.
		oa := a.run(ins[0])
		pb := b.start(ins[1])
		pb.waitUntilWaiting()
		a.commit()
		return [2]*session{a, b}, oa, pb.result()
	}
	oa, ob := both(a, ins[0], b, ins[1])
	return [2]*session{a, b}, oa, ob
}

// check-then-insert, ground-truth.md experiment 7 (RR column: 7a, 7b, and
// the LOCK IN SHARE MODE and 0-row DELETE checks).
// At REPEATABLE READ two transactions that lock-check an absent key and
// then insert it deadlock: the checks take compatible gap locks, and each
// insert waits for the other's gap lock. One of them gets 1213.
func TestCheckThenInsert_DeadlocksAtRR(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, check string
		ins         [2]string
	}{
		{"PKForUpdate", "SELECT id FROM {t} WHERE id = 25 FOR UPDATE",
			[2]string{"INSERT INTO {t} (id) VALUES (25)", "INSERT INTO {t} (id) VALUES (25)"}},
		{"UniqueForUpdate", "SELECT id FROM {t} WHERE u = 250 FOR UPDATE",
			[2]string{"INSERT INTO {t} (id, u) VALUES (25, 250)", "INSERT INTO {t} (id, u) VALUES (26, 250)"}},
		{"PKLockInShareMode", "SELECT id FROM {t} WHERE id = 25 LOCK IN SHARE MODE",
			[2]string{"INSERT INTO {t} (id) VALUES (25)", "INSERT INTO {t} (id) VALUES (25)"}},
		{"ZeroRowDelete", "DELETE FROM {t} WHERE id = 25",
			[2]string{"INSERT INTO {t} (id) VALUES (25)", "INSERT INTO {t} (id) VALUES (25)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			s, oa, ob := checkThenInsert(t, rr, tc.check, tc.ins)
			if v := oneDeadlock(t, oa, ob); v >= 0 {
				t.Logf("deadlock victim: %s", s[v].name)
			}
		})
	}
}

// check-then-insert, ground-truth.md experiment 7 (RC column).
// At READ COMMITTED the same pattern does not deadlock, but the locking
// check buys nothing: the second inserter waits for the first and then
// fails with a duplicate-key error (1062).
func TestCheckThenInsert_LoserBlocksThenDuplicateAtRC(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, check string
		ins         [2]string
	}{
		{"PKForUpdate", "SELECT id FROM {t} WHERE id = 25 FOR UPDATE",
			[2]string{"INSERT INTO {t} (id) VALUES (25)", "INSERT INTO {t} (id) VALUES (25)"}},
		{"UniqueForUpdate", "SELECT id FROM {t} WHERE u = 250 FOR UPDATE",
			[2]string{"INSERT INTO {t} (id, u) VALUES (25, 250)", "INSERT INTO {t} (id, u) VALUES (26, 250)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			_, oa, ob := checkThenInsert(t, rc, tc.check, tc.ins)
			wantAffected(t, oa, 1)
			wantErr(t, ob, 1062)
		})
	}
}

// check-then-insert (the fix it recommends), ground-truth.md experiments
// 14a and 7c.
// INSERT ... ON DUPLICATE KEY UPDATE of the same absent key from two
// transactions does not deadlock, at RR or RC: the second waits for the
// first, then updates the row it inserted (aff=2), and both increments land.
func TestCheckThenInsert_UpsertDoesNotDeadlock(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		const upsert = "INSERT INTO {t} (id, v) VALUES (25, 1) ON DUPLICATE KEY UPDATE v = v + 1"
		a.begin()
		b.begin()
		wantAffected(t, a.run(upsert), 1)
		pb := b.start(upsert)
		pb.waitUntilWaiting()
		a.commit()
		wantAffected(t, pb.result(), 2)
		b.commit()
		if v := a.value("SELECT v FROM {t} WHERE id = 25"); v != "2" {
			t.Errorf("v = %s after two upserts, want 2", v)
		}
	})
}

// check-then-insert, an UPDATE as the check ("update, and insert when it
// changed no row"). An UPDATE by key that finds no row gap-locks like a
// locking read (experiment 2d): at RR two such transactions' INSERTs
// deadlock; at RC the second waits and then fails with 1062.
func TestCheckThenInsert_UpdateFindingNoRowThenInsert(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, check string
		ins         [2]string
	}{
		{"PK", "UPDATE {t} SET v = 1 WHERE id = 25",
			[2]string{"INSERT INTO {t} (id) VALUES (25)", "INSERT INTO {t} (id) VALUES (25)"}},
		{"Unique", "UPDATE {t} SET v = 1 WHERE u = 250",
			[2]string{"INSERT INTO {t} (id, u) VALUES (25, 250)", "INSERT INTO {t} (id, u) VALUES (26, 250)"}},
	} {
		t.Run(tc.name+"RR", func(t *testing.T) {
			parallel(t)
			_, oa, ob := checkThenInsert(t, rr, tc.check, tc.ins)
			oneDeadlock(t, oa, ob)
		})
		t.Run(tc.name+"RC", func(t *testing.T) {
			parallel(t)
			_, oa, ob := checkThenInsert(t, rc, tc.check, tc.ins)
			wantAffected(t, oa, 1)
			wantErr(t, ob, 1062)
		})
	}
}
