package txflow

import (
	"go/ast"
	"go/token"
)

// HeldAt reports whether the code at pos can run after statement a with
// no statement for which released reports true in between: what a took
// (a session's table or named lock) is still held there. A deferred
// release runs only when the function returns, so it releases nothing in
// between.
func (fn *Func) HeldAt(a *Stmt, pos token.Pos, released func(*Stmt) bool) bool {
	p, ok := fn.graph.locate(pos)
	if !ok {
		return false
	}
	stops := map[point]bool{}
	for _, s := range fn.Stmts {
		if s == a || !released(s) {
			continue
		}
		if _, ok := fn.node(s.at).(*ast.DeferStmt); !ok {
			stops[s.at] = true
		}
	}
	return fn.graph.reaches(a.at, p, stops)
}
