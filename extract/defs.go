package extract

import (
	"go/ast"
	"go/token"
	"go/types"
)

// defs records, for one function declaration (and the function literals
// inside it), the assignments to each local variable, so that
// `q := "SELECT ..."; db.Query(q)` and `stmt, _ := tx.Prepare(q);
// stmt.Exec()` can be followed. A variable assigned more than once is
// followed flow-sensitively in straight-line code: each use takes the
// assignment that reaches it (see reaching). Package-level variables come
// from the package (see Package).
type defs struct {
	// vals are the values of every assignment to each variable, in source
	// order; nil stands for something that is not a single value.
	vals    map[types.Object][]ast.Expr
	assigns map[types.Object][]*assignment
	// escaped are the variables whose address is taken: anything may
	// change them at any time.
	escaped map[types.Object]bool
	// elemWritten are the maps and slices whose elements are assigned.
	elemWritten map[types.Object]bool
	// handedOn are the pointer variables passed to a call as an
	// argument, or assigned through (*p = v): the value they point to
	// may change without an assignment to them (a query builder an
	// option function edits).
	handedOn map[types.Object]bool
	lits     []*ast.FuncLit
	pkg      *Package
	// root is the declaration the defs were collected from.
	root ast.Node
}

// assignment is one assignment to a variable.
type assignment struct {
	value ast.Expr // nil when not a single value (x += s, a, b = f(), var x T)
	// lhs and appended are set for x += s: the text of x before, then s.
	lhs      *ast.Ident
	appended ast.Expr
	pos, end token.Pos // the assignment statement
	// scope is the block (or if/for/switch statement, for an assignment in
	// its init) after whose assignment every use inside runs; nil when the
	// assignment dominates nothing (a for statement's post).
	scope ast.Node
	// loops are the bodies (and post statements) of the loops around the
	// assignment.
	loops []ast.Node
}

func collectDefs(info *types.Info, body ast.Node) defs {
	return collectDefsIn(nil, info, body)
}

func collectDefsIn(pkg *Package, info *types.Info, body ast.Node) defs {
	d := defs{
		vals:        map[types.Object][]ast.Expr{},
		assigns:     map[types.Object][]*assignment{},
		escaped:     map[types.Object]bool{},
		elemWritten: map[types.Object]bool{},
		handedOn:    map[types.Object]bool{},
		pkg:         pkg,
		root:        body,
	}
	pointer := func(e ast.Expr) types.Object {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		obj := info.ObjectOf(id)
		if obj == nil {
			return nil
		}
		if _, ok := obj.Type().Underlying().(*types.Pointer); !ok {
			return nil
		}
		return obj
	}
	// An assignment in a branch taken only for another server's driver
	// or dialect gives that server's text: MySQL's statement never reads
	// it.
	foreign := foreignBranches(info, body)
	add := func(obj types.Object, rhs ast.Expr, stmt ast.Node, stack []ast.Node) *assignment {
		if inForeignBranch(foreign, stmt.Pos()) {
			return &assignment{}
		}
		d.vals[obj] = append(d.vals[obj], rhs)
		a := &assignment{
			value: rhs,
			pos:   stmt.Pos(),
			end:   stmt.End(),
			scope: mysqlScopeOf(info, stmt, stack, foreign),
			loops: loopsOf(stmt, stack),
		}
		d.assigns[obj] = append(d.assigns[obj], a)
		return a
	}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			d.lits = append(d.lits, n)
		case *ast.CallExpr:
			for _, a := range n.Args {
				if obj := pointer(a); obj != nil {
					d.handedOn[obj] = true
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if star, ok := ast.Unparen(lhs).(*ast.StarExpr); ok {
					if obj := pointer(star.X); obj != nil {
						d.handedOn[obj] = true
					}
					continue
				}
				if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
					// m[k] = v changes an element of m, not m: its
					// elements are not the literal's any more.
					if id, ok := ast.Unparen(ix.X).(*ast.Ident); ok {
						if obj := info.ObjectOf(id); obj != nil {
							d.elemWritten[obj] = true
						}
					}
					continue
				}
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				obj := info.ObjectOf(id)
				if obj == nil {
					continue
				}
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				} else if len(n.Rhs) == 1 && i == 0 {
					rhs = n.Rhs[0] // v, err := f(): v is the call's first result
				}
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					rhs = nil // x += "...": not a single value
				}
				a := add(obj, rhs, n, stack)
				if n.Tok == token.ADD_ASSIGN && len(n.Rhs) == 1 {
					a.lhs, a.appended = id, n.Rhs[0]
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				obj := info.ObjectOf(id)
				if obj == nil {
					continue
				}
				var rhs ast.Expr
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				} else if len(n.Values) == 1 && i == 0 {
					rhs = n.Values[0]
				}
				add(obj, rhs, n, stack)
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if id, ok := x.(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						add(obj, nil, n, stack)
					}
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
				if obj := info.ObjectOf(id); obj != nil {
					add(obj, nil, n, stack)
				}
			}
		case *ast.UnaryExpr:
			// &x lets anything change x.
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						d.vals[obj] = append(d.vals[obj], nil, nil)
						d.escaped[obj] = true
					}
				}
			}
		}
		return true
	})
	return d
}

