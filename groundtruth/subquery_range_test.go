package groundtruth

import "testing"

// range-lock on a column compared with a subquery that does not read the
// outer row: the subquery's result is one value for the whole statement,
// so the outer predicate is a range of the column's index like one
// compared with a placeholder (sqltext judges it so). At REPEATABLE READ
// inserts into the range block; inserts below it do not.
func TestRangeLock_UncorrelatedSubqueryIsARange(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	const q = "SELECT id FROM {t} WHERE id > (SELECT MAX(id) FROM {t} WHERE c < 20) AND id < 35 FOR UPDATE"
	a.explain(q)
	a.begin()
	wantRows(t, a.run(q), "20", "30")

	want(t, b.probe("INSERT INTO {t} (id) VALUES (25)"), blocked)
	wantAffected(t, b.probe("INSERT INTO {t} (id) VALUES (5)"), 1)
}
