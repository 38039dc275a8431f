package txflow

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// ReplaceHandleFix returns the edit that runs statement s through the
// transaction tx instead of the handle it uses: the receiver (db.Exec ->
// tx.Exec), the handle argument of a package-level function (sqlx.Get(db,
// ...) -> sqlx.Get(tx, ...)), or the root of a builder chain
// (db.Model(&a).Update(...) -> tx.Model(&a).Update(...)). It is nil unless
// the edit is certain to compile with the same meaning otherwise: tx is a
// variable (or a field of one) in scope at s and not shadowed there, and
// its type has the called method with an identical signature, or is
// assignable to the function's parameter. *sqlx.DB's GetContext exists on
// *sqlx.Tx with the same signature; a method only pools have (db.Conn,
// db.Stats) has none.
func (s *Stmt) ReplaceHandleFix(tx *Tx) *analysis.SuggestedFix {
	if tx == nil || tx.fn == nil || !tx.Ref.Valid() {
		return nil
	}
	info := tx.fn.Extract.Info()
	txType := refType(tx.Ref.Root.Type(), tx.Ref.Path)
	if info == nil || txType == nil || !visibleAt(tx.Ref.Root, s.Site.Pos) {
		return nil
	}
	old := handleOperand(info, s.Site.Call, s.Site.Handle.Expr, txType)
	if old == nil {
		return nil
	}
	name := tx.Ref.Root.Name() + tx.Ref.Path
	return &analysis.SuggestedFix{
		Message: fmt.Sprintf("run the statement through %s", name),
		TextEdits: []analysis.TextEdit{{
			Pos:     old.Pos(),
			End:     old.End(),
			NewText: []byte(name),
		}},
	}
}

// handleOperand returns the expression of call that names its handle
// (handle, for a package-level function), when a value of type txType can
// take its place.
//
// A method called on a handle (db.ExecContext) needs the same method on
// the transaction's type. A builder chain (GORM's db.Model(&a).Where(...)
// .Update(...)) is rooted at the handle: each link returns the type it is
// called on, and the root is replaced only by a transaction of that very
// type, which then has every link's method.
func handleOperand(info *types.Info, call *ast.CallExpr, handle ast.Expr, txType types.Type) ast.Expr {
	// The handle passed as an argument: sqlx.Get(db, ...), or a helper's
	// parameter (save(ctx, db) with a DBTX parameter).
	if sig, ok := info.TypeOf(call.Fun).(*types.Signature); ok && handle != nil {
		for i, a := range call.Args {
			if a != handle {
				continue
			}
			if i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
				return nil
			}
			if types.AssignableTo(txType, sig.Params().At(i).Type()) {
				return a
			}
			return nil
		}
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	selection, ok := info.Selections[sel]
	if !ok || selection.Kind() != types.MethodVal {
		return nil
	}
	if root := chainRoot(info, sel.X); root != sel.X {
		if types.Identical(info.TypeOf(root), txType) {
			return root
		}
		return nil
	}
	want, ok := selection.Obj().Type().(*types.Signature)
	if !ok {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(txType, true, selection.Obj().Pkg(), sel.Sel.Name)
	m, ok := obj.(*types.Func)
	if !ok || !types.Identical(m.Type(), want) { // Identical ignores receivers
		return nil
	}
	return sel.X
}

// chainRoot follows a builder chain x.A().B() down to x, through calls
// whose result has the type of their receiver.
func chainRoot(info *types.Info, e ast.Expr) ast.Expr {
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return e
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return e
		}
		if s, ok := info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
			return e
		}
		rt, ct := info.TypeOf(sel.X), info.TypeOf(call)
		if rt == nil || ct == nil || !types.Identical(rt, ct) {
			return e
		}
		e = sel.X
	}
}

// refType is the type of the field path below a value of type t.
func refType(t types.Type, path string) types.Type {
	for path != "" && t != nil {
		path = path[1:] // drop the leading "."
		field := path
		rest := ""
		for i := 0; i < len(path); i++ {
			if path[i] == '.' {
				field, rest = path[:i], path[i:]
				break
			}
		}
		var pkg *types.Package // unexported fields need their package
		if n, ok := types.Unalias(derefType(t)).(*types.Named); ok {
			pkg = n.Obj().Pkg()
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, field)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			return nil
		}
		t, path = v.Type(), rest
	}
	return t
}

// visibleAt reports whether the name of obj, written at pos, denotes obj:
// obj is declared before pos in a scope containing it, and nothing in
// between shadows it.
func visibleAt(obj types.Object, pos token.Pos) bool {
	if obj.Pkg() == nil || obj.Parent() == nil {
		return false
	}
	inner := obj.Pkg().Scope().Innermost(pos)
	if inner == nil {
		return false
	}
	_, found := inner.LookupParent(obj.Name(), pos)
	return found == obj
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
