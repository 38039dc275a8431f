package groundtruth

import "testing"

// check-then-insert, "replace by hand": DELETE by a primary or unique key,
// then INSERT of the same key, in two transactions at once.

// With the key absent, both DELETEs find nothing: at RR each takes the
// gap lock (2d, 7), gap locks are compatible, and each INSERT waits for
// the other's gap lock: one gets 1213. At RC there is no gap lock: the
// first INSERT proceeds, the second waits and then fails with 1062.
func TestCheckThenInsert_DeleteThenInsertAbsentKey(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name, del string
		ins       [2]string
	}{
		{"PK", "DELETE FROM {t} WHERE id = 25",
			[2]string{"INSERT INTO {t} (id) VALUES (25)", "INSERT INTO {t} (id) VALUES (25)"}},
		{"Unique", "DELETE FROM {t} WHERE u = 250",
			[2]string{"INSERT INTO {t} (id, u) VALUES (25, 250)", "INSERT INTO {t} (id, u) VALUES (26, 250)"}},
	} {
		t.Run(tc.name+"RR", func(t *testing.T) {
			parallel(t)
			_, oa, ob := checkThenInsert(t, rr, tc.del, tc.ins)
			oneDeadlock(t, oa, ob)
		})
		t.Run(tc.name+"RC", func(t *testing.T) {
			parallel(t)
			_, oa, ob := checkThenInsert(t, rc, tc.del, tc.ins)
			want(t, oa, proceeds)
			wantErr(t, ob, 1062)
		})
	}
}

// With the row present, A's DELETE locks it and B's DELETE waits for A.
// On MariaDB A's re-INSERT of the key then proceeds (A holds the
// delete-marked record), and once A commits B's DELETE removes A's new row
// and B's INSERT proceeds: no deadlock, B only waited, at RR and RC.
func TestCheckThenInsert_DeleteThenInsertPresentKeyWaitsOnMariaDB(t *testing.T) {
	parallel(t)
	requireMariaDB(t)
	for _, tc := range []struct {
		name, del string
		ins       [2]string
	}{
		{"PK", "DELETE FROM {t} WHERE id = 20",
			[2]string{"INSERT INTO {t} (id) VALUES (20)", "INSERT INTO {t} (id) VALUES (20)"}},
		{"Unique", "DELETE FROM {t} WHERE u = 200",
			[2]string{"INSERT INTO {t} (id, u) VALUES (25, 200)", "INSERT INTO {t} (id, u) VALUES (26, 200)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			atLevels(t, func(t *testing.T, f *fixture, level iso) {
				a, b := f.session("A", level), f.session("B", level)
				a.begin()
				b.begin()
				wantAffected(t, a.run(tc.del), 1)
				pb := b.start(tc.del)
				pb.waitUntilWaiting()
				want(t, a.run(tc.ins[0]), proceeds)
				a.commit()
				wantAffected(t, pb.result(), 1)
				want(t, b.run(tc.ins[1]), proceeds)
				b.commit()
			})
		})
	}
}

// check-then-insert with a COUNT: A and B both count an absent unique key
// under LOCK IN SHARE MODE (0 each), then both insert it. At RR the counts
// took compatible gap locks and the inserts wait on each other: one gets
// 1213. At RC the first insert proceeds and the second waits, then fails
// with 1062. A COUNT of 0 is a missing-row check like sql.ErrNoRows.
func TestCheckThenInsert_CountInShareModeThenInsert(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		b.begin()
		for _, s := range []*session{a, b} {
			wantRows(t, s.run("SELECT COUNT(*) FROM {t} WHERE u = 250 LOCK IN SHARE MODE"), "0")
		}
		insA, insB := "INSERT INTO {t} (id, u) VALUES (25, 250)", "INSERT INTO {t} (id, u) VALUES (26, 250)"
		if level == rr {
			oa, ob := both(a, insA, b, insB)
			oneDeadlock(t, oa, ob)
			return
		}
		want(t, a.run(insA), proceeds)
		pb := b.start(insB)
		pb.waitUntilWaiting()
		a.commit()
		wantErr(t, pb.result(), 1062)
	})
}

// The same with INSERT IGNORE as the insert (check-then-insert's
// cannotFailDuplicate): at RR the DELETE's gap lock still makes both
// insert-intention locks wait on each other, one gets 1213; at RC the
// second INSERT IGNORE waits for the first and then skips the row
// (aff=0) without an error, so there is nothing for the code to handle.
func TestCheckThenInsert_DeleteThenInsertIgnore(t *testing.T) {
	parallel(t)
	const del = "DELETE FROM {t} WHERE id = 25"
	ins := [2]string{"INSERT IGNORE INTO {t} (id) VALUES (25)", "INSERT IGNORE INTO {t} (id) VALUES (25)"}
	t.Run("RR", func(t *testing.T) {
		parallel(t)
		_, oa, ob := checkThenInsert(t, rr, del, ins)
		oneDeadlock(t, oa, ob)
	})
	t.Run("RC", func(t *testing.T) {
		parallel(t)
		_, oa, ob := checkThenInsert(t, rc, del, ins)
		wantAffected(t, oa, 1)
		wantAffected(t, ob, 0)
	})
}
