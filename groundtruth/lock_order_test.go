package groundtruth

import (
	"fmt"
	"testing"
)

// opposite runs the lock-order scenario of ground-truth.md experiments 8
// and 14g: A locks row 10 and writes 100 there, B locks row 20 and writes
// 200, then A locks 20 (and waits) and B locks 10. lock(row, val) is the
// locking statement (val is the value an UPDATE variant writes). It checks
// that exactly one session gets 1213, that the victim's whole transaction
// was rolled back, and that only the survivor's writes are committed.
func opposite(t *testing.T, level iso, lock func(row, val int) string) {
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", level), f.session("B", level)
	a.begin()
	b.begin()
	a.must(lock(10, 100))
	b.must(lock(20, 200))
	a.must("UPDATE {t} SET v = 100 WHERE id = 10")
	b.must("UPDATE {t} SET v = 200 WHERE id = 20")
	oa, ob := both(a, lock(20, 101), b, lock(10, 201))
	victim := oneDeadlock(t, oa, ob)
	if victim < 0 {
		return
	}
	loser, winner := []*session{a, b}[victim], []*session{a, b}[1-victim]
	t.Logf("deadlock victim: %s", loser.name)
	if gt.mariaDB {
		if got := loser.inTx(); got != "0" {
			t.Errorf("1213 must end the victim's transaction: %s @@in_transaction = %s", loser.name, got)
		}
	}
	if winner == a {
		a.must("UPDATE {t} SET v = 101 WHERE id = 20")
	} else {
		b.must("UPDATE {t} SET v = 201 WHERE id = 10")
	}
	winner.commit()
	// Only the survivor's writes remain: 1213 rolled back the victim's
	// earlier UPDATE too.
	final := loser.value("SELECT GROUP_CONCAT(v ORDER BY id) FROM {t} WHERE id IN (10, 20)")
	wantFinal := map[string]string{"A": "100,101", "B": "201,200"}[winner.name]
	if final != wantFinal {
		t.Errorf("v of rows 10,20 after %s survived: %s, want %s", winner.name, final, wantFinal)
	}
}

// lock-order, ground-truth.md experiments 8 and 14g.
// Two transactions that UPDATE the same two rows in opposite order
// deadlock at RR and at RC: one of them gets 1213 and its whole transaction
// is rolled back.
func TestLockOrder_OppositeOrderDeadlocks(t *testing.T) {
	parallel(t)
	for _, level := range []iso{rr, rc} {
		t.Run(level.String(), func(t *testing.T) {
			parallel(t)
			opposite(t, level, func(row, val int) string {
				return fmt.Sprintf("UPDATE {t} SET v = %d WHERE id = %d", val, row)
			})
		})
	}
}

// nested-lock, ground-truth.md experiment 8 (FOR UPDATE variant).
// Two callers of a function that locks one row with FOR UPDATE and then
// another, given the same ids in opposite order, deadlock at RR and RC.
func TestNestedLock_OppositeArgumentsDeadlock(t *testing.T) {
	parallel(t)
	for _, level := range []iso{rr, rc} {
		t.Run(level.String(), func(t *testing.T) {
			parallel(t)
			opposite(t, level, func(row, _ int) string {
				return fmt.Sprintf("SELECT id FROM {t} WHERE id = %d FOR UPDATE", row)
			})
		})
	}
}

// lock-order and nested-lock, ground-truth.md experiment 8 (same order).
// When both transactions lock the rows in the same order (one by one, or
// in one statement ordered by id, the fix nested-lock suggests), the second
// only waits and proceeds once the first commits: no deadlock.
func TestLockOrder_SameOrderOnlyWaits(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		name  string
		level iso
		steps []string
	}{
		{"OneByOneRR", rr, []string{"SELECT id FROM {t} WHERE id = 10 FOR UPDATE", "SELECT id FROM {t} WHERE id = 20 FOR UPDATE"}},
		{"OneByOneRC", rc, []string{"SELECT id FROM {t} WHERE id = 10 FOR UPDATE", "SELECT id FROM {t} WHERE id = 20 FOR UPDATE"}},
		{"OneStatementRR", rr, []string{"SELECT id FROM {t} WHERE id IN (10, 20) ORDER BY id FOR UPDATE"}},
		{"OneStatementRC", rc, []string{"SELECT id FROM {t} WHERE id IN (10, 20) ORDER BY id FOR UPDATE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a, b := f.session("A", tc.level), f.session("B", tc.level)
			a.begin()
			b.begin()
			a.must(tc.steps[0])
			pb := b.start(tc.steps[0])
			pb.waitUntilWaiting()
			for _, q := range tc.steps[1:] {
				a.must(q)
			}
			a.commit()
			want(t, pb.result(), proceeds)
			for _, q := range tc.steps[1:] {
				want(t, b.run(q), proceeds)
			}
			b.commit()
		})
	}
}
