package extract

import (
	"go/ast"
	"go/token"
	"go/types"
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
		return !f.writtenBetween(s, min(a.Call.Pos(), use), use)
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
		return !f.writtenBetween(s, min(a.Call.Pos(), rng.Pos()), use)
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
	return !f.writtenBetween(s, from, to)
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
