package rules

import (
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/target"
	"github.com/locklint/locklint/txflow"
)

// Rule is one check. A rule looks at statements, transactions or whole
// functions as txflow describes them, never at Go syntax.
type Rule struct {
	ID      string
	Summary string // one line, for -help, the README and SARIF

	// Stmt checks one statement. Statements that a called function runs
	// (extract.Site.Via) are checked only when the callee could not tell
	// its handle, unless ViaCalls is set: then every one is, at the call.
	Stmt     func(*Context, *txflow.Stmt) []Finding
	ViaCalls bool
	// CalleeCoversPool is set for a Stmt rule whose finding on a
	// statement whose handle its function cannot tell already says what
	// the statement does in autocommit: a caller that learns only that
	// the handle is the pool finds the same problem again.
	CalleeCoversPool bool
	Tx               func(*Context, *txflow.Tx) []Finding
	Func             func(*Context, *txflow.Func) []Finding
	// Package sees every function of the package at once, for rules
	// that compare code paths (lock order).
	Package func(*Context, []*txflow.Func) []Finding
	// File sees the statements of one SQL file (a migration) in the
	// order they run.
	File func(*Context, *SQLFile) []Finding
	// RunsInTests is set for the rules whose finding holds in a test as
	// anywhere: a transaction a test leaves open keeps its locks and
	// its connection, and can hang the tests after it. The others claim
	// what a second session meets (a wait, a deadlock, a lost write),
	// and a test has none: tests run their transactions one at a time
	// on a database of their own, and a fixture drops, creates and
	// locks tables on purpose. The analyzer runs them on test code only
	// when asked; the code a test calls is judged where it is written.
	RunsInTests bool
}

// Context is what rules know besides the code: the schema and the server.
type Context struct {
	Schema *schema.Schema
	Server target.Server
	// Fset positions suggested fixes.
	Fset *token.FileSet
	// Edges are the lock-order edges of the packages this one imports,
	// from their facts.
	Edges []LockEdge

	// local are this package's lock-order edges, computed once: both the
	// lock-order rule and the package fact need them, and each builds
	// every transaction's lock set.
	local *[]localEdge
	// HelperJudges reports whether the function a call runs judges, in
	// itself and at its callers' isolation level, the statements it runs
	// in the caller's transaction: a pair of them is its finding, not
	// the caller's. Nil means no function does.
	HelperJudges func(*extract.Call) bool

	// valuesOf answers questions about a function's Go values; nil
	// means from its syntax (values.go).
	valuesOf func(*txflow.Func) values
}

// Finding is one problem a rule found.
type Finding struct {
	// Rule is the rule that found it; the analyzer sets it.
	Rule    *Rule
	Pos     token.Pos
	Message string // without the rule ID, which the reporter prepends
	Related []Related
	Fixes   []analysis.SuggestedFix
}

// Related is another position that matters to a finding: the Begin, the
// earlier lock, the commit.
type Related struct {
	Pos     token.Pos
	Message string
}

// All returns every rule, sorted by ID.
func All() []*Rule {
	return []*Rule{
		CheckThenInsert,
		DDLLock,
		IneffectiveLock,
		LockHeldBlocking,
		LockOrder,
		LockOutsideTx,
		LostUpdate,
		NestedLock,
		OuterHandleInTx,
		RangeLock,
		SkipLockedCandidate,
		StaleSnapshotRead,
		TableLock,
		TxNotClosed,
		UnindexedLock,
	}
}

// ByID returns the rule with the given ID, or nil.
func ByID(id string) *Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// pairInHelper reports whether a and b both run inside one call of a
// helper that judges them itself (Context.HelperJudges).
func (c *Context) pairInHelper(a, b *txflow.Stmt) bool {
	va, vb := a.Site.Via, b.Site.Via
	return c.HelperJudges != nil && va != nil && vb != nil && va.Expr == vb.Expr && c.HelperJudges(va)
}