// scopeOf is the innermost block or statement whose later part every
// path from stmt passes through stmt to reach.
func scopeOf(stmt ast.Node, stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause,
			*ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt:
			return p
		case *ast.ForStmt:
			if p.Post != nil && p.Post.Pos() <= stmt.Pos() && stmt.End() <= p.Post.End() {
				return nil // runs after the body, not before it
			}
			return p
		case *ast.FuncLit:
			return nil
		}
	}
	return nil
}

// mysqlScopeOf is scopeOf for the MySQL side of the function: an
// assignment in a branch that every MySQL path through its if or switch
// takes runs as if written before the if or switch. Such a branch is the
// body of an if whose condition says the server is MySQL (if db.Type() ==
// schemas.MYSQL { q = q.ForUpdate() }), the branch of an if whose other
// branch runs only for another server (if dialect == "mysql" { q = ... }
// else { q = ... }), or the MySQL case of a switch on the dialect
// (switch db.Type() { case schemas.MYSQL: q = ...; case
// schemas.POSTGRES: q = ... }).
func mysqlScopeOf(info *types.Info, stmt ast.Node, stack []ast.Node, foreign map[ast.Node]bool) ast.Node {
	scope := scopeOf(stmt, stack)
	for {
		i := len(stack) - 1
		for i >= 0 && stack[i] != scope {
			i--
		}
		if i < 1 {
			return scope
		}
		if cc, ok := scope.(*ast.CaseClause); ok && i >= 2 {
			sw, ok := stack[i-2].(*ast.SwitchStmt)
			if !ok || !mysqlCase(info, sw, cc) {
				return scope
			}
			scope = scopeOf(sw, stack[:i-2])
			continue
		}
		ifs, ok := stack[i-1].(*ast.IfStmt)
		if !ok {
			return scope
		}
		switch {
		case scope == ifs.Body && mysqlCondition(info, ifs.Cond):
		case scope == ifs.Body && ifs.Else != nil && foreign[ifs.Else]:
		case scope == ifs.Else && foreign[ifs.Body]:
		default:
			return scope
		}
		scope = scopeOf(ifs, stack[:i-1])
	}
}

// loopsOf lists the loop bodies (and for statements' post statements)
// around stmt, innermost last.
func loopsOf(stmt ast.Node, stack []ast.Node) []ast.Node {
	var out []ast.Node
	within := func(n ast.Node) bool { return n != nil && n.Pos() <= stmt.Pos() && stmt.End() <= n.End() }
	for _, p := range stack {
		switch p := p.(type) {
		case *ast.ForStmt:
			if within(p.Body) {
				out = append(out, p.Body)
			} else if p.Post != nil && within(p.Post) {
				out = append(out, p.Body, p.Post)
			}
		case *ast.RangeStmt:
			if within(p.Body) {
				out = append(out, p.Body)
			}
		}
	}
	return out
}

// value returns the single expression assigned to the variable e names
// that reaches e, or nil.
func (d defs) value(info *types.Info, e ast.Expr) ast.Expr {
	vals, ok := d.reaching(info, e)
	if !ok || len(vals) != 1 {
		return nil
	}
	return vals[0]
}

