package sqltext

import (
	"fmt"
	"testing"
)

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

func TestRangeBelow(t *testing.T) {
	for text, want := range map[string][]bool{
		"SELECT * FROM t WHERE a > ? AND a < ? FOR UPDATE":   {false, true},
		"SELECT * FROM t WHERE ? >= a AND ? <= a FOR UPDATE": {true, false},
		"SELECT * FROM t WHERE a BETWEEN ? AND ?":            {false},
		"SELECT * FROM t WHERE a = ?":                        {false},
	} {
		s := Summarize(text)
		var got []bool
		var walk func(c *Cond)
		walk = func(c *Cond) {
			if c.Pred != nil {
				got = append(got, c.Pred.Below)
			}
			for _, a := range c.Args {
				walk(a)
			}
		}
		walk(s.Where)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: Below %v, want %v", text, got, want)
		}
	}
}
