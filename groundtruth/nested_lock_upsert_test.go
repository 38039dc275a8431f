package groundtruth

import (
	"fmt"
	"testing"
)

// nested-lock, rows in map order. Two transactions that upsert the same
// keys one statement per key, in different orders (a Go map's iteration
// order differs from run to run), deadlock at RR and RC. (A multi-row
// upsert locks in VALUES order: TestNestedLock_MultiRowUpsertLocksInValuesOrder.)
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
	}
}
