package groundtruth

import "testing"

// table-lock (LOCK TABLES). Not a numbered ground-truth.md experiment; the
// rule's claim is that LOCK TABLES blocks table-wide.
// While one session holds LOCK TABLES t WRITE, even a plain autocommit read
// of t from another session waits (for the table's metadata lock) and fails
// with 1205 after lock_wait_timeout; after UNLOCK TABLES it proceeds.
func TestTableLock_LockTablesWriteBlocksReads(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	b.must("SET SESSION lock_wait_timeout = 1")

	a.must("LOCK TABLES {t} WRITE")
	want(t, b.run("SELECT v FROM {t} WHERE id = 10"), blocked)

	pb := b.start("SELECT v FROM {t} WHERE id = 20")
	pb.waitUntilWaiting()
	a.must("UNLOCK TABLES")
	wantRows(t, pb.result(), "0")
}

// table-lock (GET_LOCK). Not a numbered ground-truth.md experiment.
// A named lock taken with GET_LOCK is exclusive across sessions:
// GET_LOCK(name, 0) in another session returns 0 at once. It is freed by
// RELEASE_LOCK, or when the holding connection closes (so a GET_LOCK
// without release is held for the connection's whole life in the pool).
func TestTableLock_GetLockExcludesUntilReleaseOrDisconnect(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.name("lock")
	a, b := f.session("A", rr), f.session("B", rr)

	wantRows(t, a.run("SELECT GET_LOCK('{lock}', 0)"), "1")
	o := b.run("SELECT GET_LOCK('{lock}', 0)")
	wantRows(t, o, "0")
	if o.elapsed > nowaitBelow {
		t.Errorf("GET_LOCK(name, 0) should return at once, took %v", o.elapsed)
	}

	wantRows(t, a.run("SELECT RELEASE_LOCK('{lock}')"), "1")
	wantRows(t, b.run("SELECT GET_LOCK('{lock}', 0)"), "1")
	wantRows(t, a.run("SELECT GET_LOCK('{lock}', 0)"), "0")
	wantRows(t, b.run("SELECT RELEASE_LOCK('{lock}')"), "1")

	// Held by A until A's connection closes.
	wantRows(t, a.run("SELECT GET_LOCK('{lock}', 0)"), "1")
	wantRows(t, b.run("SELECT GET_LOCK('{lock}', 0)"), "0")
	a.close()
	// The server frees it while handling the disconnect; allow it a moment.
	wantRows(t, b.run("SELECT GET_LOCK('{lock}', 5)"), "1")
	wantRows(t, b.run("SELECT RELEASE_LOCK('{lock}')"), "1")
}

// table-lock (LOCK TABLES released on every path). While a session holds
// LOCK TABLES, a statement of that session on a table it did not name
// fails with error 1100, and LOCK TABLES ... READ blocks other sessions'
// writes (not their reads) until UNLOCK TABLES.
func TestTableLock_LockedSessionCannotTouchOtherTables(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	f.table("other")
	f.setup("CREATE TABLE {other} (id INT PRIMARY KEY)")
	a, b := f.session("A", rr), f.session("B", rr)
	b.must("SET SESSION lock_wait_timeout = 1")

	a.must("LOCK TABLES {t} READ")
	wantErr(t, a.run("SELECT id FROM {other}"), 1100)
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 10"), "0")
	want(t, b.run("UPDATE {t} SET v = 1 WHERE id = 10"), blocked)
	a.must("UNLOCK TABLES")
	wantAffected(t, b.run("UPDATE {t} SET v = 1 WHERE id = 10"), 1)
}
