package groundtruth

import "testing"

// stale-snapshot-read, ground-truth.md experiment 9a.
// A reads v (0), B commits v = 5. At REPEATABLE READ A's plain read still
// returns 0, its FOR UPDATE returns 5 (locking reads see the latest
// committed row), and a plain read after that returns 0 again; only A's own
// write makes the snapshot move (6). At READ COMMITTED every read after B's
// commit returns 5.
func TestStaleSnapshotRead_PlainReadDisagreesWithLockingRead(t *testing.T) {
	parallel(t)
	for _, tc := range []struct {
		level                            iso
		plainBefore, locking, plainAfter string
	}{
		{rr, "0", "5", "0"},
		{rc, "5", "5", "5"},
	} {
		t.Run(tc.level.String(), func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a, b := f.session("A", tc.level), f.session("B", tc.level)
			a.begin()
			wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0")
			wantAffected(t, b.run("UPDATE {t} SET v = 5 WHERE id = 10"), 1) // autocommit

			wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), tc.plainBefore)
			wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10 FOR UPDATE"), tc.locking)
			wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), tc.plainAfter)
			wantAffected(t, a.run("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)
			wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "6")
			a.commit()
		})
	}
}
