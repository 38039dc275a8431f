package rules

import (
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/target"
	"github.com/locklint/locklint/txflow"
)

// Rule is one check. A rule looks at statements, transactions or whole
// functions as txflow describes them, never at Go syntax.
type Rule struct {
	ID      string
	Summary string // one line, for -help, the README and SARIF

	Stmt func(*Context, *txflow.Stmt) []Finding
	Tx   func(*Context, *txflow.Tx) []Finding
	Func func(*Context, *txflow.Func) []Finding
}

// Context is what rules know besides the code: the schema and the server.
type Context struct {
	Schema *schema.Schema
	Server target.Server
}

// Finding is one problem a rule found.
type Finding struct {
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
		LockOutsideTx,
		RangeLock,
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
