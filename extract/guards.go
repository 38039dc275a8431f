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
// the statement, as before. The same holds for `if len(rows) > 0 { ... }`
// on a slice parameter, where the caller passes a slice that is empty
// there (nil, or a literal nothing appends to).

// FactGuard says a callee's statement runs only when its boolean
// parameter Param is Value, or, with NonEmpty, only when its slice
// parameter Param has elements (Value true: `if len(p) > 0 { ... }`) or
// has none (Value false).
type FactGuard struct {
	Param    int
	Value    bool
	NonEmpty bool
}

// paramGuards are the guards on the function's parameters that hold
// wherever pos runs: the ifs around pos whose condition is a boolean
// parameter the function never assigns, or its negation, or a length
// test of such a slice parameter (a conjunct of the condition for the
// if's body; the whole condition for its else).
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
		nonEmpty := false
		if x, holds, ok := lengthTest(info, e); ok {
			e, nonEmpty = x, true
			value = value == holds
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return
		}
		obj := info.Uses[id]
		p, ok := params[obj]
		if !ok || p < 0 || nonEmpty && !isSlice(obj.Type()) || !nonEmpty && !isBool(obj.Type()) {
			return
		}
		if assigned == nil {
			assigned = ChangedVars(info, decl.Body)
		}
		if !assigned[obj] {
			out = append(out, FactGuard{Param: p, Value: value, NonEmpty: nonEmpty})
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

// lengthTest reads e as a test of whether a slice has elements: `len(x)
// > 0`, `len(x) != 0`, `len(x) >= 1`, `0 < len(x)` (holds true), `len(x)
// == 0`, `len(x) < 1` (holds false). It returns x.
func lengthTest(info *types.Info, e ast.Expr) (ast.Expr, bool, bool) {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return nil, false, false
	}
	lenOf := func(e ast.Expr) ast.Expr {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(c.Args) != 1 {
			return nil
		}
		if id, ok := ast.Unparen(c.Fun).(*ast.Ident); !ok || id.Name != "len" || info.Uses[id] != types.Universe.Lookup("len") {
			return nil
		}
		return ast.Unparen(c.Args[0])
	}
	intOf := func(e ast.Expr) (int64, bool) {
		tv, ok := info.Types[e]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
			return 0, false
		}
		return constant.Int64Val(tv.Value)
	}
	op, x, n := b.Op, lenOf(b.X), b.Y
	if x == nil {
		// 0 < len(x): the same test written the other way round.
		flip := map[token.Token]token.Token{token.LSS: token.GTR, token.GTR: token.LSS, token.LEQ: token.GEQ, token.GEQ: token.LEQ, token.EQL: token.EQL, token.NEQ: token.NEQ}
		op, x, n = flip[b.Op], lenOf(b.Y), b.X
	}
	v, ok := intOf(n)
	if x == nil || !ok {
		return nil, false, false
	}
	switch {
	case op == token.GTR && v == 0, op == token.NEQ && v == 0, op == token.GEQ && v == 1:
		return x, true, true
	case op == token.EQL && v == 0, op == token.LSS && v == 1, op == token.LEQ && v == 0:
		return x, false, true
	}
	return nil, false, false
}

// isSlice reports whether t is a slice type.
func isSlice(t types.Type) bool {
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

// emptySlice reports whether e is a slice known to have no elements where
// it is used: nil, an empty literal, make(T, 0), or a local variable
// whose every value reaching e is one of these (`positions :=
// []*Position{}` that nothing appends to).
func (f *Func) emptySlice(e ast.Expr) bool {
	empty := func(v ast.Expr) bool {
		switch v := ast.Unparen(v).(type) {
		case *ast.Ident:
			return v.Name == "nil" && f.info.Uses[v] == types.Universe.Lookup("nil")
		case *ast.CompositeLit:
			return len(v.Elts) == 0
		case *ast.CallExpr:
			id, ok := ast.Unparen(v.Fun).(*ast.Ident)
			if !ok || id.Name != "make" || f.info.Uses[id] != types.Universe.Lookup("make") || len(v.Args) != 2 {
				return false
			}
			tv, ok := f.info.Types[v.Args[1]]
			return ok && tv.Value != nil && tv.Value.Kind() == constant.Int && constant.Sign(tv.Value) == 0
		}
		return false
	}
	if empty(e) {
		return true
	}
	if _, ok := ast.Unparen(e).(*ast.Ident); !ok {
		return false
	}
	vals, ok := f.defs.reaching(f.info, e)
	if !ok || len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		if v == nil || !empty(v) {
			return false
		}
	}
	return true
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

// ChangedVars are the variables body assigns (other than where it
// declares them), increments, or takes the address of.
func ChangedVars(info *types.Info, body ast.Node) map[types.Object]bool {
	changed := map[types.Object]bool{}
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil {
				changed[obj] = true // an assignment to a declared variable
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(x.X)
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				mark(x.X)
			}
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				mark(x.Key)
				if x.Value != nil {
					mark(x.Value)
				}
			}
		}
		return true
	})
	return changed
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
		if g.NonEmpty {
			if f.emptySlice(a) {
				if g.Value {
					return nil, false
				}
				continue
			}
			if p, ok := f.unchangedParam(a); ok {
				pending = append(pending, g.withParam(p))
			}
			continue
		}
		if tv, ok := f.info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
			if constant.BoolVal(tv.Value) != g.Value {
				return nil, false
			}
			continue
		}
		value := g.Value
		a = ast.Unparen(a)
		if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			a, value = ast.Unparen(u.X), !value
		}
		if p, ok := f.unchangedParam(a); ok {
			pending = append(pending, FactGuard{Param: p, Value: value})
		}
	}
	return pending, true
}

// unchangedParam returns the index of the parameter e names, when the
// function never assigns it: what its own callers pass is what e holds.
func (f *Func) unchangedParam(e ast.Expr) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	decl, isDecl := f.Node.(*ast.FuncDecl)
	if !ok || !isDecl {
		return 0, false
	}
	obj := f.info.Uses[id]
	p, ok := paramIndex(f.info, decl)[obj]
	if !ok || p < 0 || ChangedVars(f.info, decl.Body)[obj] {
		return 0, false
	}
	return p, true
}

// withParam is g on another parameter.
func (g FactGuard) withParam(p int) FactGuard {
	g.Param = p
	return g
}
