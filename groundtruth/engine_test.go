package groundtruth

import "testing"

// Engine fact (MariaDB), ground-truth.md experiment 12. Backs the engine
// awareness of lock-outside-tx and every rule whose fix names a shared lock.
// MariaDB 10.11 has no FOR SHARE: it is a syntax error (1064).
func TestEngineMariaDB_ForShareIsSyntaxError(t *testing.T) {
	parallel(t)
	requireMariaDB(t)
	f := newFixture(t)
	f.tableT()
	a := f.session("A", rr)
	wantErr(t, a.probe("SELECT id FROM {t} WHERE id = 10 FOR SHARE"), 1064)
}

// Engine fact, ground-truth.md experiment 12 (observed on MariaDB 10.11).
// LOCK IN SHARE MODE is MariaDB's shared lock: it blocks an UPDATE of the
// row, while another shared lock and a plain read proceed.
func TestEngine_LockInShareModeBlocksUpdate(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	a.begin()
	wantRows(t, a.run("SELECT id FROM {t} WHERE id = 10 LOCK IN SHARE MODE"), "10")

	want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), blocked)
	wantRows(t, b.probe("SELECT id FROM {t} WHERE id = 10 LOCK IN SHARE MODE"), "10")
	wantRows(t, b.probe("SELECT v FROM {t} WHERE id = 10"), "0")
}
