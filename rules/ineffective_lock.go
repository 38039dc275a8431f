package rules

import (
	"fmt"
	"strings"

	"github.com/locklint/locklint/txflow"
)

// IneffectiveLock finds lock requests that the library drops without a
// word, so the statement runs as a plain read.
//
// GORM v1 locked rows with db.Set("gorm:query_option", "FOR UPDATE"),
// which it appended to its SELECTs. GORM v2 still accepts the call, which
// stores a setting nothing reads: the SELECT is sent without FOR UPDATE.
// Code ported from v1, or written from v1 answers, then believes it holds
// a row lock while it holds none: a plain InnoDB read takes no row locks
// (it reads the snapshot), waits for nobody and blocks nobody, so two
// callers read the same row at once and both write back what they
// computed from it. The fix is v2's locking clause.
var IneffectiveLock = &Rule{
	ID:      "ineffective-lock",
	Summary: "a lock request the library silently drops (GORM v1's gorm:query_option on GORM v2): no lock is taken at all",
	Stmt:    ineffectiveLock,
}

func ineffectiveLock(c *Context, st *txflow.Stmt) []Finding {
	ig := st.Site.IgnoredLock
	if ig == nil {
		return nil
	}
	strength := "UPDATE"
	if u := strings.ToUpper(ig.Option); strings.Contains(u, "SHARE") {
		strength = "SHARE"
	}
	return []Finding{{
		Pos: ig.Call.Pos(),
		Message: fmt.Sprintf("Set(%q, %q) is GORM v1's way to lock rows, and GORM v2 ignores it: no lock is taken at all, and the read is a plain SELECT that reads a snapshot, waits for no lock and blocks no writer, so concurrent callers read and overwrite the same rows. "+
			"Fix: use v2's locking clause, Clauses(clause.Locking{Strength: %q}) from gorm.io/gorm/clause, in a transaction",
			"gorm:query_option", ig.Option, strength),
		Related: []Related{{Pos: st.Pos(), Message: "the read that runs without a lock"}},
	}}
}
