package txflow

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/locklint/locklint/extract"
)

// A branch whose condition cannot change while the function runs goes
// the same way every time it is reached: `for _, b := range books { if
// create { INSERT } else { UPDATE } }` sends either INSERTs or UPDATEs in
// one call, never an UPDATE and then an INSERT, although the loop's back
// edge joins the two arms in the control-flow graph. The condition is
// fixed when it is made of constants and of variables that the function
// never assigns, increments or takes the address of, and that are
// declared outside every loop around the branch (a parameter, a variable
// of an enclosing function, or one set once before the loop): a variable
// declared inside the loop is a new one on each iteration. Calls, field
// selections and indexing are not fixed: their value may change.

// exclusiveArms is one if statement with a fixed condition: code in one
// arm never runs in the same call as code in the other.
type exclusiveArms struct {
	then, els [2]token.Pos
}

// fixedBranches lists the if statements of f's body with a fixed
// condition and an else arm.
func fixedBranches(body *ast.BlockStmt, info *types.Info) []exclusiveArms {
	if body == nil || info == nil {
		return nil
	}
	changed := extract.ChangedVars(info, body)
	var out []exclusiveArms
	var loops []ast.Node
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // a function of its own
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, x)
			for _, c := range childNodes(x) {
				ast.Inspect(c, visit)
			}
			loops = loops[:len(loops)-1]
			return false
		case *ast.IfStmt:
			if x.Init == nil && x.Else != nil && fixedCond(x.Cond, info, changed, loops) {
				out = append(out, exclusiveArms{
					then: [2]token.Pos{x.Body.Pos(), x.Body.End()},
					els:  [2]token.Pos{x.Else.Pos(), x.Else.End()},
				})
			}
		}
		return true
	}
	ast.Inspect(body, visit)
	return out
}

// childNodes are the direct parts of a loop statement.
func childNodes(n ast.Node) []ast.Node {
	var out []ast.Node
	switch x := n.(type) {
	case *ast.ForStmt:
		if x.Init != nil {
			out = append(out, x.Init)
		}
		if x.Cond != nil {
			out = append(out, x.Cond)
		}
		if x.Post != nil {
			out = append(out, x.Post)
		}
		out = append(out, x.Body)
	case *ast.RangeStmt:
		out = append(out, x.X, x.Body)
	}
	return out
}

// fixedCond reports whether cond has the same value every time the
// branch is reached in one call.
func fixedCond(cond ast.Expr, info *types.Info, changed map[types.Object]bool, loops []ast.Node) bool {
	if tv, ok := info.Types[cond]; ok && tv.Value != nil {
		return false // a constant condition: one arm is dead anyway
	}
	fixed := true
	var check func(e ast.Expr)
	check = func(e ast.Expr) {
		if !fixed {
			return
		}
		if tv, ok := info.Types[e]; ok && tv.Value != nil {
			return
		}
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			if !ok || changed[v] || v.IsField() || v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
				fixed = false // a package variable may change under the function
				return
			}
			for _, l := range loops {
				if v.Pos() >= l.Pos() && v.Pos() < l.End() {
					fixed = false
					return
				}
			}
		case *ast.UnaryExpr:
			if x.Op != token.NOT && x.Op != token.SUB {
				fixed = false
				return
			}
			check(x.X)
		case *ast.BinaryExpr:
			check(x.X)
			check(x.Y)
		default:
			fixed = false
		}
	}
	check(cond)
	return fixed
}

// exclusive reports whether the code at a and the code at b lie in the
// two arms of one fixed branch, so that they never both run in one call.
func (fn *Func) exclusive(a, b token.Pos) bool {
	in := func(p token.Pos, r [2]token.Pos) bool { return r[0] <= p && p < r[1] }
	for _, x := range fn.fixed {
		if in(a, x.then) && in(b, x.els) || in(a, x.els) && in(b, x.then) {
			return true
		}
	}
	return false
}
