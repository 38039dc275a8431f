package groundtruth

import "testing"

// range-lock, ground-truth.md experiments 5a and 5c (RR column).
// At REPEATABLE READ a locking range read on the primary key locks every
// gap in the range (inserts inside it wait) and the first row past its
// upper end as a record (an UPDATE of that row waits); inserts outside the
// range proceed. An exact lower bound (BETWEEN 20 ...) locks no gap below it.
func TestRangeLock_RangeBlocksInsertsAndNextRowAtRR(t *testing.T) {
	parallel(t)
	t.Run("LessThan", func(t *testing.T) { // 5a
		parallel(t)
		f := newFixture(t)
		f.tableT()
		a, b := f.session("A", rr), f.session("B", rr)
		a.explain("SELECT id FROM {t} WHERE id > 15 AND id < 35 FOR UPDATE")
		a.begin()
		wantRows(t, a.run("SELECT id FROM {t} WHERE id > 15 AND id < 35 FOR UPDATE"), "20", "30")

		want(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), blocked)
		want(t, b.probe("INSERT INTO {t} (id) VALUES (36)"), blocked)
		want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 40"), blocked) // first row past the end
		wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (5)"), 1)
		wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (45)"), 1)
		wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)
	})
	t.Run("Between", func(t *testing.T) { // 5c
		parallel(t)
		f := newFixture(t)
		f.tableT()
		a, b := f.session("A", rr), f.session("B", rr)
		a.explain("SELECT id FROM {t} WHERE id BETWEEN 20 AND 30 FOR UPDATE")
		a.begin()
		wantRows(t, a.run("SELECT id FROM {t} WHERE id BETWEEN 20 AND 30 FOR UPDATE"), "20", "30")

		want(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), blocked)
		want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 40"), blocked) // first row past the end
		wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (15)"), 1)     // below an exact lower bound
		wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (45)"), 1)
	})
}

// range-lock, ground-truth.md experiments 5a and 5c (RC column).
// At READ COMMITTED the same range reads lock only the rows they return:
// inserts into the range and the row past its end proceed.
func TestRangeLock_RangeDoesNotBlockInsertsAtRC(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rc), f.session("B", rc)
	a.begin()
	wantRows(t, a.run("SELECT id FROM {t} WHERE id > 15 AND id < 35 FOR UPDATE"), "20", "30")

	wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), 1)
	wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (36)"), 1)
	wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 40"), 1)
	want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 20"), blocked) // the rows read stay locked

	a.rollback()
	a.begin()
	wantRows(t, a.run("SELECT id FROM {t} WHERE id BETWEEN 20 AND 30 FOR UPDATE"), "20", "30")
	wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), 1)
	wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 40"), 1)
}

// range-lock, ground-truth.md experiment 4.
// A locking read by equality on a non-unique index locks, at RR, the gaps on
// both sides of the matching entries: inserts of the same value and of the
// neighbouring values (k = 0, and k = 2 when its entry sorts before (2,30))
// wait; at RC none of them does.
func TestRangeLock_NonUniqueEqualityBlocksNeighbourInsertsAtRR(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.explain("SELECT id FROM {t} WHERE k = 1 FOR UPDATE")
		a.begin()
		wantRows(t, a.run("SELECT id FROM {t} WHERE k = 1 FOR UPDATE"), "10", "20")

		neighbours := []string{
			"INSERT INTO {t} (id, k) VALUES (15, 1)", // same value
			"INSERT INTO {t} (id, k) VALUES (25, 2)", // next value, entry (2,25) before (2,30)
			"INSERT INTO {t} (id, k) VALUES (5, 0)",  // previous value
		}
		for _, q := range neighbours {
			if level == rr {
				want(t, b.probe(q), blocked)
			} else {
				wantAffected(t, b.probe(q), 1)
			}
		}
		// Outside the locked stretch of the index: always proceeds.
		wantAffected(t, b.probe("INSERT INTO {t} (id, k) VALUES (35, 2)"), 1)
		wantAffected(t, b.probe("INSERT INTO {t} (id, k) VALUES (55, 3)"), 1)
		// The matched rows are locked at both levels.
		want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), blocked)
	})
}

// range-lock (negative), ground-truth.md experiment 2a.
// Locking an existing row by its full primary key locks only that row, at
// RR as at RC: neighbouring inserts and updates proceed. range-lock must not
// fire on PK equality.
func TestRangeLock_PKEqualityHitDoesNotBlockNeighbours(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	a.begin()
	wantRows(t, a.run("SELECT id FROM {t} WHERE id = 20 FOR UPDATE"), "20")

	wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (15)"), 1)
	wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), 1)
	wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)
	wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 30"), 1)
	wantRows(t, b.probe("SELECT v FROM {t} WHERE id = 20"), "0")
	want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 20"), blocked)
}

