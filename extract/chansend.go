package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// neverFull reports whether send cannot wait: its channel is a local
// variable made once with a constant buffer, sent to by this one
// statement, outside any loop, and used otherwise only to receive from
// and to close (`c := make(chan error, 1); go func() { c <- work() }()`).
// The buffer has room for the one value, so the send returns at once.
func (f *Func) neverFull(send *ast.SendStmt) bool {
	id, ok := ast.Unparen(send.Chan).(*ast.Ident)
	if !ok || f.defs.root == nil {
		return false
	}
	obj, ok := f.info.Uses[id].(*types.Var)
	if !ok || obj.Pkg() == nil || obj.Parent() == obj.Pkg().Scope() || f.defs.escaped[obj] {
		return false
	}
	vals := f.defs.vals[obj]
	if len(vals) != 1 || !bufferedMake(f.info, vals[0]) {
		return false
	}
	sends, other, looped := 0, false, false
	ast.PreorderStack(f.defs.root, nil, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if c, ok := ast.Unparen(n.Chan).(*ast.Ident); ok && f.info.Uses[c] == obj {
				sends++
				for _, a := range stack {
					switch a.(type) {
					case *ast.ForStmt, *ast.RangeStmt:
						looped = true
					}
				}
			}
		case *ast.UnaryExpr:
			if c, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.ARROW && f.info.Uses[c] == obj {
				return false // a receive
			}
		case *ast.CallExpr:
			if fn, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && fn.Name == "close" && len(n.Args) == 1 {
				if c, ok := ast.Unparen(n.Args[0]).(*ast.Ident); ok && f.info.Uses[c] == obj {
					return false
				}
			}
		case *ast.Ident:
			if f.info.Uses[n] == obj && (len(stack) == 0 || !isSendChan(stack[len(stack)-1], n)) {
				other = true // handed on, or sent to elsewhere
			}
		}
		return true
	})
	return sends == 1 && !other && !looped
}

func isSendChan(parent ast.Node, id *ast.Ident) bool {
	s, ok := parent.(*ast.SendStmt)
	return ok && ast.Unparen(s.Chan) == ast.Expr(id)
}

// bufferedMake reports whether e is make(chan T, n) with a constant n of
// at least one.
func bufferedMake(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return false
	}
	if fn, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || fn.Name != "make" {
		return false
	}
	if _, ok := info.TypeOf(call.Args[0]).Underlying().(*types.Chan); !ok {
		return false
	}
	tv, ok := info.Types[call.Args[1]]
	if !ok || tv.Value == nil {
		return false
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	return ok && n >= 1
}
