package groundtruth

import "testing"

// alterSession opens the DDL session C with a short lock_wait_timeout.
func alterSession(f *fixture, level iso, timeout string) *session {
	c := f.session("C", level)
	c.must("SET SESSION lock_wait_timeout = " + timeout)
	return c
}

// tx-not-closed, ground-truth.md experiment 13b.
// A transaction left open after nothing but a plain SELECT still holds the
// table's metadata lock: ALTER TABLE waits for it (1205 after
// lock_wait_timeout). After COMMIT the same ALTER proceeds.
func TestTxNotClosed_OpenReadOnlyTxBlocksAlterUntilCommit(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a := f.session("A", rr)
	c := alterSession(f, rr, "1")
	a.begin()
	wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0")

	want(t, c.run("ALTER TABLE {t} ADD COLUMN x INT"), blocked)
	a.commit()
	want(t, c.run("ALTER TABLE {t} ADD COLUMN x INT"), proceeds)
}

// tx-not-closed, ground-truth.md experiment 14f (locks held until the
// transaction ends).
// Row locks of a transaction that is never closed are held as long as its
// connection lives: a writer waits (1205) while the connection is open and
// proceeds once the connection is closed, which rolls the transaction back.
func TestTxNotClosed_LocksHeldUntilConnectionCloses(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	a.begin()
	wantAffected(t, a.run("UPDATE {t} SET v = 7 WHERE id = 10"), 1)

	want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), blocked)
	a.close()
	// The server rolls A back when it handles the disconnect; the writer
	// may wait for that for a moment, well within its 1 s timeout.
	wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 10"), "0")
}
