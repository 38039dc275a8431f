package groundtruth

import (
	"fmt"
	"testing"
)

// lost-update, ground-truth.md experiment 10a.
// Two transactions read v with a plain SELECT, compute v+1 in the
// application and write it back with SET v = ?. Nothing waits, and the
// final value is 1 after two increments: one update is lost, silently, at
// RR and at RC. The second writer's RowsAffected is 0 (go-sql-driver counts
// changed rows, and it wrote the value already there).
func TestLostUpdate_PlainReadThenWriteLosesUpdate(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		b.begin()
		var read [2]int
		for i, s := range []*session{a, b} {
			fmt.Sscan(s.value("SELECT v FROM {t} WHERE id = 10"), &read[i])
		}
		wantAffected(t, a.run("UPDATE {t} SET v = ? WHERE id = 10", read[0]+1), 1)
		a.commit()
		wantAffected(t, b.run("UPDATE {t} SET v = ? WHERE id = 10", read[1]+1), 0)
		b.commit()
		if v := a.value("SELECT v FROM {t} WHERE id = 10"); v != "1" {
			t.Errorf("final v = %s, want 1 (one of two increments lost)", v)
		}
	})
}

// lost-update (the atomic fix), ground-truth.md experiment 10b.
// SET v = v + 1 from two transactions: the second waits for the first,
// then increments the committed value. Final v = 2, at RR and RC.
func TestLostUpdate_AtomicIncrementKeepsBoth(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		const inc = "UPDATE {t} SET v = v + 1 WHERE id = 10"
		a.begin()
		b.begin()
		wantAffected(t, a.run(inc), 1)
		pb := b.start(inc)
		pb.waitUntilWaiting()
		a.commit()
		wantAffected(t, pb.result(), 1)
		b.commit()
		if v := a.value("SELECT v FROM {t} WHERE id = 10"); v != "2" {
			t.Errorf("final v = %s, want 2", v)
		}
	})
}

// lost-update (the versioned fix), ground-truth.md experiment 10d.
// Both transactions read (v, ver) = (0, 0); A's UPDATE ... WHERE ver = 0
// affects 1 row and commits; B's identical UPDATE affects 0 rows, which is
// how the loser detects the conflict. At RR B's plain re-read still shows
// the old (0, 0), so the retry needs a new transaction; at RC it shows (1, 1).
func TestLostUpdate_VersionedUpdateLoserAffectsNoRows(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		const versioned = "UPDATE {t} SET v = 1, ver = ver + 1 WHERE id = 10 AND ver = 0"
		a.begin()
		b.begin()
		wantRows(t, a.run("SELECT v, ver FROM {t} WHERE id = 10"), "0,0")
		wantRows(t, b.run("SELECT v, ver FROM {t} WHERE id = 10"), "0,0")
		wantAffected(t, a.run(versioned), 1)
		a.commit()
		wantAffected(t, b.run(versioned), 0)
		reread := map[iso]string{rr: "0,0", rc: "1,1"}[level]
		wantRows(t, b.run("SELECT v, ver FROM {t} WHERE id = 10"), reread)
		b.commit()
		wantRows(t, b.run("SELECT v, ver FROM {t} WHERE id = 10"), "1,1")
	})
}
