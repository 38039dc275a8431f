package groundtruth

import "testing"

// stale-snapshot-read (when a plain read after a lock is NOT stale),
// ground-truth.md experiments 9a and 9b.
// A locking read takes no snapshot: a REPEATABLE READ transaction's
// snapshot is taken by its first plain read. When the lock comes before
// any plain read, the plain read after it sees the locked row's current
// value, and a commit to another row made between the lock and the plain
// read as well. This is why locklint reports "lock, then plain read" only
// when an earlier plain read may already have taken the snapshot.
func TestStaleSnapshotRead_LockBeforeFirstReadIsCurrent(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	a.begin()
	wantAffected(t, b.run("UPDATE {t} SET v = 5 WHERE id = 10"), 1) // before A reads anything
	wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10 FOR UPDATE"), "5")
	wantAffected(t, b.run("UPDATE {t} SET v = 7 WHERE id = 20"), 1) // after A's lock, before its first plain read
	wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "5")
	wantRows(t, a.run("SELECT v FROM {t} WHERE id = 20"), "7") // the snapshot was taken by the plain read, not by the lock
	a.commit()
}
