package extract

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/locklint/locklint/sqltext"
)

// ElementOf reports whether placeholder pb of b is bound to an element of
// the slice (or array) bound whole to placeholder pa of a, an `IN (?)`
// that the library expands to one value per element: b's value is the
// range variable of a loop over that slice (`for _, id := range ids`,
// with b in its body) or an index of it (`ids[i]`). The slice must be the
// same, unchanged collection at both statements: a local variable or
// parameter whose address is never taken, nothing assigned to it, to an
// element of it, or appended to it from the earlier of a and the loop to
// b (in a loop around b, anywhere in that loop), and the range variable
// assigned nothing in the loop. Then the value b binds is one of the
// values a bound.
func (f *Func) ElementOf(a *Site, pa int, b *Site, pb int) bool {
	s := f.wholeSlice(a, pa)
	if !s.Valid() || a.Call == nil || b.Call == nil {
		return false
	}
	eb, pathb := b.ParamArg(f.info, pb)
	if eb == nil || pathb != "" || b.Call.Ellipsis.IsValid() && !b.argsBound {
		return false
	}
	use := b.Call.Pos()
	if f.defs.litAround(a.Call.Pos()) != f.defs.litAround(use) {
		return false
	}
	switch x := ast.Unparen(eb).(type) {
	case *ast.IndexExpr:
		if refOf(f.info, x.X) != s {
			return false
		}
		return !f.changedBetween(s, min(a.Call.Pos(), use), use)
	case *ast.Ident:
		v, ok := f.info.Uses[x].(*types.Var)
		if !ok || f.defs.escaped[v] {
			return false
		}
		rng := f.rangeOver(v)
		if rng == nil || refOf(f.info, rng.X) != s || use < rng.Body.Pos() || use >= rng.Body.End() || f.defs.litAround(rng.Pos()) != f.defs.litAround(use) {
			return false
		}
		if f.writtenBetween(Ref{Root: v}, rng.Body.Pos(), use) {
			return false
		}
		return !f.changedBetween(s, min(a.Call.Pos(), rng.Pos()), use)
	}
	return false
}

// SameSlice reports whether placeholder pa of a and placeholder pr of r
// are both bound whole to one slice variable, unchanged between the two
// statements (as in ElementOf): the two `IN (?)` lists hold the same
// values.
func (f *Func) SameSlice(a *Site, pa int, r *Site, pr int) bool {
	s := f.wholeSlice(a, pa)
	if !s.Valid() || r.Call == nil || f.wholeSlice(r, pr) != s {
		return false
	}
	from, to := min(a.Call.Pos(), r.Call.Pos()), max(a.Call.Pos(), r.Call.Pos())
	if f.defs.litAround(from) != f.defs.litAround(to) {
		return false
	}
	return !f.changedBetween(s, from, to)
}

// wholeSlice is the local variable (or parameter) holding a slice or
// array that placeholder p of s is bound to whole, never one whose
// address is taken; the zero Ref otherwise.
func (f *Func) wholeSlice(s *Site, p int) Ref {
	if s == nil || s.Call == nil || f.Body() == nil {
		return Ref{}
	}
	e, path := s.ParamArg(f.info, p)
	if e == nil || path != "" || s.Call.Ellipsis.IsValid() && !s.argsBound {
		return Ref{}
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return Ref{}
	}
	v, ok := f.info.Uses[id].(*types.Var)
	if !ok || f.defs.escaped[v] || v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return Ref{}
	}
	switch v.Type().Underlying().(type) {
	case *types.Slice, *types.Array:
	default:
		return Ref{}
	}
	return Ref{Root: v}
}

// rangeOver is the loop `for _, v := range x` that declares v as its
// element, nil when v is declared otherwise.
func (f *Func) rangeOver(v *types.Var) *ast.RangeStmt {
	var out *ast.RangeStmt
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		rng, ok := n.(*ast.RangeStmt)
		if !ok || out != nil {
			return out == nil
		}
		if id, ok := rng.Value.(*ast.Ident); ok && rng.Tok == token.DEFINE && f.info.Defs[id] == v {
			out = rng
			return false
		}
		return true
	})
	if out != nil {
		switch f.info.TypeOf(out.X).Underlying().(type) {
		case *types.Slice, *types.Array:
		default:
			return nil
		}
	}
	return out
}

// rowsIn finds the reads of f whose rows its first result returns, keyed
// by a `col IN (?)` bound whole to a slice parameter that nothing in the
// function changes (FuncFact.RowsIn). Every return must give the
// variable that read filled, or nil.
func rowsIn(f *Func, decl *ast.FuncDecl, params map[types.Object]int) []FactRowsIn {
	if decl.Body == nil || decl.Type.Results == nil || len(decl.Type.Results.List) == 0 {
		return nil
	}
	var out []FactRowsIn
	for _, s := range f.Sites {
		if s.Via != nil || s.SQL == nil || s.SQL.Kind != sqltext.KindSelect || s.SQL.Where == nil || len(s.SQL.Tables) != 1 {
			continue
		}
		for _, p := range InConjuncts(s.SQL.Where) {
			r := f.wholeSlice(s, p.Values[0].Param)
			i, ok := params[r.Root]
			if !r.Valid() || !ok || i < 0 || f.changedBetween(r, decl.Body.Pos(), decl.Body.End()) {
				continue
			}
			if rs := f.Rows(s); rs != nil && returnsHeld(f, decl, rs) {
				out = append(out, FactRowsIn{Param: i, Column: p.Column})
			}
		}
	}
	return out
}

