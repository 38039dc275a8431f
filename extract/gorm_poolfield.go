package extract

import (
	"go/ast"
	"go/types"
)

// A *gorm.DB struct field may hold the pool or a transaction, so on its
// own it is unknown (gorm_handle.go). Two things the package shows make
// it the pool:
//
//   - the type begins transactions on it (s.db.Transaction(...),
//     s.db.Begin()): GORM cannot begin a transaction on a transaction
//     (Begin fails with ErrInvalidTransaction, Transaction makes a
//     savepoint), so a repository written that way keeps its pool there;
//   - every literal and assignment that fills it stores gorm.Open's
//     result.
//
// Either holds only when nothing in the package puts a transaction there:
// a copy of the repository built on a Begin result or on a Transaction
// callback's parameter, a method that takes the handle to store from its
// caller (WithTx(tx)), or a constructor some caller in the package hands a
// transaction. A constructor's parameter counts as the pool only for a
// type that begins transactions on the field; what callers in other
// packages pass is not seen, and a field filled from anything else is
// unknown. Exported fields, which other packages may set, stay unknown.

// gormFields is what the package does with its *gorm.DB fields, found in
// one walk of its files.
type gormFields struct {
	// begins are the fields the package begins transactions on.
	begins map[*types.Var]bool
	// txParams are the parameters of Transaction callbacks.
	txParams map[*types.Var]bool
	// calls are the package's calls of its own functions that take a
	// *gorm.DB, with the defs of the function making each.
	calls map[*types.Func][]gormFieldCall
	pool  map[*types.Var]bool // memo of gormPoolField
}

type gormFieldCall struct {
	call *ast.CallExpr
	defs defs
}

// isGORMDB reports whether t is GORM's (v2 or v1) *gorm.DB.
func isGORMDB(t types.Type) bool {
	pkg, name := named(t)
	return name == "DB" && (pkg == gormPath || pkg == pkgGORMv1)
}

// gormPoolField reports whether the package's *gorm.DB field v always
// holds the pool.
func (p *Package) gormPoolField(v *types.Var) bool {
	if p == nil || v.Pkg() != p.types || v.Exported() || !isGORMDB(v.Type()) {
		return false
	}
	g := p.gormFieldUse()
	if pool, ok := g.pool[v]; ok {
		return pool
	}
	g.pool[v] = false // a field set from itself is not known to be the pool
	sets := p.fieldSets[v]
	if len(sets) == 0 || len(sets) > maxFieldSets {
		return false
	}
	opened := true
	for _, s := range sets {
		switch kind, fn, param := p.gormFieldValue(s); kind {
		case gormSetOpen:
		case gormSetParam:
			opened = false
			for _, c := range g.calls[fn] {
				if param < len(c.call.Args) && p.gormIsTx(c.defs, c.call.Args[param], 0) {
					return false
				}
			}
		default:
			return false
		}
	}
	pool := opened || g.begins[v]
	g.pool[v] = pool
	return pool
}

type gormSetKind int

const (
	gormSetOther gormSetKind = iota
	gormSetOpen              // gorm.Open's result
	gormSetParam             // a parameter of a function that is no method
)

// gormFieldValue classifies what one literal or assignment stores in a
// field: gorm.Open's result, a constructor's parameter (which function,
// which parameter), or anything else.
func (p *Package) gormFieldValue(s fieldSet) (gormSetKind, *types.Func, int) {
	e := s.value
	for range maxTextDepth {
		if e == nil {
			return gormSetOther, nil, 0
		}
		e = ast.Unparen(e)
		if call, ok := e.(*ast.CallExpr); ok {
			if isGORMFunc(p.info, call, "Open", true) {
				return gormSetOpen, nil, 0
			}
			return gormSetOther, nil, 0
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return gormSetOther, nil, 0
		}
		if fd, ok := s.defs.root.(*ast.FuncDecl); ok && fd.Recv == nil {
			if i, ok := paramIndex(p.info, fd)[p.info.ObjectOf(id)]; ok {
				fn, _ := p.info.Defs[fd.Name].(*types.Func)
				return gormSetParam, fn, i
			}
		}
		e = s.defs.value(p.info, id)
	}
	return gormSetOther, nil, 0
}

// gormIsTx reports whether e, in a function with defs d, is known to hold
// a GORM transaction: a Begin result, a Transaction callback's parameter,
// or a builder chained on one.
func (p *Package) gormIsTx(d defs, e ast.Expr, depth int) bool {
	if e == nil || depth > maxTextDepth {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn, _ := calleeFunc(p.info, x).(*types.Func)
		op, _, _, ok := gormMethod(fn)
		switch {
		case ok && op == gormBegin:
			return true
		case ok && op == gormBuilds:
			return p.gormIsTx(d, receiver(x), depth+1)
		}
	case *ast.Ident:
		if v, ok := p.info.ObjectOf(x).(*types.Var); ok && p.gormFieldUse().txParams[v] {
			return true
		}
		return p.gormIsTx(d, d.value(p.info, x), depth+1)
	}
	return false
}

// gormFieldUse walks the package once for the fields it begins
// transactions on, its Transaction callbacks' parameters, and its calls
// of its own functions that take a *gorm.DB.
func (p *Package) gormFieldUse() *gormFields {
	if p.gormFields != nil {
		return p.gormFields
	}
	g := &gormFields{begins: map[*types.Var]bool{}, txParams: map[*types.Var]bool{}, calls: map[*types.Func][]gormFieldCall{}, pool: map[*types.Var]bool{}}
	p.gormFields = g
	for _, file := range p.files {
		for _, decl := range file.Decls {
			d := defs{pkg: p}
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if fdd, ok := p.defs[fd]; ok {
					d = fdd
				}
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				fn, _ := calleeFunc(p.info, call).(*types.Func)
				if fn == nil {
					return true
				}
				if fn.Pkg() == p.types && takesGORMDB(fn) {
					g.calls[fn] = append(g.calls[fn], gormFieldCall{call, d})
				}
				op, _, _, ok := gormMethod(fn)
				if !ok || op != gormBegin && op != gormTxFunc {
					return true
				}
				if op == gormTxFunc && len(call.Args) > 0 {
					if lit, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit); ok {
						if v, ok := paramObject(p.info, lit.Type, 0).(*types.Var); ok {
							g.txParams[v] = true
						}
					}
				}
				// The handle it begins on, under any builder calls
				// (s.db.WithContext(ctx).Transaction(...)).
				r := receiver(call)
				for range maxChain {
					c, ok := ast.Unparen(r).(*ast.CallExpr)
					if !ok {
						break
					}
					cf, _ := calleeFunc(p.info, c).(*types.Func)
					if op, _, _, ok := gormMethod(cf); !ok || op != gormBuilds {
						break
					}
					r = receiver(c)
				}
				if sel, ok := ast.Unparen(r).(*ast.SelectorExpr); ok {
					if s, ok := p.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
						if v, ok := s.Obj().(*types.Var); ok {
							g.begins[v] = true
						}
					}
				}
				return true
			})
		}
	}
	return g
}

// takesGORMDB reports whether fn has a *gorm.DB parameter.
func takesGORMDB(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if isGORMDB(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}