// reaching returns the values the variable e names may hold at e; see
// reachingAssigns. It reports false when one of them is not a single
// value.
func (d defs) reaching(info *types.Info, e ast.Expr) ([]ast.Expr, bool) {
	as, init, ok := d.reachingAssigns(info, e)
	if !ok {
		return nil, false
	}
	if init != nil {
		return []ast.Expr{init}, true
	}
	out := make([]ast.Expr, len(as))
	for i, a := range as {
		if a.value == nil {
			return nil, false
		}
		out[i] = a.value
	}
	return out, true
}

// reachingAssigns returns the assignments whose values the variable e
// names may hold at e: the assignment that dominates e (the last one in the same or an enclosing
// block before e), and every other assignment that may run between it and
// e (under an if, in a loop back to e). It reports false when no
// assignment dominates e, when one of them is not a single value, or when
// the variable may change behind the function's back: its address is
// taken, or a function literal assigns it, or e is in a function literal
// that may run at any time and the enclosing function assigns the
// variable after creating that literal (a variable assigned once is
// always followed; one the enclosing function assigns only before it
// creates the literal holds, inside it, the value that reaches the
// literal's creation). A package-level variable that the package never assigns
// holds its initializer, returned as init.
func (d defs) reachingAssigns(info *types.Info, e ast.Expr) (as []*assignment, init ast.Expr, ok bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, nil, false
	}
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return nil, nil, false
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		if init := d.pkg.varValue(v); init != nil {
			return nil, init, true
		}
		return nil, nil, false
	}
	all := d.assigns[v]
	if len(all) == 0 || d.escaped[v] {
		return nil, nil, false
	}
	use := id.Pos()
	home := d.litAround(v.Pos())
	assignedHome := true
	for _, a := range all {
		assignedHome = assignedHome && d.litAround(a.pos) == home
	}
	if !assignedHome || d.litAround(use) != home {
		if len(all) == 1 && all[0].value != nil {
			return all, nil, true
		}
		// A function literal that reads a variable its enclosing
		// function assigns only before creating it, and that no
		// literal assigns, sees the value the variable holds where
		// the literal is created, whenever it runs.
		made := d.madeIn(use, home)
		if !assignedHome || made == nil {
			return nil, nil, false
		}
		for _, a := range all {
			if a.end > made.Pos() {
				return nil, nil, false
			}
		}
		use = made.Pos()
	}
	var dom *assignment
	for _, a := range all {
		if a.end <= use && a.scope != nil && a.scope.Pos() <= use && use < a.scope.End() {
			dom = a // later ones win: they run later on every path
		}
	}
	if dom == nil {
		return nil, nil, false
	}
	out := []*assignment{dom}
	for _, a := range all {
		if a == dom {
			continue
		}
		between := a.pos > dom.pos && a.end <= use
		if between || a.pos >= use && loopsBack(a, use, dom) {
			out = append(out, a)
		}
	}
	return out, nil, true
}

// loopsBack reports whether a loop around a also holds use but not dom:
// the next iteration reaches use with a's value.
func loopsBack(a *assignment, use token.Pos, dom *assignment) bool {
	for _, l := range a.loops {
		if l.Pos() <= use && use < l.End() && !(l.Pos() <= dom.pos && dom.pos < l.End()) {
			return true
		}
	}
	return false
}

// madeIn is the function literal around pos that the body of home (a
// literal, or the declaration when nil) creates directly, or nil.
func (d defs) madeIn(pos token.Pos, home *ast.FuncLit) *ast.FuncLit {
	for in := d.litAround(pos); in != nil; {
		parent := d.parentLit(in)
		if parent == home {
			return in
		}
		in = parent
	}
	return nil
}

// parentLit is the innermost function literal around l, or nil.
func (d defs) parentLit(l *ast.FuncLit) *ast.FuncLit {
	var in *ast.FuncLit
	for _, m := range d.lits {
		if m != l && m.Pos() <= l.Pos() && l.End() <= m.End() && (in == nil || m.Pos() >= in.Pos()) {
			in = m
		}
	}
	return in
}

// litAround is the innermost function literal of the declaration that
// holds pos, or nil for the declaration's own body.
func (d defs) litAround(pos token.Pos) *ast.FuncLit {
	var in *ast.FuncLit
	for _, l := range d.lits {
		if l.Pos() <= pos && pos < l.End() && (in == nil || l.Pos() >= in.Pos()) {
			in = l
		}
	}
	return in
}
