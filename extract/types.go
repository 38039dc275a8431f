package extract

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

var errorType = types.Universe.Lookup("error").Type()

func calleeFunc(info *types.Info, call *ast.CallExpr) types.Object {
	return typeutil.Callee(info, call)
}

// named returns the package path and name of t's named type, looking
// through one pointer.
func named(t types.Type) (pkg, name string) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", ""
	}
	return n.Obj().Pkg().Path(), n.Obj().Name()
}

// recvNamed returns the package and type name of fn's receiver.
func recvNamed(fn *types.Func) (pkg, name string) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return "", ""
	}
	return named(sig.Recv().Type())
}

// typeString writes t relative to its package name, as code would: *sql.DB.
func typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// handleKindOf classifies a database/sql or sqlx handle type, and the
// handles of bun and goqu, whose type says what they are as well.
func handleKindOf(t types.Type) HandleKind {
	pkg, name := named(t)
	switch {
	case pkg == pkgGoqu && name == "Database":
		return HandlePool
	case pkg == pkgGoqu && name == "TxDatabase":
		return HandleTx
	case pkg != pkgSQL && pkg != pkgSQLX && pkg != pkgBun:
		return HandleUnknown
	}
	switch name {
	case "DB":
		return HandlePool
	case "Tx":
		return HandleTx
	case "Conn":
		return HandleConn
	}
	return HandleUnknown
}

// refOf returns the variable and field path e reads: tx, r.tx, (*p).db.
func refOf(info *types.Info, e ast.Expr) Ref {
	return refThrough(info, e, nil)
}

// refThrough is refOf where call, when given, reads a call as the field
// path it returns and the value it is read from (a getter's call).
func refThrough(info *types.Info, e ast.Expr, call func(*ast.CallExpr) (string, ast.Expr, bool)) Ref {
	path := ""
	for range maxRefDepth {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj := info.ObjectOf(x)
			if _, ok := obj.(*types.Var); !ok {
				return Ref{}
			}
			return Ref{Root: obj, Path: path}
		case *ast.SelectorExpr:
			sel, ok := info.Selections[x]
			if !ok || sel.Kind() != types.FieldVal {
				return Ref{}
			}
			path = "." + x.Sel.Name + path
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.CallExpr:
			if call == nil {
				return Ref{}
			}
			p, recv, ok := call(x)
			if !ok {
				return Ref{}
			}
			path = p + path
			e = recv
		default:
			return Ref{}
		}
	}
	return Ref{}
}

// maxRefDepth bounds the selectors, dereferences and getter calls a
// reference is read through.
const maxRefDepth = maxTextDepth * 4

// firstStringParam returns the index of sig's first parameter whose type
// is string: the query of every SQL-sending method and function.
func firstStringParam(sig *types.Signature) int {
	for i := 0; i < sig.Params().Len(); i++ {
		if b, ok := sig.Params().At(i).Type().(*types.Basic); ok && b.Kind() == types.String {
			return i
		}
	}
	return -1
}
