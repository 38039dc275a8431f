package extract

import (
	"go/ast"
	"go/token"
	"go/types"
)

// gormChain is a finisher's builder chain, followed back from the
// finisher through receivers and local variables to where it starts.
type gormChain struct {
	// links are the chain calls in the order they run, root first.
	links []*ast.CallExpr
	// root is where the chain starts: a handle variable or field, a Begin
	// or gorm.Open call, or the result of some other function.
	root ast.Expr
	// ref is the variable (or field) that holds the handle the chain
	// starts from: the transaction variable for tx.Where(...).First().
	ref Ref
	// g is the gorm.G[T](db, opts...) call of the generics API, and gType
	// its T.
	g     *ast.CallExpr
	gType types.Type
	// partial is set when some calls may or may not be part of the chain
	// (a builder variable changed under an if or in a loop) or could not
	// be followed: the conditions seen are not all the conditions.
	partial bool
	// mixed is set when a builder variable may hold builders from more
	// than one handle: the handle is unknown.
	mixed bool
}

// maxChain bounds how many calls and variables a chain is followed through.
const maxChain = 64

// gormChainOf follows the builder expression e (a finisher's receiver)
// back to its root. scope is the function body e is in.
func gormChainOf(c *call, scope *gormScope, e ast.Expr) *gormChain {
	ch := &gormChain{}
	var rev []*ast.CallExpr
	defer func() {
		for i := len(rev) - 1; i >= 0; i-- {
			ch.links = append(ch.links, rev[i])
		}
	}()
	for range maxChain {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.CallExpr:
			fn, _ := calleeFunc(c.info, x).(*types.Func)
			if op, _, _, ok := gormMethod(fn); ok && (op == gormBuilds || op == gormFinish) {
				if op == gormFinish {
					// db.Find(&a).Update(...): what the first statement
					// left in the builder is not modelled.
					ch.partial = true
				} else {
					rev = append(rev, x)
				}
				e = receiver(x)
				continue
			}
			if isGORMFunc(c.info, x, "G", false) && len(x.Args) > 0 {
				ch.g = x
				if inst, ok := c.info.Instances[genericIdent(x.Fun)]; ok && inst.TypeArgs.Len() == 1 {
					ch.gType = inst.TypeArgs.At(0)
				}
				e = x.Args[0]
				continue
			}
			ch.root = x
			return ch
		case *ast.Ident:
			v, ok := c.info.ObjectOf(x).(*types.Var)
			if !ok {
				ch.root = x
				return ch
			}
			ch.ref = Ref{Root: v}
			r := scope.reaching(c, v, x.Pos())
			ch.partial = ch.partial || r.partial
			ch.mixed = ch.mixed || r.mixed
			if r.value == nil {
				ch.root = x
				return ch
			}
			e = r.value
		default:
			ch.root = e
			ch.ref = refOf(c.info, e)
			return ch
		}
	}
	ch.root = e
	ch.partial = true
	return ch
}

// genericIdent is the identifier of a generic function in an instantiation
// expression: G in gorm.G[User].
func genericIdent(fun ast.Expr) *ast.Ident {
	switch f := ast.Unparen(fun).(type) {
	case *ast.IndexExpr:
		return genericIdent(f.X)
	case *ast.IndexListExpr:
		return genericIdent(f.X)
	case *ast.SelectorExpr:
		return f.Sel
	case *ast.Ident:
		return f
	}
	return nil
}

// gormScope is one function body, in which builder variables are
// followed.
type gormScope struct {
	body    ast.Node
	assigns map[types.Object][]*gormAssign
	// foreign are the body's branches for other servers, once read.
	foreign map[ast.Node]bool
	read    bool
}

