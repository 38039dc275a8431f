package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// xorm (xorm.io/xorm, and its fork github.com/xorm-io/xorm) builds a
// statement on a *xorm.Session: engine.Where("id = ?", id).ForUpdate()
// .Get(&a). The engine's own builder methods start a session that
// autocommits; engine.NewSession() gives one that autocommits until its
// Begin, and Close rolls back what it did not commit. As for GORM, the
// extractor follows each finisher's chain back to its root, writes the
// SQL xorm would send, and lets sqltext summarize it.

// xormOp is what an xorm method does.
type xormOp uint8

const (
	xormOther      xormOp = iota // no SQL of its own
	xormBuilds                   // adds to the statement, returns the session
	xormFinish                   // sends the statement
	xormNewSession               // engine.NewSession(): a session of its own
	xormBegin                    // session.Begin()
	xormCommit                   // session.Commit()
	xormRollback                 // session.Rollback()
	xormClose                    // session.Close(): rolls back an open transaction
	xormTxFunc                   // engine.Transaction(func(*xorm.Session) (any, error))
)

// xormFinishers send SQL.
var xormFinishers = map[string]bool{
	"Get": true, "Exist": true, "Find": true, "FindAndCount": true, "Count": true,
	"Iterate": true, "Rows": true, "Insert": true, "InsertOne": true, "InsertMulti": true,
	"Update": true, "Delete": true, "Exec": true, "Query": true, "QueryString": true,
	"QueryInterface": true, "QueryResult": true, "QuerySliceString": true,
	"Sum": true, "Sums": true, "SumInt": true, "SumsInt": true,
}

// isXORMPkg reports whether path is xorm's package.
func isXORMPkg(path string) bool { return path == pkgXORM || path == pkgXORMFork }

// xormMethod classifies fn when it is a method of an xorm engine, engine
// group or session.
func xormMethod(fn *types.Func) (xormOp, bool) {
	if fn == nil || fn.Pkg() == nil || !isXORMPkg(fn.Pkg().Path()) {
		return 0, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return 0, false
	}
	switch _, recv := named(sig.Recv().Type()); recv {
	case "Engine", "EngineGroup", "Session":
	default:
		return 0, false
	}
	name := fn.Name()
	switch {
	case xormFinishers[name]:
		return xormFinish, true
	case name == "NewSession":
		return xormNewSession, true
	case name == "Begin":
		return xormBegin, true
	case name == "Commit":
		return xormCommit, true
	case name == "Rollback":
		return xormRollback, true
	case name == "Close":
		return xormClose, true
	case name == "Transaction":
		return xormTxFunc, true
	}
	if res := sig.Results(); res.Len() == 1 {
		if pkg, n := named(res.At(0).Type()); isXORMPkg(pkg) && n == "Session" {
			return xormBuilds, true
		}
	}
	return xormOther, true
}

// isXORMSession reports whether t is *xorm.Session.
func isXORMSession(t types.Type) bool {
	pkg, name := named(t)
	return isXORMPkg(pkg) && name == "Session"
}

// isXORMEngine reports whether t is an xorm engine or engine group: the
// pool, every statement autocommits.
func isXORMEngine(t types.Type) bool {
	pkg, name := named(t)
	return isXORMPkg(pkg) && (name == "Engine" || name == "EngineGroup")
}

// xormSyncMethod reports whether an xorm method of this name brings
// tables to beans (xormSync).
func xormSyncMethod(name string) bool {
	return name == "Sync" || name == "Sync2" || name == "SyncWithOptions"
}

