package extract

import (
	"testing"

	"github.com/locklint/locklint/sqltext"
)

// TestFactTrimKeepsLockingStatements: a start-up function that probes
// information_schema before each of its changes has more statements than
// a fact carries; the probes give way, the changes stay, in order.
func TestFactTrimKeepsLockingStatements(t *testing.T) {
	read := &sqltext.Summary{Kind: sqltext.KindSelect}
	ddl := &sqltext.Summary{Kind: sqltext.KindDDL}
	var sites []*Site
	fact := &FuncFact{}
	for i := range maxFactStmts + 8 {
		s := &Site{SQL: read, Text: "SELECT"}
		if i%4 == 3 {
			s = &Site{SQL: ddl, Text: "ALTER"}
		}
		sites = append(sites, s)
		fact.Stmts = append(fact.Stmts, FactStmt{Text: s.Text})
	}
	// The last read locks at the caller, which passes a locking handle:
	// it is kept like a change.
	last := len(sites) - 2
	sites[last].Text = "SELECT (locked by the caller's handle)"
	fact.Stmts[last] = FactStmt{Text: sites[last].Text, HandleLock: true}
	kept := fact.trim(sites)
	if len(kept) != maxFactStmts || len(fact.Stmts) != maxFactStmts {
		t.Fatalf("kept %d sites and %d statements, want %d", len(kept), len(fact.Stmts), maxFactStmts)
	}
	changes := 0
	for i, s := range kept {
		if s.Text != fact.Stmts[i].Text {
			t.Fatalf("statement %d is %q, its site %q", i, fact.Stmts[i].Text, s.Text)
		}
		if s.SQL == ddl {
			changes++
		}
	}
	if want := (maxFactStmts + 8) / 4; changes != want {
		t.Errorf("kept %d changes, want all %d", changes, want)
	}
	if kept[len(kept)-1].SQL != ddl {
		t.Errorf("the last change was dropped: the fact ends with %q", kept[len(kept)-1].Text)
	}
	if kept[len(kept)-2] != sites[last] {
		t.Errorf("the read the caller's handle locks was dropped: before the last change comes %q", kept[len(kept)-2].Text)
	}
}
