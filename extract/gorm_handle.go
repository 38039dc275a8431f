package extract

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/locklint/locklint/sqltext"
)

// *gorm.DB is both the pool and a transaction: what a builder runs on
// depends on where its chain starts. Only these roots are known:
//
//   - gorm.Open's result: the pool;
//   - db.Begin()'s result: a transaction begun there;
//   - the parameter of a function literal passed to db.Transaction: a
//     transaction begun at that call, or, when db is itself a
//     transaction, a savepoint inside it (GORM nests with SAVEPOINT), so
//     the transaction is the outer one;
//   - the parameter of a function literal passed to db.Connection: one
//     session.
//
// A *gorm.DB parameter, struct field or package variable may be either,
// so it is unknown: never assumed to be the pool, except a field the
// package shows is always the pool (gorm_poolfield.go).

// gormRoot is what a chain's root is.
type gormRoot struct {
	kind HandleKind
	// begin is the call that began the transaction (HandleTx only): a
	// Begin call, or the outermost Transaction call.
	begin *ast.CallExpr
	iso   sqltext.Isolation
}

// maxNesting bounds how many nested Transaction callbacks are followed out.
const maxNesting = 8

// gormRootOf classifies the root of ch, found in c's function.
func gormRootOf(c *call, ch *gormChain, depth int) gormRoot {
	if ch.mixed || depth > maxNesting {
		return gormRoot{}
	}
	switch r := ast.Unparen(ch.root).(type) {
	case *ast.CallExpr:
		if isGORMFunc(c.info, r, "Open", true) {
			return gormRoot{kind: HandlePool}
		}
		fn, _ := calleeFunc(c.info, r).(*types.Func)
		if op, _, _, ok := gormMethod(fn); ok && op == gormBegin {
			return gormRoot{kind: HandleTx, begin: r, iso: gormIsolation(c, r)}
		}
		if opensPool(c.out.lookup, fn) {
			// The project's constructor that wraps gorm.Open.
			return gormRoot{kind: HandlePool}
		}
	case *ast.SelectorExpr:
		// A field the package only ever fills with the pool
		// (gorm_poolfield.go).
		if s, ok := c.info.Selections[r]; ok && s.Kind() == types.FieldVal {
			if v, ok := s.Obj().(*types.Var); ok && c.defs.pkg.gormPoolField(v) {
				return gormRoot{kind: HandlePool}
			}
		}
	case *ast.Ident:
		v, ok := c.info.ObjectOf(r).(*types.Var)
		if !ok {
			break
		}
		cb := gormCallbackOf(c, v)
		if cb.call == nil {
			break
		}
		if cb.op == gormConnFunc {
			return gormRoot{kind: HandleConn}
		}
		// The Transaction call's own receiver, in the function that makes
		// the call: a transaction there means a savepoint here.
		oc := &call{info: c.info, defs: c.defs, expr: cb.call, out: c.out}
		outer := gormRootOf(oc, gormChainOf(oc, c.out.gormScope(cb.body), receiver(cb.call)), depth+1)
		if outer.kind == HandleTx && outer.begin != nil {
			return outer
		}
		return gormRoot{kind: HandleTx, begin: cb.call, iso: gormTxOptions(c, cb.call)}
	}
	return gormRoot{}
}

// gormCallback is a function literal's parameter that GORM fills: the
// call the literal is passed to, what that call does (Transaction or
// Connection), and the body the call is in.
type gormCallback struct {
	call *ast.CallExpr
	op   gormOp
	body ast.Node
}

// gormCallbackOf finds whether v is the parameter of a function literal
// passed as the callback of db.Transaction or db.Connection.
func gormCallbackOf(c *call, v *types.Var) gormCallback {
	st := c.out.gorm()
	if cb, ok := st.callbacks[v]; ok {
		return cb
	}
	cb := findGORMCallback(c, v)
	st.callbacks[v] = cb
	return cb
}