// recognizeXORM claims every call into xorm: finishers become sites,
// Begin/Commit/Rollback/Close become events.
func recognizeXORM(c *call) bool {
	if c.fn == nil || c.fn.Pkg() == nil || !isXORMPkg(c.fn.Pkg().Path()) {
		return false
	}
	op, ok := xormMethod(c.fn)
	if !ok {
		return true // xorm.NewEngine, ...
	}
	if xormSyncMethod(c.fn.Name()) {
		xormSync(c)
		return true
	}
	switch op {
	case xormFinish:
		xormSite(c)
	case xormBegin:
		ch := xormChainOf(c, receiver(c.expr))
		ch.ref = xormSessionRef(c, ch)
		if xormCallbackParam(c, ch.ref) {
			return true // Begin inside Transaction's callback: already begun
		}
		c.out.Events = append(c.out.Events, &TxEvent{
			Kind:      TxBegin,
			Call:      c.expr,
			Tx:        ch.ref,
			From:      xormHandle(c, ch),
			Framework: XORM,
		})
	case xormCommit, xormRollback, xormClose:
		ch := xormChainOf(c, receiver(c.expr))
		ch.ref = xormSessionRef(c, ch)
		if xormCallbackParam(c, ch.ref) {
			return true // Transaction ends it
		}
		// Closing a session this function did not begin ends a
		// transaction only if a helper began it and handed it out:
		// Close rolls back what was not committed (xorm's
		// Session.Close). Expand drops it otherwise.
		ifBegun := op == xormClose && !xormBegins(c, ch.ref)
		kind := TxCommit
		if op != xormCommit {
			kind = TxRollback
		}
		c.out.Events = append(c.out.Events, &TxEvent{
			Kind:      kind,
			Call:      c.expr,
			Tx:        ch.ref,
			Deferred:  c.deferred,
			Framework: XORM,
			IfBegun:   ifBegun,
		})
	}
	return true
}

// xormSessionRef is the variable a Begin, Commit, Rollback or Close is
// called on: the session it holds is the one that begins or ends, even
// when the session came from the engine (sess := engine.Context(ctx)).
func xormSessionRef(c *call, ch *xormChain) Ref {
	if r := refOf(c.info, receiver(c.expr)); r.Valid() {
		return r
	}
	return ch.ref
}

// xormChain is a finisher's chain, root first.
type xormChain struct {
	links []*ast.CallExpr
	root  ast.Expr
	ref   Ref
	// refs are the variables followed, outermost first: the session a
	// statement runs on may be held by one of them (sess :=
	// engine.Context(ctx)) rather than by the root.
	refs []Ref
	// fresh is set when the root is engine.NewSession().
	fresh   bool
	partial bool
	mixed   bool
}

