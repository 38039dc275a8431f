package sqltext

import (
	"reflect"
	"slices"
	"testing"
)

func TestNamePatterns(t *testing.T) {
	h := Hole
	for _, tc := range []struct {
		text string
		want []NamePattern
	}{
		{"SELECT a FROM events_" + h + " WHERE b = ?", []NamePattern{{Start: 14, End: 14 + len("events_"+h), Prefix: "events_", Hole: 0}}},
		{"SELECT a FROM `Ev_" + h + "_log`", []NamePattern{{Start: 14, End: 14 + len("`Ev_"+h+"_log`"), Prefix: "ev_", Suffix: "_log", Hole: 0}}},
		{"SELECT a FROM " + h + " WHERE b = " + h, nil},  // whole holes
		{"SELECT a FROM t WHERE b = 'x_" + h + "'", nil}, // inside a string
		{"SELECT " + h + " FROM t_" + h, []NamePattern{{Start: 13 + len(h), End: 13 + len(h) + len("t_"+h), Prefix: "t_", Hole: 1}}},
		{"SELECT a FROM a_" + h + h, nil}, // two holes in one name
	} {
		if got := NamePatterns(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("NamePatterns(%q) = %+v, want %+v", tc.text, got, tc.want)
		}
	}
	p := NamePattern{Prefix: "events_"}
	if !p.Matches("events_orders") || p.Matches("events_") || p.Matches("audit_orders") {
		t.Error("Matches: a pattern fits names with its known parts around at least one character")
	}
}

func TestTableHoles(t *testing.T) {
	for text, want := range map[string][]int{
		"alter /* x */ table " + Hole + "." + Hole + " AUTO_INCREMENT=" + Hole: {0, 1},
		"DROP TABLE IF EXISTS " + Hole:                                         {0},
		"SELECT * FROM events_" + Hole + " WHERE id = " + Hole:                 {0},
		"UPDATE t SET a = " + Hole:                                             nil,
		"INSERT INTO " + Hole + " (a) VALUES (" + Hole + ")":                   {0},
		"LOCK TABLES " + Hole + " WRITE":                                       {0},
		"DELETE FROM t WHERE " + Hole + " = 1":                                 nil,
	} {
		if got := TableHoles(text); !slices.Equal(got, want) {
			t.Errorf("TableHoles(%q) = %v, want %v", text, got, want)
		}
	}
}
