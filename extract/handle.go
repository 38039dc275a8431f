package extract

import (
	"go/ast"
	"go/types"
	"strings"
)

// FactLookup returns the fact of a function, or nil.
type FactLookup func(*types.Func) *FuncFact

// resolveHandle describes the handle found at e followed by the field
// path, tracing where the value came from in this function: a struct
// literal (&Repo{db: tx}), or a constructor whose fact says which field
// holds which parameter (New(tx), q.WithTx(tx)). A repository built around
// a transaction is that transaction.
func resolveHandle(info *types.Info, d defs, lookup FactLookup, e ast.Expr, path string) Handle {
	for range maxTextDepth {
		e = ast.Unparen(e)
		if sel, ok := e.(*ast.SelectorExpr); ok {
			if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
				e, path = sel.X, "."+sel.Sel.Name+path
				continue
			}
		}
		if path == "" {
			break
		}
		next, rest, ok := follow(info, d, lookup, e, path)
		if !ok {
			break
		}
		e, path = next, rest
	}
	t := typeAt(info.TypeOf(e), path)
	if t == nil {
		return Handle{Expr: e}
	}
	ref := refOf(info, e)
	if ref.Valid() {
		ref.Path += path
	}
	return Handle{Kind: handleKindOf(t), Type: typeString(t), Ref: ref, Expr: e}
}

// follow takes one step from e.path towards the value stored there.
func follow(info *types.Info, d defs, lookup FactLookup, e ast.Expr, path string) (ast.Expr, string, bool) {
	field, rest := splitPath(path)
	v := e
	if def := d.value(info, e); def != nil {
		v = def
	}
	v = ast.Unparen(v)
	if u, ok := v.(*ast.UnaryExpr); ok {
		v = ast.Unparen(u.X)
	}
	switch v := v.(type) {
	case *ast.CompositeLit:
		for _, elt := range v.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == field {
					return kv.Value, rest, true
				}
			}
		}
	case *ast.CallExpr:
		fn, ok := calleeFunc(info, v).(*types.Func)
		if !ok || lookup == nil {
			break
		}
		fact := lookup(fn)
		if fact == nil {
			break
		}
		for _, ff := range fact.Fields {
			if ff.Path == "."+field {
				if a := argExpr(v, ff.Param); a != nil {
					return a, rest, true
				}
			}
		}
	}
	return nil, "", false
}

// splitPath splits ".a.b" into "a" and ".b".
func splitPath(path string) (string, string) {
	path = strings.TrimPrefix(path, ".")
	if i := strings.IndexByte(path, '.'); i >= 0 {
		return path[:i], path[i:]
	}
	return path, ""
}

// typeAt is the type of the field path below a value of type t.
func typeAt(t types.Type, path string) types.Type {
	for path != "" && t != nil {
		var field string
		field, path = splitPath(path)
		obj, _, _ := types.LookupFieldOrMethod(t, true, typePkg(t), field)
		v, ok := obj.(*types.Var)
		if !ok {
			return nil
		}
		t = v.Type()
	}
	return t
}

// typePkg is the package of t's named type (through one pointer), which
// lookups of its unexported fields (r.db) need.
func typePkg(t types.Type) *types.Package {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Pkg()
	}
	return nil
}

// argExpr is the expression a call passes as parameter i (-1: receiver).
func argExpr(call *ast.CallExpr, i int) ast.Expr {
	if i == -1 {
		return receiver(call)
	}
	if i >= 0 && i < len(call.Args) && !(call.Ellipsis.IsValid() && i == len(call.Args)-1) {
		return call.Args[i]
	}
	return nil
}
