package groundtruth

import "testing"

// nested-lock's clustered order: a query that no index serves and that
// names a column no secondary index holds can only be answered by a scan
// of the clustered index, which returns the rows in primary-key order
// whatever order they were inserted in; a query that a secondary index
// covers may be answered in that index's order instead.
func TestNestedLock_UnservedQueryReturnsPrimaryKeyOrder(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	// Rows inserted out of key order, with c (no index) and s (idx_s)
	// in the opposite order to id.
	f.setup(`INSERT INTO {t} (id,k,u,c,s) VALUES (35,9,350,5,'aaa'),(15,9,150,6,'zzz'),(25,9,250,7,'mmm')`)
	a := f.session("A", rr)
	wantRows(t, a.run("SELECT id, v FROM {t} WHERE c > 0"), "10,0", "15,0", "20,0", "25,0", "30,0", "35,0", "40,0")
	// c ascends against id here; the rows still come by id.
	wantRows(t, a.run("SELECT id, c FROM {t} WHERE c < 10"), "15,6", "25,7", "35,5")
	// id and s only: idx_s holds both, and the server reads it, in s
	// order.
	wantRows(t, a.run("SELECT id FROM {t} WHERE s > ''"), "35", "10", "20", "30", "40", "25", "15")
	// No WHERE at all: the whole table, read through the clustered index
	// when a column no secondary index holds is named, so in id order;
	// through idx_s when it holds every column named, so in s order.
	wantRows(t, a.run("SELECT id, c FROM {t}"), "10,11", "15,6", "20,22", "25,7", "30,33", "35,5", "40,44")
	wantRows(t, a.run("SELECT id, s FROM {t}"), "35,aaa", "10,apple", "20,banana", "30,cherry", "40,date", "25,mmm", "15,zzz")
}
