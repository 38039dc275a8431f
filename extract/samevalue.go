package extract

import (
	"go/ast"
	"go/token"
	"go/types"
)

// CopiedKey reports whether placeholder pb of b, a statement that runs
// after a, is provably bound to the value placeholder pa of a was bound
// to, through a copy: `dino = de.Inode` just before a locks the row of
// de.Inode, and b then works on the row of dino. The copy must run before
// a on every path (it dominates a), nothing may assign the copy again on
// a path from the copy to b, and nothing may change the original between
// the copy and a. The reverse, a copy bound to a and the original to b,
// counts the same way. The check is positional, like defs: a later
// assignment or one in a loop around the statements, an address taken or
// a pointer-receiver method called on the value, or any assignment in
// another function literal, defeats it.
func (f *Func) CopiedKey(a *Site, pa int, b *Site, pb int) bool {
	ea, patha := a.ParamArg(f.info, pa)
	eb, pathb := b.ParamArg(f.info, pb)
	if ea == nil || eb == nil || patha != "" || pathb != "" {
		return false
	}
	if b.Call.Ellipsis.IsValid() && !b.argsBound || a.Call.Ellipsis.IsValid() && !a.argsBound {
		return false
	}
	ra, rb := refOf(f.info, ea), refOf(f.info, eb)
	if !ra.Valid() || !rb.Valid() {
		return false
	}
	// b's value is a copy of a's, made before a.
	if f.copyHolds(rb, ra, a.Call.Pos(), a.Call.Pos(), b.Call.Pos()) {
		return true
	}
	// a's value is a copy of b's, made before a, and b's is unchanged
	// from the copy to b.
	return f.copyHolds(ra, rb, a.Call.Pos(), b.Call.Pos(), a.Call.Pos())
}

// copyHolds reports whether variable dst, at the statement at use, holds
// the value src had at the statement at orig: some assignment dst = src
// runs before orig on every path (and before use), dst is assigned nothing
// else on a path from it to use, and src nothing on a path from it to
// orig.
func (f *Func) copyHolds(dst, src Ref, orig, srcUntil, use token.Pos) bool {
	if dst.Path != "" {
		return false
	}
	v, ok := dst.Root.(*types.Var)
	if !ok || f.defs.escaped[v] || v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return false
	}
	first := min(orig, use)
	var copyAt *assignment
	for _, as := range f.defs.assigns[v] {
		if as.value == nil || as.end > first || as.scope == nil || !(as.scope.Pos() <= first && first < as.scope.End()) {
			continue
		}
		if r := refOf(f.info, as.value); r == src {
			copyAt = as // a later one wins: it runs later on every path
		} else if copyAt != nil && as.pos > copyAt.pos {
			copyAt = nil
		}
	}
	if copyAt == nil || f.defs.litAround(copyAt.pos) != f.defs.litAround(use) || f.defs.litAround(copyAt.pos) != f.defs.litAround(orig) {
		return false
	}
	home := f.defs.litAround(use)
	for _, as := range f.defs.assigns[v] {
		if as == copyAt {
			continue
		}
		if lit := f.defs.litAround(as.pos); lit != home {
			// Another function literal may run at any time, unless it
			// is the one around this code and the assignment comes
			// before the copy (a declaration the callback then sets).
			around := lit == nil || lit.Pos() <= use && use < lit.End()
			if !around || as.pos > copyAt.pos {
				return false
			}
			continue
		}
		if mayRunBetween(as.pos, as.loops, copyAt.end, use) {
			return false
		}
	}
	return !f.writtenBetween(src, copyAt.end, srcUntil)
}

// mayRunBetween reports whether code at pos, inside loops, may run after
// from and before to: it lies between them, or in a loop around to that
// from is outside of.
func mayRunBetween(pos token.Pos, loops []ast.Node, from, to token.Pos) bool {
	if from < pos && pos < to {
		return true
	}
	for _, l := range loops {
		if l.Pos() <= to && to < l.End() && !(l.Pos() <= from && from < l.End()) {
			return true
		}
	}
	return false
}

// writtenBetween reports whether something may change r (or the variable
// or field holding it) after from and before to: an assignment, ++ or --,
// taking its address, calling a pointer-receiver method on it, or passing
// it, when it is a pointer, to a call. A change in another function
// literal counts wherever it is.
func (f *Func) writtenBetween(r Ref, from, to token.Pos) bool {
	if f.defs.root == nil {
		return true
	}
	touches := func(e ast.Expr) bool {
		x := lhsRef(f.info, e)
		return x.Root == r.Root && (pathWithin(r.Path, x.Path) || pathWithin(x.Path, r.Path))
	}
	home := f.defs.litAround(from)
	found := false
	ast.PreorderStack(f.defs.root, nil, func(n ast.Node, stack []ast.Node) bool {
		if found {
			return false
		}
		var hit bool
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				hit = hit || touches(l)
			}
		case *ast.IncDecStmt:
			hit = touches(n.X)
		case *ast.RangeStmt:
			hit = n.Key != nil && touches(n.Key) || n.Value != nil && touches(n.Value)
		case *ast.UnaryExpr:
			hit = n.Op == token.AND && touches(n.X)
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if s, ok := f.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
					if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
						if _, ptr := sig.Recv().Type().Underlying().(*types.Pointer); ptr {
							hit = touches(sel.X)
						}
					}
				}
			}
			for _, arg := range n.Args {
				if t := f.info.TypeOf(arg); t != nil {
					if _, ptr := t.Underlying().(*types.Pointer); ptr {
						hit = hit || touches(arg)
					}
				}
			}
		default:
			return true
		}
		if !hit {
			return true
		}
		if f.defs.litAround(n.Pos()) != home {
			found = true
			return false
		}
		found = mayRunBetween(n.Pos(), loopsOf(n, stack), from, to)
		return !found
	})
	return found
}