// gormAssign is one assignment to a variable.
type gormAssign struct {
	node token.Pos // start of the assignment statement or declaration
	end  token.Pos
	// value is the expression assigned, nil when it is not a single value
	// (x, y = f(), `var x T`, a range variable).
	value ast.Expr
	// block is the statement list (block, case clause) or the statement
	// (if, for, switch init) that holds the assignment.
	block ast.Node
	// loops are the loops around the assignment, innermost last.
	loops []ast.Node
	// escapes is set for an assignment in a function literal, or for &x:
	// the variable may change at any time.
	escapes bool
}

// reach is what a variable holds at a use.
type reach struct {
	value   ast.Expr // nil when unknown
	partial bool     // other assignments may run in between on some paths
	mixed   bool     // and they may put another handle's builder in it
}

// reaching finds the assignment to v that every path to pos runs last in
// straight-line code, the way builders are written:
//
//	q := tx.Model(&Job{})
//	q = q.Where("status = ?", s)
//	q.First(&j)
//
// An assignment under an if, in a switch case or in a loop that may or
// may not run before pos makes the result partial.
func (s *gormScope) reaching(c *call, v *types.Var, pos token.Pos) reach {
	as := s.assignments(c.info, v)
	var dom *gormAssign
	for _, a := range as {
		if a.escapes || a.end > pos {
			continue
		}
		if a.block.Pos() <= pos && pos < a.block.End() {
			dom = a // later ones win: they are in source order
		}
	}
	if dom == nil && isParamOf(c, v) {
		// A parameter that no assignment before pos replaces holds what
		// the caller passed (session = session.Context(ctx) reads it on
		// its right-hand side), unless an assignment may reach pos on
		// some path.
		r := reach{}
		for _, a := range as {
			if !a.escapes && a.end <= pos && a.value != nil && settingsOnly(c, a.value, v) {
				// if mysql { tx = tx.Set("gorm:query_option", "FOR
				// UPDATE") }: no condition added; the lock is the
				// handle's (rootLock).
				continue
			}
			if a.escapes || a.end <= pos || a.node > pos && inLoopWith(a, pos, nil) {
				r.partial = true
				if a.value == nil || !gormRootedAt(c, a.value, v) {
					r.mixed = true
				}
			}
		}
		return r
	}
	if dom == nil {
		// A variable of an enclosing function, assigned once there.
		if len(as) == 0 && (v.Pos() < s.body.Pos() || v.Pos() >= s.body.End()) {
			if vals := c.defs.vals[v]; len(vals) == 1 && vals[0] != nil {
				return reach{value: vals[0]}
			}
		}
		return reach{partial: len(as) > 0, mixed: len(as) > 0}
	}
	r := reach{value: dom.value}
	for _, a := range as {
		if a == dom {
			continue
		}
		conditional := a.escapes ||
			a.node > dom.node && a.end <= pos || // under an if between dom and pos
			a.node > pos && inLoopWith(a, pos, dom) // around a loop back to pos
		if !conditional {
			continue
		}
		r.partial = true
		if a.value == nil || !gormRootedAt(c, a.value, v) {
			r.mixed = true
		}
	}
	return r
}

// inLoopWith reports whether a and pos are in a loop that dom (when not
// nil) is not in: the loop's next iteration reaches pos with a's value.
func inLoopWith(a *gormAssign, pos token.Pos, dom *gormAssign) bool {
	for _, l := range a.loops {
		if l.Pos() <= pos && pos < l.End() && (dom == nil || !(l.Pos() <= dom.node && dom.node < l.End())) {
			return true
		}
	}
	return false
}

// gormRootedAt reports whether the builder chain e starts at variable v:
// q = q.Where(...).
func gormRootedAt(c *call, e ast.Expr, v *types.Var) bool {
	for range maxChain {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			fn, _ := calleeFunc(c.info, x).(*types.Func)
			if op, _, _, ok := gormMethod(fn); !ok || op != gormBuilds {
				return false
			}
			e = receiver(x)
		case *ast.Ident:
			return c.info.ObjectOf(x) == v
		default:
			return false
		}
	}
	return false
}

