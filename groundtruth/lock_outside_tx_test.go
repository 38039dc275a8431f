package groundtruth

import "testing"

// lock-outside-tx, ground-truth.md experiment 14e.
// A locking read in autocommit mode (no BEGIN, as db.Query on the pool
// runs it) releases its row lock when the statement ends: a writer that
// comes next proceeds at once. The same read inside BEGIN makes it wait.
func TestLockOutsideTx_AutocommitLockDoesNotBlockLaterWriter(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)

		wantRows(t, a.run("SELECT id FROM {t} WHERE id = 10 FOR UPDATE"), "10")
		wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)
		wantRows(t, a.run("SELECT id FROM {t} WHERE id = 10 LOCK IN SHARE MODE"), "10")
		wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)

		// Control: inside a transaction the same lock holds.
		a.begin()
		wantRows(t, a.run("SELECT id FROM {t} WHERE id = 10 FOR UPDATE"), "10")
		want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), blocked)
	})
}
