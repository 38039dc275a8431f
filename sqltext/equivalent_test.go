package sqltext

import "testing"

func TestEquivalent(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"SELECT id FROM t WHERE k = ? FOR UPDATE", "SELECT id, a, b FROM t\n\tWHERE k = ?\n\tFOR UPDATE", true},
		{"SELECT id FROM t WHERE k = ? FOR UPDATE", "SELECT id FROM t WHERE id = ? FOR UPDATE", false},
		{"SELECT id FROM t WHERE k = ? FOR UPDATE", "SELECT id FROM t WHERE k = ?", false},
		{"SELECT id FROM t WHERE k = ? FOR UPDATE", "SELECT id FROM t WHERE k = ? FOR UPDATE NOWAIT", false},
		{"SELECT id FROM t WHERE k = ? FOR UPDATE", "SELECT id FROM s WHERE k = ? FOR UPDATE", false},
		{"UPDATE t SET a = ? WHERE id = ?", "UPDATE t SET a = a + ? WHERE id = ?", false},
	}
	for _, tt := range tests {
		if got := Equivalent(Summarize(tt.a), Summarize(tt.b)); got != tt.want {
			t.Errorf("Equivalent(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if Equivalent(nil, Summarize("SELECT 1")) {
		t.Error("Equivalent(nil, ...) = true")
	}
}

func TestSameShape(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"SELECT id FROM t WHERE k = ? FOR UPDATE", "SELECT id FROM t WHERE k = ? AND j = ? FOR UPDATE", true},
		{"SELECT id FROM t WHERE k = ?", "SELECT id FROM t WHERE k = ? FOR UPDATE", false},
		{"SELECT id FROM t WHERE k = ?", "SELECT id FROM t WHERE k = ? LIMIT 10", false},
		{"SELECT id FROM t WHERE k = ?", "SELECT id FROM t WHERE k = ? ORDER BY id", false},
		{"UPDATE t SET a = ? WHERE id = ?", "UPDATE t SET a = ? WHERE id = ? AND v = ?", true},
		{"DELETE FROM t WHERE k = ?", "DELETE FROM s WHERE k = ?", false},
	}
	for _, tt := range tests {
		if got := SameShape(Summarize(tt.a), Summarize(tt.b)); got != tt.want {
			t.Errorf("SameShape(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
