package extract

import (
	"go/ast"
	"go/types"
)

// A data-access layer often hands out its transactions as values of its
// own: `func (d *DB) Begin() Tx { return &tx{db: d.pool.Begin()} }`, called
// through its interface as `tx := db.Begin()`. The function's fact says so
// (FuncFact.ReturnsTx), and its callers begin a transaction where they
// call it.

// returnsBegun reports whether the declared function returns, as its
// first result, a transaction it began and leaves open: the Begin call's
// result, a variable or field holding it, a struct literal or a
// constructor (by its fact's Fields) built around it, or what another
// function that returns a transaction returns. A nil result does not
// count against it; any other result does.
func returnsBegun(f *Func, decl *ast.FuncDecl) bool {
	if decl.Body == nil || decl.Type.Results == nil || len(decl.Type.Results.List) == 0 {
		return false
	}
	begins := map[*ast.CallExpr]bool{}
	var began []Ref
	for _, e := range f.Events {
		switch {
		case e.Kind == TxBegin && !e.Callback:
			begins[e.Call] = true
			if e.Tx.Valid() {
				began = append(began, e.Tx)
			}
		case e.Kind != TxBegin:
			return false // it ends a transaction itself: not a constructor
		}
	}
	any := false
	all := everyFirstResult(decl, func(_ *ast.ReturnStmt, e ast.Expr) bool {
		begun := f.isBegun(e, begins, began, 0)
		any = any || begun
		return begun
	})
	return any && all
}

// isBegun reports whether e is, or wraps, a transaction the function
// began (see returnsBegun).
func (f *Func) isBegun(e ast.Expr, begins map[*ast.CallExpr]bool, began []Ref, depth int) bool {
	if e == nil || depth > maxTextDepth {
		return false
	}
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	switch v := e.(type) {
	case *ast.CallExpr:
		if begins[v] {
			return true
		}
		fn, ok := calleeFunc(f.info, v).(*types.Func)
		if !ok || f.lookup == nil {
			return false
		}
		fact := f.lookup(fn)
		if fact == nil {
			return false
		}
		if fact.ReturnsTx {
			return true
		}
		for _, ff := range fact.Fields {
			if ff.Param != ZeroField && f.isBegun(argExpr(v, ff.Param), begins, began, depth+1) {
				return true
			}
		}
		return false
	case *ast.CompositeLit:
		for _, elt := range v.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if f.isBegun(elt, begins, began, depth+1) {
				return true
			}
		}
		return false
	case *ast.Ident, *ast.SelectorExpr:
		if r := refOf(f.info, v); r.Valid() {
			for _, b := range began {
				if b == r {
					return true
				}
			}
		}
		if id, ok := v.(*ast.Ident); ok {
			return f.isBegun(f.defs.value(f.info, id), begins, began, depth+1)
		}
	}
	return false
}

// beginsThroughCall is the transaction that call c begins, as its
// callee's fact says: held by the variable its result is assigned to, and
// begun from the handle the call is made on.
func (f *Func) beginsThroughCall(c *Call, lookup FactLookup) *TxEvent {
	e := &TxEvent{Kind: TxBegin, Call: c.Expr, Framework: DatabaseSQL}
	for obj, vals := range f.defs.vals {
		for _, v := range vals {
			if v == c.Expr {
				e.Tx = Ref{Root: obj}
			}
		}
	}
	if sel, ok := ast.Unparen(c.Expr.Fun).(*ast.SelectorExpr); ok {
		if s, ok := f.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			e.From = resolveHandle(f.info, f.defs, lookup, sel.X, "")
		}
	}
	if n := len(c.Expr.Args); n > 0 {
		// Begin(ctx, &sql.TxOptions{Isolation: ...}) on a DAL's own
		// Beginner: the options it takes are the ones it begins with.
		last := c.Expr.Args[n-1]
		if pkg, name := named(f.info.TypeOf(last)); pkg == pkgSQL && name == "TxOptions" {
			e.Isolation = txOptionsIsolation(c0(f.info, f.defs, f), last)
		}
	}
	return e
}
