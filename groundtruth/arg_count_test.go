package groundtruth

import (
	"strings"
	"testing"
)

// A statement whose arguments do not match its ? placeholders (the
// extractor's neverSent). database/sql refuses it with "sql: expected N
// arguments, got M" before the server runs it, and without arguments the
// ? reaches the server as a syntax error (1064): either way A locks
// nothing, and B's write to the row A's unindexed DELETE would have
// locked goes through at once.
func TestArgumentCountMismatchLocksNothing(t *testing.T) {
	parallel(t)
	atLevels(t, func(t *testing.T, f *fixture, level iso) {
		a, b := f.session("A", level), f.session("B", level)
		a.begin()
		o := a.run("DELETE FROM {t} WHERE c = 22 LIMIT ?", 1, 2)
		if o.kind != failed || o.err == nil || !strings.Contains(o.err.Error(), "expected 1 arguments, got 2") {
			t.Fatalf("want database/sql to refuse the call, got %v", o)
		}
		wantErr(t, a.run("SELECT id FROM {t} WHERE c = ? FOR UPDATE"), 1064)
		wantAffected(t, b.run("UPDATE {t} SET v = v + 1 WHERE id = 20"), 1)
		a.rollback()
	})
}