// returnsHeld reports whether every return statement of decl gives, as
// its first result, nil or a variable rs holds whole.
func returnsHeld(f *Func, decl *ast.FuncDecl, rs *Rows) bool {
	seen := false
	ok := eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
		if len(n.Results) == 0 {
			return false // named results: not followed
		}
		if id, isID := ast.Unparen(n.Results[0]).(*ast.Ident); isID && id.Name == "nil" {
			return true
		}
		seen = true
		r := refOf(f.info, n.Results[0])
		col, held := rs.held[r]
		return r.Valid() && held && col == "" && r.Path == ""
	})
	return ok && seen
}

// InConjuncts lists the `col IN (?)` conjuncts at the top level of a
// WHERE clause whose one placeholder binds a whole collection.
func InConjuncts(w *sqltext.Cond) []*sqltext.Pred {
	var out []*sqltext.Pred
	for _, c := range w.Conjuncts() {
		if c.Op == sqltext.CondPred && c.Pred.Op == sqltext.OpIn && len(c.Pred.Values) == 1 && c.Pred.Values[0].Kind == sqltext.ValueParam {
			out = append(out, c.Pred)
		}
	}
	return out
}

// ReadBackByCall reports whether placeholder pb of b is bound to column
// col of a row that a call of a function returned whose fact says it read
// those rows WHERE col IN (?) with its parameter (FuncFact.RowsIn), given
// there the slice bound whole to placeholder pa of a, unchanged between
// the call and a: the value is one of that slice's elements.
func (f *Func) ReadBackByCall(a *Site, pa int, b *Site, pb int) bool {
	s := f.wholeSlice(a, pa)
	if !s.Valid() || f.lookup == nil {
		return false
	}
	for _, c := range f.Calls {
		if c.Defer || c.Go || c.Fn == nil {
			continue
		}
		fact := f.lookup(c.Fn)
		if fact == nil {
			continue
		}
		for _, ri := range fact.RowsIn {
			arg := argExpr(c.Expr, ri.Param)
			if arg == nil || refOf(f.info, arg) != s || refOf(f.info, arg).Path != "" {
				continue
			}
			from, to := min(a.Call.Pos(), c.Expr.Pos()), max(a.Call.Pos(), c.Expr.Pos())
			if f.defs.litAround(from) != f.defs.litAround(to) || f.changedBetween(s, from, to) {
				continue
			}
			rs := f.callRows(c.Expr)
			if col, ok := rs.Column(b, pb); ok && col != "" && SameColumn(col, ri.Column) {
				return true
			}
		}
	}
	return false
}

// callRows is where the first result of call is kept: the variable it is
// assigned to and its copies, as whole rows; nil when nowhere.
func (f *Func) callRows(call *ast.CallExpr) *Rows {
	rs := &Rows{f: f, held: map[Ref]string{}}
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == call {
				if r := lhsRef(f.info, n.Lhs[0]); r.Valid() {
					rs.held[r] = ""
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && ast.Unparen(n.Values[0]) == call && len(n.Names) > 0 {
				if r := lhsRef(f.info, n.Names[0]); r.Valid() {
					rs.held[r] = ""
				}
			}
		}
		return true
	})
	return rs.closed()
}

// changedBetween reports whether the slice variable s may change after
// from and before to (writtenBetween), or be handed there to a function
// of this package, which may store into its elements (a slice shares its
// array with the callee), unless that function's fact says it only reads
// rows by it (RowsIn). Library functions (sorting, the database
// libraries) are taken not to store into a slice they are given.
func (f *Func) changedBetween(s Ref, from, to token.Pos) bool {
	if f.writtenBetween(s, from, to) {
		return true
	}
	home := f.defs.litAround(from)
	found := false
	ast.PreorderStack(f.Body(), nil, func(n ast.Node, stack []ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		fn, ok := calleeFunc(f.info, call).(*types.Func)
		if !ok || fn.Pkg() == nil || f.defs.pkg == nil || fn.Pkg() != f.defs.pkg.types {
			return true
		}
		for i, arg := range call.Args {
			if refOf(f.info, arg) != s {
				continue
			}
			if f.onlyReadsRows(fn, i) {
				continue
			}
			if f.defs.litAround(call.Pos()) != home || mayRunBetween(call.Pos(), loopsOf(call, stack), from, to) {
				found = true
			}
		}
		return !found
	})
	return found
}

// onlyReadsRows reports whether fn's fact lists its parameter i in
// RowsIn: it reads rows by it and assigns it nothing.
func (f *Func) onlyReadsRows(fn *types.Func, i int) bool {
	if f.lookup == nil {
		return false
	}
	fact := f.lookup(fn)
	if fact == nil {
		return false
	}
	for _, ri := range fact.RowsIn {
		if ri.Param == i {
			return true
		}
	}
	return false
}
