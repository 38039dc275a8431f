package sqltext

import "testing"

func TestPositional(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"SELECT id FROM t WHERE id = ?", "SELECT id FROM t WHERE id = ?", true},
		{"UPDATE t SET a = :a, b = :b WHERE id = :id AND note = 'x:y'", "UPDATE t SET a = ?, b = ? WHERE id = ? AND note = 'x:y'", true},
		{"SELECT * FROM t WHERE id = $1", "", false},
	} {
		got, ok := Positional(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Positional(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
