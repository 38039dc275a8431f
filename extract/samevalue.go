package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
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

// GuardedEqual reports whether placeholder pb of b, a statement that
// runs after a, is bound to a value that an early exit made equal to the
// value placeholder pa of a was bound to: after `if x != y { return err }`
// (or a condition of which that comparison is one || operand, whose body
// returns, panics, breaks or continues), the code that follows the if in
// its block runs only when x == y. So when b is bound to one side and a
// to the other, b works on a's row: `m.Edit.ID != m.NoteID` returning,
// then a helper's UPDATE by m.Edit.ID, after a FOR UPDATE by m.NoteID.
// Either side may be a Go constant, the same value as the constant the
// other statement binds (`if r.Kind != KindMention { continue }`).
//
// b must follow the guard in its block (or in a block nested there), a
// come before b and outside the guard, all three in the same function
// literal. Nothing may change b's value between the guard and b, nor a's
// between a and the guard (whichever comes first), by writtenBetween's
// standard.
func (f *Func) GuardedEqual(a *Site, pa int, b *Site, pb int) bool {
	if a.Call == nil || b.Call == nil || a.Call.Pos() >= b.Call.Pos() || f.defs.root == nil {
		return false
	}
	va, vb := boundValue(a, pa), boundValue(b, pb)
	if !va.known() || !vb.known() || va.konst != nil && vb.konst != nil {
		return false
	}
	at, use := a.Call.Pos(), b.Call.Pos()
	home := f.defs.litAround(use)
	if f.defs.litAround(at) != home {
		return false
	}
	for _, g := range f.guards() {
		if !(g.If.End() <= use && use < g.until) || g.If.Pos() <= at && at < g.If.End() || f.defs.litAround(g.If.Pos()) != home {
			continue
		}
		for _, d := range g.differ {
			for _, sides := range [2][2]ast.Expr{{d.X, d.Y}, {d.Y, d.X}} {
				if !f.matches(sides[0], va) || !f.matches(sides[1], vb) {
					continue
				}
				if va.ref.Valid() && f.writtenBetween(va.ref, min(at, g.If.Pos()), max(at, g.If.Pos())) {
					continue
				}
				if vb.ref.Valid() && f.writtenBetween(vb.ref, g.If.Pos(), use) {
					continue
				}
				return true
			}
		}
	}
	return false
}

// bound is the Go value bound to a placeholder: a variable (or field
// path), or a constant.
type bound struct {
	ref   Ref
	konst constant.Value
}

func (v bound) known() bool { return v.ref.Valid() || v.konst != nil }

func boundValue(s *Site, p int) bound {
	if c := s.ArgConst(p); c != nil {
		return bound{konst: c}
	}
	return bound{ref: s.ArgRef(p)}
}

// matches reports whether e, one side of a guard's comparison, is v.
func (f *Func) matches(e ast.Expr, v bound) bool {
	if v.konst != nil {
		tv, ok := f.info.Types[e]
		return ok && tv.Value != nil && SameConstant(tv.Value, v.konst)
	}
	return f.defs.pkg.keyRef(f.info, e) == v.ref
}

// guard is an if statement after which, in its block, the two sides of
// each of its differ comparisons are equal: its body ends the function or
// the loop turn, and each of them is its condition or one operand of it
// joined by ||.
type guard struct {
	If *ast.IfStmt
	// until is the end of the block holding the if: the code from the
	// if's end to here runs only when the condition was false.
	until  token.Pos
	differ []*ast.BinaryExpr
}

// guards lists the function's guards, once.
func (f *Func) guards() []guard {
	if f.guardList != nil {
		return *f.guardList
	}
	var out []guard
	add := func(list []ast.Stmt, until token.Pos) {
		for _, s := range list {
			is, ok := s.(*ast.IfStmt)
			if !ok || len(is.Body.List) == 0 || !exits(f.info, is.Body.List[len(is.Body.List)-1]) {
				continue
			}
			var differ []*ast.BinaryExpr
			for _, d := range disjuncts(is.Cond) {
				if be, ok := d.(*ast.BinaryExpr); ok && be.Op == token.NEQ {
					differ = append(differ, be)
				}
			}
			if len(differ) > 0 {
				out = append(out, guard{If: is, until: until, differ: differ})
			}
		}
	}
	ast.Inspect(f.defs.root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			add(n.List, n.End())
		case *ast.CaseClause:
			add(n.Body, n.End())
		case *ast.CommClause:
			add(n.Body, n.End())
		}
		return true
	})
	f.guardList = &out
	return out
}

// disjuncts are the operands of a chain of ||, or the expression itself.
func disjuncts(e ast.Expr) []ast.Expr {
	if be, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && be.Op == token.LOR {
		return append(disjuncts(be.X), disjuncts(be.Y)...)
	}
	return []ast.Expr{ast.Unparen(e)}
}

// exits reports whether control never goes on past s to the statement
// after it: a return, a panic, or a break, continue or goto.
func exits(info *types.Info, s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok != token.FALLTHROUGH
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && isBuiltin(info, call.Fun, "panic")
	}
	return false
}

// SameConstant reports whether two Go constants are the same value:
// equal strings, booleans or numbers.
func SameConstant(x, y constant.Value) bool {
	if x == nil || y == nil {
		return false
	}
	kx, ky := x.Kind(), y.Kind()
	numeric := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float || k == constant.Complex }
	switch {
	case kx == constant.String && ky == constant.String, kx == constant.Bool && ky == constant.Bool, numeric(kx) && numeric(ky):
		return constant.Compare(x, token.EQL, y)
	}
	return false
}

// ConstantIsLiteral reports whether Go constant c is provably the value
// of the SQL literal whose text (sqltext.Value.Text, strings unquoted) is
// text: a string with that exact text, which no other kind of literal
// could have (a number's, NULL's, TRUE's or a hexadecimal or binary
// literal's text could be the quoted string or the other literal, which
// compare differently).
func ConstantIsLiteral(c constant.Value, text string) bool {
	if c == nil || c.Kind() != constant.String || constant.StringVal(c) != text {
		return false
	}
	if _, err := strconv.ParseFloat(text, 64); err == nil {
		return false
	}
	switch l := strings.ToLower(text); {
	case l == "null" || l == "true" || l == "false", strings.HasPrefix(l, "0x"), strings.HasPrefix(l, "0b"):
		return false
	}
	return true
}
