package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// A helper often runs part of its statements only when a flag its
// caller passes says so:
//
//	func updateRepository(e Engine, repo *Repository, visibilityChanged bool) error {
//		...
//		if visibilityChanged {
//			recalculateAccesses(e, repo) // a DELETE that scans access
//		}
//	}
//
// A caller that passes the constant false never runs them. The fact says
// which boolean parameter, with which value, each statement needs
// (FactGuard); a caller's constant argument keeps or drops the statement,
// and a caller that passes its own boolean parameter on hands the guard
// to its callers in turn. Anything else (a variable, an expression) keeps
// the statement, as before.

// FactGuard says a callee's statement runs only when its boolean
// parameter Param is Value.
type FactGuard struct {
	Param int
	Value bool
}

// paramGuards are the guards on the function's boolean parameters that
// hold wherever pos runs: the ifs around pos whose condition is a
// parameter the function never assigns, or its negation (a conjunct of
// the condition for the if's body; the whole condition for its else).
func paramGuards(info *types.Info, decl *ast.FuncDecl, params map[types.Object]int, pos token.Pos) []FactGuard {
	if decl.Body == nil || pos < decl.Body.Pos() || pos >= decl.Body.End() {
		return nil
	}
	var out []FactGuard
	var assigned map[types.Object]bool
	guard := func(e ast.Expr, value bool) {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			e, value = ast.Unparen(u.X), !value
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return
		}
		obj := info.Uses[id]
		p, ok := params[obj]
		if !ok || p < 0 || !isBool(obj.Type()) {
			return
		}
		if assigned == nil {
			assigned = assignedVars(info, decl.Body)
		}
		if !assigned[obj] {
			out = append(out, FactGuard{Param: p, Value: value})
		}
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs when it is called, under its own guards
		case *ast.IfStmt:
			switch {
			case n.Body.Pos() <= pos && pos < n.Body.End():
				for _, c := range conjuncts(n.Cond) {
					guard(c, true)
				}
			case n.Else != nil && n.Else.Pos() <= pos && pos < n.Else.End():
				guard(n.Cond, false)
			}
		}
		return true
	})
	return out
}

// conjuncts splits e at its top-level && operators.
func conjuncts(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}

// isBool reports whether t is a boolean type.
func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// assignedVars are the variables body assigns, or takes the address of.
func assignedVars(info *types.Info, body ast.Node) map[types.Object]bool {
	out := map[types.Object]bool{}
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if obj := info.ObjectOf(id); obj != nil {
				out[obj] = true
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X)
			}
		case *ast.RangeStmt:
			mark(n.Key)
			if n.Value != nil {
				mark(n.Value)
			}
		}
		return true
	})
	return out
}

// bindGuards reads the callee's guards with the arguments of the call c:
// it reports false when a constant argument contradicts one (the
// statement does not run from here), and returns the guards that this
// function's own boolean parameters, passed on, now carry.
func (f *Func) bindGuards(c *Call, guards []FactGuard) ([]FactGuard, bool) {
	var pending []FactGuard
	for _, g := range guards {
		a := argExpr(c.Expr, g.Param)
		if a == nil {
			continue
		}
		if tv, ok := f.info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
			if constant.BoolVal(tv.Value) != g.Value {
				return nil, false
			}
			continue
		}
		decl, ok := f.Node.(*ast.FuncDecl)
		if !ok {
			continue
		}
		value := g.Value
		a = ast.Unparen(a)
		if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			a, value = ast.Unparen(u.X), !value
		}
		if id, ok := a.(*ast.Ident); ok {
			if p, ok := paramIndex(f.info, decl)[f.info.Uses[id]]; ok && p >= 0 {
				pending = append(pending, FactGuard{Param: p, Value: value})
			}
		}
	}
	return pending, true
}