// assignments lists the assignments to v in the scope's body, in source
// order.
func (s *gormScope) assignments(info *types.Info, v *types.Var) []*gormAssign {
	if as, ok := s.assigns[v]; ok {
		return as
	}
	var out []*gormAssign
	if !s.read {
		s.foreign, s.read = foreignBranches(info, s.body), true
	}
	ast.PreorderStack(s.body, nil, func(n ast.Node, stack []ast.Node) bool {
		add := func(value ast.Expr, stmt ast.Node, parent int) {
			a := &gormAssign{node: stmt.Pos(), end: stmt.End(), value: value}
			if parent >= 0 {
				a.block = stack[parent]
			} else {
				a.block = s.body
			}
			if own := scopeOf(stmt, stack); own != nil {
				// A branch every MySQL path takes (if db.Type() ==
				// schemas.MYSQL { q = q.ForUpdate() }) holds the
				// assignment as the block around it does.
				if m := mysqlScopeOf(info, stmt, stack, s.foreign); m != own && m != nil {
					a.block = m
				}
			}
			for _, anc := range stack {
				switch anc.(type) {
				case *ast.FuncLit:
					a.escapes = true
				case *ast.ForStmt, *ast.RangeStmt:
					a.loops = append(a.loops, anc)
				}
			}
			out = append(out, a)
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok || info.ObjectOf(id) != v {
					continue
				}
				var value ast.Expr
				switch {
				case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
				case len(n.Lhs) == len(n.Rhs):
					value = n.Rhs[i]
				case len(n.Rhs) == 1 && i == 0:
					value = n.Rhs[0] // q, err := f(): q is the first result
				}
				add(value, n, len(stack)-1)
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.ObjectOf(id) != v {
					continue
				}
				var value ast.Expr
				switch {
				case len(n.Values) == len(n.Names):
					value = n.Values[i]
				case len(n.Values) == 1 && i == 0:
					value = n.Values[0]
				}
				// ValueSpec < GenDecl < DeclStmt < its block.
				add(value, n, len(stack)-3)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok && info.ObjectOf(id) == v {
					add(nil, n, len(stack)-1)
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == v {
				add(nil, n, len(stack)-1)
				out[len(out)-1].escapes = true
			}
		}
		return true
	})
	if s.assigns == nil {
		s.assigns = map[types.Object][]*gormAssign{}
	}
	s.assigns[v] = out
	return out
}

// isParamOf reports whether v is a parameter (or the receiver) of the
// function c is in.
func isParamOf(c *call, v *types.Var) bool {
	var ft *ast.FuncType
	var recv *ast.FieldList
	switch n := c.out.Node.(type) {
	case *ast.FuncLit:
		ft = n.Type
	case *ast.FuncDecl:
		ft, recv = n.Type, n.Recv
	}
	if ft == nil {
		return false
	}
	for _, fl := range []*ast.FieldList{recv, ft.Params} {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			for _, name := range f.Names {
				if c.info.Defs[name] == v {
					return true
				}
			}
		}
	}
	return false
}

// settingsOnly reports whether the builder chain e starts at v and only
// changes settings of the handle, no condition of the statement: a lock
// option or locking clause, a context, debug output.
func settingsOnly(c *call, e ast.Expr, v *types.Var) bool {
	for range maxChain {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			fn, _ := calleeFunc(c.info, x).(*types.Func)
			if op, _, _, ok := gormMethod(fn); !ok || op != gormBuilds {
				return false
			}
			switch fn.Name() {
			case "Set", "InstanceSet", "InstantSet", "WithContext", "Debug", "LogMode":
			case "Clauses":
				for _, a := range x.Args {
					if !isClause(c.info.TypeOf(a), "Locking") {
						return false
					}
				}
			default:
				return false
			}
			e = receiver(x)
		case *ast.Ident:
			return c.info.ObjectOf(x) == v
		default:
			return false
		}
	}
	return false
}