// xormChainOf follows the session expression e back to its root, through
// builder calls and local variables.
func xormChainOf(c *call, e ast.Expr) *xormChain {
	ch := &xormChain{}
	var rev []*ast.CallExpr
	defer func() {
		for i := len(rev) - 1; i >= 0; i-- {
			ch.links = append(ch.links, rev[i])
		}
	}()
	scope := c.out.gormScope(c.out.Body())
	for range maxChain {
		if e == nil {
			ch.partial = true
			return ch
		}
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.CallExpr:
			fn, _ := calleeFunc(c.info, x).(*types.Func)
			op, ok := xormMethod(xormInterfaceMethod(fn))
			switch {
			case ok && op == xormBuilds:
				rev = append(rev, x)
				e = receiver(x)
				continue
			case ok && op == xormNewSession:
				ch.root, ch.fresh = x, true
				return ch
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
			ch.refs = append(ch.refs, ch.ref)
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

// xormInterfaceMethod returns, for a method of an interface that xorm's
// session implements, the session's method of the same name; else fn.
// Such an interface (xorm.Interface, or a project's own `type Engine
// interface { Where(any, ...any) *xorm.Session; Exec(...any)
// (sql.Result, error); ... }`) holds an engine or a session, and helpers
// take it so that callers can pass either: a call through it sends what
// the session's method would, on the handle the caller passes (a begun
// session is the transaction, the engine or a fresh session the pool).
func xormInterfaceMethod(fn *types.Func) *types.Func {
	if fn == nil {
		return nil
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return fn
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return fn
	}
	sess := xormSessionOf(fn.Pkg(), iface)
	if sess == nil || !types.Implements(sess, iface) {
		return fn
	}
	if m, ok := types.NewMethodSet(sess).Lookup(nil, fn.Name()).Obj().(*types.Func); ok {
		return m
	}
	return fn
}

// xormSessionOf returns *xorm.Session of the xorm package that pkg is or
// that the interface's methods name, or nil.
func xormSessionOf(pkg *types.Package, iface *types.Interface) types.Type {
	var xorm *types.Package
	if pkg != nil && isXORMPkg(pkg.Path()) {
		xorm = pkg
	}
	for i := 0; xorm == nil && i < iface.NumMethods(); i++ {
		sig := iface.Method(i).Type().(*types.Signature)
		for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
			for j := 0; j < tuple.Len(); j++ {
				t := types.Unalias(tuple.At(j).Type())
				if p, ok := t.(*types.Pointer); ok {
					t = types.Unalias(p.Elem())
				}
				if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && isXORMPkg(n.Obj().Pkg().Path()) {
					xorm = n.Obj().Pkg()
				}
			}
		}
	}
	if xorm == nil {
		return nil
	}
	obj, ok := xorm.Scope().Lookup("Session").(*types.TypeName)
	if !ok {
		return nil
	}
	return types.NewPointer(obj.Type())
}

// xormHandle describes what a chain runs on: the engine (pool), a session
// the function began (transaction), a session of the function that never
// began (autocommit, like the pool), the session Transaction hands its
// callback, or else unknown.
func xormHandle(c *call, ch *xormChain) Handle {
	h := Handle{Ref: ch.ref, Expr: ch.root, Type: "*xorm.Session"}
	if t := c.info.TypeOf(ch.root); t != nil && (isXORMEngine(t) || isXORMSession(t)) {
		h.Type = typeString(t)
	}
	switch {
	case ch.mixed:
	case xormCallbackParam(c, ch.ref):
		h.Kind = HandleTx
	case xormBegunRef(c, ch).Valid():
		// Also a session the engine's builder started (sess :=
		// engine.Context(ctx); sess.Begin()): it is what began.
		h.Kind, h.Type, h.Ref = HandleTx, "*xorm.Session", xormBegunRef(c, ch)
	case xormigrateStepSession(c, ch.ref) && !xormBegins(c, ch.ref):
		// The session xormigrate opens for a step and never begins:
		// autocommit on the pool's connections, nothing set on it.
		h.Kind = HandlePool
		h.Type = "*xorm.Session xormigrate opens for the step, never begun"
	case ch.root != nil && isXORMEngine(c.info.TypeOf(ch.root)) && !ch.fresh:
		h.Kind = HandlePool
	case ch.fresh && !xormBegins(c, ch.ref):
		h.Kind = HandlePool // a session that never begins autocommits
		h.Type = "*xorm.Session never begun"
	}
	return h
}

// xormBegunRef returns the variable of the chain (the root's, or one
// followed on the way) that the function began before the call.
func xormBegunRef(c *call, ch *xormChain) Ref {
	refs := ch.refs
	if ch.ref.Valid() {
		refs = append(refs, ch.ref)
	}
	for _, r := range refs {
		if xormBegunBefore(c, r, c.expr.Pos()) {
			return r
		}
	}
	return Ref{}
}

// xormCallbackParam reports whether ref is the session parameter of the
// function literal passed to engine.Transaction that c is in.
func xormCallbackParam(c *call, ref Ref) bool {
	f := c.out
	lit, ok := f.Node.(*ast.FuncLit)
	if !ok || f.PassedTo == nil || f.PassedAt != 0 || !ref.Valid() || ref.Path != "" {
		return false
	}
	if op, ok := xormMethod(f.PassedTo.Fn); !ok || op != xormTxFunc {
		return false
	}
	return paramObject(f.info, lit.Type, 0) == ref.Root
}

// xormBegins reports whether the function calls Begin on ref anywhere.
func xormBegins(c *call, ref Ref) bool {
	return xormBegunBefore(c, ref, token.NoPos)
}

// xormBegunBefore reports whether the function calls Begin on ref before
// pos (anywhere when pos is NoPos).
func xormBegunBefore(c *call, ref Ref, pos token.Pos) bool {
	if !ref.Valid() || c.out.Body() == nil {
		return false
	}
	found := false
	ast.Inspect(c.out.Body(), func(n ast.Node) bool {
		if found {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && lit != c.out.Node {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || pos.IsValid() && call.Pos() >= pos {
			return true
		}
		fn, _ := calleeFunc(c.info, call).(*types.Func)
		if op, ok := xormMethod(fn); ok && op == xormBegin {
			if refOf(c.info, receiver(call)) == ref {
				found = true
			}
		}
		return true
	})
	return found
}

// xormCallbackEvent gives the function literal passed to
// engine.Transaction its transaction: the literal's first parameter is a
// session that xorm began and ends.
func xormCallbackEvent(f *Func) {
	lit, ok := f.Node.(*ast.FuncLit)
	if !ok || f.PassedTo == nil || f.PassedAt != 0 {
		return
	}
	if op, ok := xormMethod(f.PassedTo.Fn); !ok || op != xormTxFunc {
		return
	}
	obj := paramObject(f.info, lit.Type, 0)
	if obj == nil {
		return
	}
	for _, e := range f.Events {
		if e.Kind == TxBegin && e.Callback && e.Tx.Root == obj {
			return
		}
	}
	from := Handle{Type: "*xorm.Engine", Expr: receiver(f.PassedTo.Expr)}
	if t := f.info.TypeOf(from.Expr); t != nil {
		from.Type = typeString(t)
		if isXORMEngine(t) {
			from.Kind = HandlePool
		}
	}
	f.Events = append([]*TxEvent{{
		Kind:      TxBegin,
		Call:      f.PassedTo.Expr,
		Tx:        Ref{Root: obj},
		From:      from,
		Callback:  true,
		Framework: XORM,
	}}, f.Events...)
}

// xormArgHandle describes an xorm engine or session passed to a helper,
// by where it came from in f; h when e is neither or its origin is
// unknown.
func (f *Func) xormArgHandle(e ast.Expr, h Handle) Handle {
	if h.Kind != HandleUnknown {
		return h
	}
	t := f.info.TypeOf(e)
	if t == nil || !isXORMEngine(t) && !isXORMSession(t) {
		return h
	}
	c := &call{info: f.info, defs: f.defs, out: f, expr: &ast.CallExpr{Fun: e, Lparen: e.End(), Rparen: e.End()}}
	x := xormHandle(c, xormChainOf(c, e))
	if x.Kind == HandleUnknown {
		return h
	}
	return x
}

// xormQuoted is the name an xorm engine's or session's Quote(name) is
// given: it quotes an identifier for the engine's dialect, which on MySQL
// means backticks. Helpers that quote a reserved column name this way
// (`fmt.Sprintf("%s = ?", engine.Quote("user"))`) keep their WHERE known.
func xormQuoted(info *types.Info, call *ast.CallExpr) (ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Quote" || len(call.Args) != 1 {
		return nil, false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok {
		return nil, false
	}
	if _, ok := xormMethod(fn); !ok {
		return nil, false
	}
	return call.Args[0], true
}

// quoteIdentifier quotes each part of a dotted name with backticks, as
// MySQL's quoter does: "user" is "`user`", "t.user" is "`t`.`user`".
func quoteIdentifier(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return name
	}
	parts := strings.Split(name, ".")
	for i, p := range parts {
		if p != "*" && !strings.HasPrefix(p, "`") {
			parts[i] = "`" + p + "`"
		}
	}
	return strings.Join(parts, ".")
}