func findGORMCallback(c *call, v *types.Var) gormCallback {
	file := c.out.gorm().source(c.info).fileAt(v.Pos())
	if file == nil {
		return gormCallback{}
	}
	path, _ := astutil.PathEnclosingInterval(file, v.Pos(), v.Pos())
	for i, n := range path {
		lit, ok := n.(*ast.FuncLit)
		if !ok {
			continue
		}
		if v.Pos() < lit.Type.Params.Pos() || v.Pos() >= lit.Type.Params.End() || paramObject(c.info, lit.Type, 0) != v {
			return gormCallback{}
		}
		if i+1 >= len(path) {
			return gormCallback{}
		}
		call, ok := path[i+1].(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || ast.Unparen(call.Args[0]) != lit {
			return gormCallback{}
		}
		fn, _ := calleeFunc(c.info, call).(*types.Func)
		op, _, _, ok := gormMethod(fn)
		if !ok || op != gormTxFunc && op != gormConnFunc {
			return gormCallback{}
		}
		var body ast.Node
		for _, anc := range path[i+1:] {
			switch a := anc.(type) {
			case *ast.FuncLit:
				body = a.Body
			case *ast.FuncDecl:
				body = a.Body
			}
			if body != nil {
				break
			}
		}
		if body == nil {
			return gormCallback{}
		}
		return gormCallback{call: call, op: op, body: body}
	}
	return gormCallback{}
}

// gormHandle describes the handle a chain runs through.
func gormHandle(c *call, ch *gormChain, root gormRoot) Handle {
	h := Handle{Kind: root.kind, Type: "*gorm.DB", Ref: ch.ref, Expr: ch.root}
	if t := c.info.TypeOf(ch.root); t != nil {
		if _, name := named(t); name == "DB" {
			h.Type = typeString(t)
		}
	}
	return h
}

// gormBeginEvent records db.Begin() (v1: also BeginTx).
func gormBeginEvent(c *call, v1 bool) {
	ch := gormChainOf(c, c.out.gormScope(c.out.Body()), receiver(c.expr))
	c.out.Events = append(c.out.Events, &TxEvent{
		Kind:      TxBegin,
		Call:      c.expr,
		Tx:        c.resultRef(),
		From:      gormHandle(c, ch, gormRootOf(c, ch, 0)),
		Isolation: gormIsolation(c, c.expr),
		Framework: gormFramework(v1),
	})
}

// gormEndEvent records tx.Commit() and tx.Rollback().
func gormEndEvent(c *call, op gormOp, v1 bool) {
	kind := TxCommit
	if op == gormRollback {
		kind = TxRollback
	}
	ch := gormChainOf(c, c.out.gormScope(c.out.Body()), receiver(c.expr))
	c.out.Events = append(c.out.Events, &TxEvent{
		Kind:      kind,
		Call:      c.expr,
		Tx:        ch.ref,
		Deferred:  c.deferred,
		Framework: gormFramework(v1),
	})
}

// gormCallbackEvent gives a function literal passed to db.Transaction its
// transaction: the literal's first parameter is a transaction that begins
// at the call (or, nested, at the outer transaction's beginning) and that
// GORM, not the literal, commits or rolls back.
func gormCallbackEvent(f *Func) {
	lit, ok := f.Node.(*ast.FuncLit)
	if !ok || f.PassedTo == nil || f.PassedAt != 0 {
		return
	}
	op, v1, _, ok := gormMethod(f.PassedTo.Fn)
	if !ok || op != gormTxFunc {
		return
	}
	obj := paramObject(f.info, lit.Type, 0)
	if obj == nil {
		return
	}
	parent := f.PassedTo.InFunc
	pc := &call{info: f.info, defs: f.defs, expr: f.PassedTo.Expr, fn: f.PassedTo.Fn, out: parent}
	ch := gormChainOf(pc, parent.gormScope(parent.Body()), receiver(pc.expr))
	outer := gormRootOf(pc, ch, 0)
	ev := &TxEvent{
		Kind:      TxBegin,
		Call:      pc.expr,
		Tx:        Ref{Root: obj},
		From:      gormHandle(pc, ch, outer),
		Isolation: gormTxOptions(pc, pc.expr),
		Callback:  true,
		Framework: gormFramework(v1),
	}
	if outer.kind == HandleTx && outer.begin != nil {
		ev.Call, ev.Isolation = outer.begin, outer.iso // a savepoint in the outer transaction
	}
	for _, e := range f.Events {
		if e.Kind == TxBegin && e.Callback && e.Tx.Root == obj {
			return
		}
	}
	f.Events = append([]*TxEvent{ev}, f.Events...)
}

// gormIsolation reads the isolation level of db.Begin(&sql.TxOptions{...})
// (v1: BeginTx(ctx, opts)); Transaction passes its options after the
// callback.
func gormIsolation(c *call, begin *ast.CallExpr) sqltext.Isolation {
	if len(begin.Args) == 0 {
		return sqltext.IsolationUnknown
	}
	return txOptionsIsolation(c, begin.Args[len(begin.Args)-1])
}

func gormTxOptions(c *call, tx *ast.CallExpr) sqltext.Isolation {
	if len(tx.Args) < 2 {
		return sqltext.IsolationUnknown
	}
	return txOptionsIsolation(c, tx.Args[len(tx.Args)-1])
}

// txOptionsIsolation reads &sql.TxOptions{Isolation: sql.LevelX}, also
// through a local variable assigned once.
func txOptionsIsolation(c *call, e ast.Expr) sqltext.Isolation {
	for range maxTextDepth {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = u.X
			continue
		}
		if v := c.defs.value(c.info, e); v != nil {
			e = v
			continue
		}
		break
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return sqltext.IsolationUnknown
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Isolation" {
			if tv := c.info.Types[kv.Value]; tv.Value != nil && tv.Value.Kind() == constant.Int {
				level, _ := constant.Int64Val(tv.Value)
				return sqlIsolation(level)
			}
		}
	}
	return sqltext.IsolationUnknown
}

// gormArgHandle describes a *gorm.DB passed to a helper, by where it came
// from in f (gorm.Open, Begin, a Transaction callback); h when e is no
// GORM handle or its origin is unknown.
func (f *Func) gormArgHandle(e ast.Expr, h Handle) Handle {
	t := f.info.TypeOf(e)
	if t == nil {
		return h
	}
	if pkg, name := named(t); name != "DB" || pkg != gormPath && pkg != pkgGORMv1 {
		return h
	}
	c := &call{info: f.info, defs: f.defs, out: f}
	ch := gormChainOf(c, f.gormScope(f.Body()), e)
	root := gormRootOf(c, ch, 0)
	if root.kind == HandleUnknown {
		// A session derived from a parameter (db.Session(...),
		// db.WithContext(ctx)) is the caller's handle, as for the
		// statements the function runs on it itself.
		if g := gormHandle(c, ch, root); g.Ref.Valid() && f.isParam(g.Ref.Root) && g.Ref != h.Ref {
			return g
		}
		return h
	}
	return gormHandle(c, ch, root)
}

// opensPool reports whether fn's fact says that every value it returns
// is a pool it opened itself: storage.New(cfg) over gorm.Open, also in
// another package.
func opensPool(lookup FactLookup, fn *types.Func) bool {
	if lookup == nil || fn == nil {
		return false
	}
	fact := lookup(fn)
	if fact == nil || len(fact.ReturnHandles) == 0 {
		return false
	}
	for _, r := range fact.ReturnHandles {
		if r.Param != ProducedHandle || r.Kind != HandlePool {
			return false
		}
	}
	return true
}
