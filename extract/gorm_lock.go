package extract

import (
	"go/ast"
	"go/types"
	"strings"
)

// GORM v2 locks rows with Clauses(clause.Locking{Strength: "UPDATE",
// Options: "NOWAIT"}), which it writes as FOR UPDATE NOWAIT after the
// SELECT. The clause value is often built apart from the chain: in a
// variable, or by a helper that returns it. Both are followed, in this
// package; a clause.Locking whose strength cannot be read leaves the
// statement unknown rather than guessed.

// clause records one Clauses() argument (or one option of gorm.G).
func (q *gormQuery) clause(e ast.Expr) {
	t := q.c.info.TypeOf(e)
	if t == nil {
		return
	}
	switch {
	case isClause(t, "Locking"):
		lock, ok := q.locking(q.c, q.scope, e, 0)
		q.lockSet = true
		if !ok {
			q.lockUnknown = true
			return
		}
		q.lock, q.lockUnknown = lock, false
	case isClause(t, "OnConflict"):
		q.onConflict = true
	case isClause(t, "Where"), isClause(t, "Expr"), isClause(t, "NamedExpr"):
		q.partial = true // conditions written as clauses
	case isClause(t, "Expression"):
		// An interface value: a lock only if we can see which.
		if lock, ok := q.locking(q.c, q.scope, e, 0); ok {
			q.lock, q.lockUnknown, q.lockSet = lock, false, true
		}
	}
}

// maxHelperDepth bounds how far locking values are followed through
// helpers that return them.
const maxHelperDepth = 4

// locking reads the clause.Locking value e as the text GORM writes for it,
// "FOR UPDATE" or "FOR SHARE SKIP LOCKED".
func (q *gormQuery) locking(c *call, scope *gormScope, e ast.Expr, depth int) (string, bool) {
	if depth > maxHelperDepth {
		return "", false
	}
	for range maxTextDepth {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.UnaryExpr:
			e = x.X
			continue
		case *ast.Ident:
			v, ok := c.info.ObjectOf(x).(*types.Var)
			if !ok {
				return "", false
			}
			if init := packageVarInit(c.info, v); init != nil {
				e = init // var forUpdate = clause.Locking{...}
				continue
			}
			r := scope.reaching(c, v, x.Pos())
			if r.value == nil || r.partial {
				return "", false
			}
			e = r.value
			continue
		case *ast.CompositeLit:
			if !isClause(c.info.TypeOf(x), "Locking") {
				return "", false
			}
			return lockingText(c, x)
		case *ast.CallExpr:
			return q.helperLocking(c, x, depth)
		}
		return "", false
	}
	return "", false
}

// lockingText writes a clause.Locking literal as SQL.
func lockingText(c *call, lit *ast.CompositeLit) (string, bool) {
	var strength, options string
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return "", false // clause.Locking{"UPDATE", ...}: rare, and fragile
		}
		key, _ := kv.Key.(*ast.Ident)
		if key == nil {
			return "", false
		}
		switch key.Name {
		case "Strength", "Options":
			s, ok := textOf(c.info, c.defs, kv.Value)
			if !ok {
				return "", false
			}
			if key.Name == "Strength" {
				strength = s
			} else {
				options = s
			}
		}
	}
	if strings.TrimSpace(strength) == "" {
		return "", false
	}
	text := "FOR " + strength
	if options != "" {
		text += " " + options
	}
	return text, true
}

// helperLocking reads the clause.Locking a function of this package
// returns: every return statement must give the same clause.
func (q *gormQuery) helperLocking(c *call, hcall *ast.CallExpr, depth int) (string, bool) {
	fn, ok := calleeFunc(c.info, hcall).(*types.Func)
	if !ok {
		return "", false
	}
	decl := c.out.gorm().source(c.info).FuncDecl(fn)
	if decl == nil || decl.Body == nil {
		return "", false
	}
	hc := &call{info: c.info, defs: collectDefs(c.info, decl), out: c.out}
	scope := c.out.gormScope(decl.Body)
	var out string
	found := false
	ok = eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
		if len(n.Results) == 0 {
			return false
		}
		s, good := q.locking(hc, scope, n.Results[0], depth+1)
		if !good || found && s != out {
			return false
		}
		out, found = s, true
		return true
	})
	return out, ok && found
}

// packageVarInit returns the initializer of a package-level variable
// declared with one value: the clause value a package keeps ready. A
// package variable that is reassigned elsewhere is not noticed; lock
// clauses are not.
func packageVarInit(info *types.Info, v *types.Var) ast.Expr {
	if v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return nil
	}
	for _, in := range info.InitOrder {
		if len(in.Lhs) == 1 && in.Lhs[0] == v {
			return in.Rhs
		}
	}
	return nil
}
