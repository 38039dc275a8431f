package groundtruth

import (
	"testing"
	"time"
)

// lock-held-blocking, ground-truth.md experiment 14f.
// Every waiter on a row waits as long as the holder keeps it: with the
// holder busy, another writer waits the whole innodb_lock_wait_timeout and
// fails with 1205; if the holder commits after 300 ms, the writer proceeds
// right after that commit, having waited that long.
func TestLockHeldBlocking_WriterWaitsAsLongAsLockIsHeld(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	a.begin()
	wantRows(t, a.run("SELECT id FROM {t} WHERE id = 10 FOR UPDATE"), "10")

	o := b.run("UPDATE {t} SET v = v + 1 WHERE id = 10")
	want(t, o, blocked)
	if o.elapsed < 900*time.Millisecond {
		t.Errorf("the writer should wait the full 1 s timeout, waited %v", o.elapsed)
	}

	pb := b.start("UPDATE {t} SET v = v + 1 WHERE id = 10")
	pb.waitUntilWaiting()
	time.Sleep(200 * time.Millisecond)
	a.commit()
	o = pb.result()
	wantAffected(t, o, 1)
	if o.elapsed < 300*time.Millisecond {
		t.Errorf("the writer should have waited for the holder's commit, waited %v", o.elapsed)
	}
}

// lock-held-blocking, ground-truth.md experiment 14f.
// A lock wait timeout (1205) rolls back only the statement: the waiter's
// transaction stays open (@@in_transaction = 1), still sees its own earlier
// write, and still holds that row's lock, so a third session blocks on it.
func TestLockHeldBlocking_TimeoutKeepsWaiterTransactionAndLocks(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b, c := f.session("A", rr), f.session("B", rr), f.session("C", rr)
	a.begin()
	wantRows(t, a.run("SELECT id FROM {t} WHERE id = 10 FOR UPDATE"), "10")

	b.begin()
	wantAffected(t, b.run("UPDATE {t} SET v = 42 WHERE id = 20"), 1)
	want(t, b.run("UPDATE {t} SET v = 42 WHERE id = 10"), blocked)
	if gt.mariaDB { // MySQL has no @@in_transaction
		if got := b.inTx(); got != "1" {
			t.Errorf("after 1205 B's @@in_transaction = %s, want 1", got)
		}
	}
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 20"), "42")
	want(t, c.probe("UPDATE {t} SET v = v + 1 WHERE id = 20"), blocked)
}
