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
// tx.Exec), or the handle argument of a package-level function
// (sqlx.Get(db, ...) -> sqlx.Get(tx, ...)). It is nil unless the edit is
// certain to compile with the same meaning otherwise: tx is a variable (or
// a field of one) in scope at s and not shadowed there, and its type has
// the called method with an identical signature, or is assignable to the
// function's parameter. *sqlx.DB's GetContext exists on *sqlx.Tx with the
// same signature; a method only pools have (db.Conn, db.Stats) has none.
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
func handleOperand(info *types.Info, call *ast.CallExpr, handle ast.Expr, txType types.Type) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if selection, ok := info.Selections[sel]; ok {
		if selection.Kind() != types.MethodVal {
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
	// A package-level function taking the handle as an argument.
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || handle == nil {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	for i, a := range call.Args {
		if a != handle || i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
			continue
		}
		if types.AssignableTo(txType, sig.Params().At(i).Type()) {
			return a
		}
	}
	return nil
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
