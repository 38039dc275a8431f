package groundtruth

import (
	"fmt"
	"testing"
)

// lock-order with shared locks first. Two transactions that take LOCK IN
// SHARE MODE on one row and then write the other, in opposite order,
// deadlock at RR and at RC: each write waits for the other's S lock. (The
// same holds for the MySQL manual's example, an S lock followed by a write
// of the same row by both.)
func TestLockOrder_SharedThenExclusiveOppositeOrderDeadlocks(t *testing.T) {
	parallel(t)
	for _, level := range []iso{rr, rc} {
		t.Run(level.String(), func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a, b := f.session("A", level), f.session("B", level)
			a.begin()
			b.begin()
			a.must("SELECT v FROM {t} WHERE id = 10 LOCK IN SHARE MODE")
			b.must("SELECT v FROM {t} WHERE id = 20 LOCK IN SHARE MODE")
			oa, ob := both(a, "UPDATE {t} SET v = v + 1 WHERE id = 20", b, "UPDATE {t} SET v = v + 1 WHERE id = 10")
			if v := oneDeadlock(t, oa, ob); v >= 0 {
				t.Logf("deadlock victim: %s", []*session{a, b}[v].name)
			}
		})
	}
}

// nested-lock, rows in map order. Two transactions that upsert the same
// keys one statement per key, in different orders (a Go map's iteration
// order differs from run to run), deadlock at RR and RC; so does a
// multi-row INSERT ... ON DUPLICATE KEY UPDATE, which locks its rows in the
// order of its VALUES list, against a transaction that holds a later row
// and wants an earlier one.
func TestNestedLock_UpsertsInOppositeOrderDeadlock(t *testing.T) {
	parallel(t)
	upsert := func(ids ...int) string {
		q := "INSERT INTO {t} (id, v) VALUES "
		for i, id := range ids {
			if i > 0 {
				q += ", "
			}
			q += fmt.Sprintf("(%d, 1)", id)
		}
		return q + " ON DUPLICATE KEY UPDATE v = v + 1"
	}
	for _, level := range []iso{rr, rc} {
		t.Run("OneByOne"+level.String(), func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a, b := f.session("A", level), f.session("B", level)
			a.begin()
			b.begin()
			a.must(upsert(10))
			b.must(upsert(20))
			oa, ob := both(a, upsert(20), b, upsert(10))
			oneDeadlock(t, oa, ob)
		})
		t.Run("MultiRow"+level.String(), func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a, b := f.session("A", level), f.session("B", level)
			a.begin()
			b.begin()
			b.must(upsert(20))
			// A locks 10, then waits for 20; B then wants 10.
			oa, ob := both(a, upsert(10, 20), b, upsert(10))
			oneDeadlock(t, oa, ob)
		})
	}
}
