package groundtruth

import "testing"

// ineffective-lock, ground-truth.md experiments 2a and 12 (plain reads take
// no row locks).
// When GORM v2 ignores GORM v1's Set("gorm:query_option", "FOR UPDATE"),
// it sends a plain SELECT. Inside a transaction that SELECT takes no row
// lock: another session's UPDATE of the row proceeds. The FOR UPDATE that
// was intended would have made it wait.
func TestIneffectiveLock_PlainSelectTakesNoRowLock(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)

		// What GORM v2 sends for db.Set("gorm:query_option", "FOR UPDATE").First(&row, 10).
		a.begin()
		wantRows(t, a.run("SELECT id, v FROM {t} WHERE {t}.id = 10 ORDER BY {t}.id LIMIT 1"), "10,0")
		wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)
		a.rollback()

		// What was intended.
		a.begin()
		wantRows(t, a.run("SELECT id, v FROM {t} WHERE {t}.id = 10 ORDER BY {t}.id LIMIT 1 FOR UPDATE"), "10,0")
		want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), blocked)
	})
}