// range-lock, ground-truth.md experiments 2b and 2d.
// At RR a locking lookup of a missing primary key gap-locks the whole gap
// it falls in (20,30): inserts of 22 and 25 wait, inserts into other gaps
// proceed, and a second gap lock on the same gap is granted. A 0-row UPDATE
// does the same. At RC nothing is locked.
func TestRangeLock_MissingKeyGapLocksAtRR(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, stmt string
		level      iso
	}{
		{"ForUpdateRR", "SELECT id FROM {t} WHERE id = 25 FOR UPDATE", rr},
		{"ZeroRowUpdateRR", "UPDATE {t} SET v = 1 WHERE id = 25", rr},
		{"ForUpdateRC", "SELECT id FROM {t} WHERE id = 25 FOR UPDATE", rc},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a, b := f.session("A", tc.level), f.session("B", tc.level)
			a.begin()
			o := a.run(tc.stmt)
			if o.rows != nil {
				wantRows(t, o)
			} else {
				wantAffected(t, o, 0)
			}

			if tc.level == rr {
				want(t, b.probe("INSERT INTO {t} (id) VALUES (22)"), blocked)
				want(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), blocked)
			} else {
				wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (22)"), 1)
				wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), 1)
			}
			wantRows(t, b.probe("SELECT id FROM {t} WHERE id = 25 FOR UPDATE")) // gap locks are compatible
			wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (15)"), 1)
			wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (35)"), 1)
			wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 30"), 1)
		})
	}
}

// range-lock, ground-truth.md experiment 2c.
// At RR a locking lookup of a key above the maximum locks the supremum:
// every append (45, 1000) waits, while inserts below the maximum and
// updates of the last row proceed. At RC appends proceed.
func TestRangeLock_MissingKeyAboveMaxLocksSupremumAtRR(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		wantRows(t, a.run("SELECT id FROM {t} WHERE id = 99 FOR UPDATE"))

		for _, q := range []string{"INSERT INTO {t} (id) VALUES (45)", "INSERT INTO {t} (id) VALUES (1000)"} {
			if level == rr {
				want(t, b.probe(q), blocked)
			} else {
				wantAffected(t, b.probe(q), 1)
			}
		}
		wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (35)"), 1)
		wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 40"), 1)
	})
}

// range-lock, ground-truth.md experiment 3a.
// Unlike the primary key, an equality hit on a UNIQUE secondary index takes
// a next-key lock at RR on MariaDB 10.11: an insert into the gap just below
// the value (u = 150) waits. Other gaps proceed. At RC it proceeds.
func TestRangeLock_UniqueSecondaryEqualityBlocksInsertBelowAtRR(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.explain("SELECT * FROM {t} WHERE u = 200 FOR UPDATE")
		a.begin()
		wantRows(t, a.run("SELECT * FROM {t} WHERE u = 200 FOR UPDATE"), "20,1,200,22,0,0,banana")

		if level == rr {
			want(t, b.probe("INSERT INTO {t} (id, u) VALUES (15, 150)"), blocked)
		} else {
			wantAffected(t, b.probe("INSERT INTO {t} (id, u) VALUES (15, 150)"), 1)
		}
		wantAffected(t, b.probe("INSERT INTO {t} (id, u) VALUES (5, 50)"), 1)
		wantAffected(t, b.probe("INSERT INTO {t} (id, u) VALUES (25, 250)"), 1)
		wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE u = 300"), 1)
	})
}

// range-lock, ground-truth.md experiment 5d. A range through a secondary
// index locks the gaps it covers at RR (inserts there wait). At RC the gaps
// are free, but the first entry past the range stays locked, and with it
// its row: an update of the 'cherry' row, which LIKE 'b%' does not match,
// waits at both levels.
func TestRangeLock_SecondaryRangeKeepsNextEntryLockedAtRC(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.explain("SELECT id FROM {t} WHERE s LIKE 'b%' FOR UPDATE")
		a.begin()
		wantRows(t, a.run("SELECT id FROM {t} WHERE s LIKE 'b%' FOR UPDATE"), "20")

		want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 30"), blocked) // 'cherry', past the range
		if level == rr {
			want(t, b.probe("INSERT INTO {t} (id, s) VALUES (21, 'bz')"), blocked)
		} else {
			wantAffected(t, b.probe("INSERT INTO {t} (id, s) VALUES (21, 'bz')"), 1)
		}
		wantAffected(t, b.probe("INSERT INTO {t} (id, s) VALUES (5, 'aa')"), 1)
	})
}
