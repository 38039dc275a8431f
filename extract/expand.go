package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// Expand adds what the functions f calls do, as their facts describe it:
// each statement a callee runs through a handle f passes it becomes a site
// at the call; a callee that blocks makes the call blocking; and a
// function literal passed to a transaction wrapper gets its transaction
// parameter. Expand may be called again with better facts (the analyzer
// iterates over a package's functions until their facts settle); each call
// replaces what the previous one added.
func (f *Func) Expand(lookup FactLookup) {
	f.lookup = lookup
	if f.direct == nil {
		f.direct = &direct{
			sites:    f.Sites,
			blocking: f.Blocking,
			events:   f.Events,
		}
	}
	if f.defs.pkg != nil {
		f.defs.pkg.lookup = lookup
	}
	for _, s := range f.direct.sites {
		s.recoverText(f)
	}
	f.Sites = append([]*Site(nil), f.direct.sites...)
	f.Blocking = append([]*Blocking(nil), f.direct.blocking...)
	f.Events = append([]*TxEvent(nil), f.direct.events...)
	if f.PassedTo != nil && f.PassedTo.Fn != nil {
		if fact := lookup(f.PassedTo.Fn); fact != nil {
			for _, cb := range fact.Callbacks {
				if cb.Param == f.PassedAt {
					f.beginInCallbackAt(cb.TxArg, cb.TxPath, sqltext.Isolation(cb.Isolation), DatabaseSQL, cb.Lock)
				}
			}
		}
	}
	f.relockGORMSites()
	f.txAliases = nil
	for _, c := range f.Calls {
		if c.Defer || c.Go {
			continue
		}
		if fact := lookup(c.Fn); fact != nil && !fact.ReturnsTx && len(fact.TxResults) > 0 {
			f.beginsThroughResults(c, fact, lookup)
		}
	}
	for _, s := range f.Sites {
		if s.Handle.Kind == HandleUnknown && s.Handle.Expr != nil {
			// A repository field may hold a transaction passed to a
			// constructor whose fact is known now.
			if h := resolveHandle(f.info, f.defs, lookup, s.Handle.Expr, ""); h.Kind != HandleUnknown || len(h.Origins) > 0 || h.Ref.Valid() && !s.Handle.Ref.Valid() {
				s.Handle = h
			}
		}
	}
	for _, c := range f.Calls {
		if c.Defer {
			// A deferred helper's statements run when the function
			// returns, like the statements of a deferred call written
			// out (walk reports those at the defer too): `defer
			// l.Unlock(ctx)` releases what l.Lock took. Its commits and
			// waits are not placed, and it stays unknown to escape
			// analysis.
			if fact := lookup(c.Fn); fact != nil {
				for k, fs := range fact.Stmts {
					if !inForeignBranch(f.foreign, c.Expr.Pos()) {
						f.Sites = append(f.Sites, f.calleeSites(c, k, fs, lookup)...)
					}
				}
				// defer func() { if err != nil { tx.Rollback() } }()
				// through a DAL's own Tx: its Rollback ends the
				// transaction the value wraps, as the function returns.
				for _, p := range fact.Closes {
					if a := argExpr(c.Expr, p); a != nil {
						if r := refOf(f.info, a); r.Valid() {
							f.Events = append(f.Events, &TxEvent{Kind: TxRollback, Call: c.Expr, Tx: r, Deferred: true, Framework: DatabaseSQL})
						}
					}
				}
			}
			continue
		}
		fact := lookup(c.Fn)
		c.Known = fact != nil
		c.Keeps = nil
		if fact == nil {
			f.addCallWait(c, nil)
			continue
		}
		for _, ff := range fact.Fields {
			if ff.Param != ZeroField {
				c.Keeps = appendUnique(c.Keeps, ff.Param)
			}
		}
		for _, r := range fact.ReturnHandles {
			if r.Param != ProducedHandle {
				c.Keeps = appendUnique(c.Keeps, r.Param)
			}
		}
		if fact.NilWhenMissing && f.comparesResultWithNil(c.Expr) {
			f.ChecksNotFound = true // the helper's nil is the missing row
		}
		if fact.ReturnsTx && !c.Go {
			f.Events = append(f.Events, f.beginsThroughCall(c, lookup))
		}
		for _, p := range fact.Closes {
			// A helper that commits or rolls back the transaction it is
			// given ends it here.
			if a := argExpr(c.Expr, p); a != nil {
				if r := refOf(f.info, a); r.Valid() {
					f.Events = append(f.Events, &TxEvent{Kind: TxCommit, Call: c.Expr, Tx: r, Framework: DatabaseSQL})
				}
			}
		}
		for k, fs := range fact.Stmts {
			if inForeignBranch(f.foreign, c.Expr.Pos()) {
				break // another server's statements, as dropForeignSites
			}
			f.Sites = append(f.Sites, f.calleeSites(c, k, fs, lookup)...)
		}
		f.addCallWait(c, fact)
	}
	f.joinTxAliases()
	f.dropUnbegunCloses()
	f.endThroughHolder(lookup)
	f.setAsideMigrateVia()
	sort.SliceStable(f.Sites, func(i, j int) bool { return f.Sites[i].Pos < f.Sites[j].Pos })
}

// dropUnbegunCloses drops the Close events (TxEvent.IfBegun) of sessions
// no Begin of this function, nor a helper's returned transaction, began.
func (f *Func) dropUnbegunCloses() {
	begun := map[Ref]bool{}
	for _, e := range f.Events {
		if e.Kind == TxBegin && e.Tx.Valid() {
			begun[e.Tx] = true
		}
	}
	f.Events = slices.DeleteFunc(f.Events, func(e *TxEvent) bool { return e.IfBegun && !begun[e.Tx] })
}

// endThroughHolder lets a helper object end the transaction it handed
// out: `tx := h.Begin()` returns the transaction h keeps in a field of
// its own (the callee's fact returns only fields of its receiver), so a
// later `h.End()` that ends what h holds ends tx.
func (f *Func) endThroughHolder(lookup FactLookup) {
	var added []*TxEvent
	for _, b := range f.Events {
		if b.Kind != TxBegin || !b.Tx.Valid() || b.Call == nil {
			continue
		}
		sel, ok := ast.Unparen(b.Call.Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		holder := refOf(f.info, sel.X)
		fn, _ := calleeFunc(f.info, b.Call).(*types.Func)
		if !holder.Valid() || fn == nil {
			continue
		}
		fact := lookup(fn)
		if fact == nil || len(fact.ReturnHandles) == 0 {
			continue
		}
		kept := true
		for _, r := range fact.ReturnHandles {
			kept = kept && r.Param == -1 && r.Path != ""
		}
		if !kept {
			continue
		}
		for _, e := range f.Events {
			if e.Kind != TxBegin && e.Tx == holder {
				c := *e
				c.Tx = b.Tx
				added = append(added, &c)
			}
		}
	}
	f.Events = append(f.Events, added...)
}

// direct remembers the sites, blocking operations and events extraction
// found in the function itself, before Expand added any.
type direct struct {
	sites    []*Site
	blocking []*Blocking
	events   []*TxEvent
}

// calleeSites are the statements that statement k of the callee's fact,
// fs, sends at the call c: none when a constant argument turns its
// branch off (guards.go), one per bean the call passes for a per-bean
// helper (xorm_beans.go), else the one statement.
func (f *Func) calleeSites(c *Call, k int, fs FactStmt, lookup FactLookup) []*Site {
	pending, runs := f.bindGuards(c, fs.Guards)
	if !runs {
		return nil
	}
	var sites []*Site
	if fs.BeanEach {
		sites = f.beanSites(c, k, fs, lookup)
	} else {
		sites = []*Site{f.viaSite(c, k, fs, lookup)}
	}
	for _, s := range sites {
		s.guards = pending
	}
	return sites
}

// viaSite is the site for a statement a callee runs through parameter
// fs.Param of call c.
func (f *Func) viaSite(c *Call, k int, fs FactStmt, lookup FactLookup) *Site {
	s := &Site{
		viaIndex:        k,
		viaBefore:       fs.Before,
		notFoundChecked: fs.NotFoundChecked,
		Call:            c.Expr,
		Pos:             c.Expr.Pos(),
		Method:          c.Fn.Name(),
		Text:            fs.Text,
		Holes:           fs.Holes,
		Loop:            c.Loop,
		Via:             c,
		ViaFunc:         fs.Func,
		ViaAt:           fs.At,
		ViaKind:         fs.Kind,
		info:            f.info,
		pkg:             f.defs.pkg,
		mayLockUnseen:   fs.UnseenLocks,
		spawned:         fs.Spawned || c.Go,
	}
	if fs.FillsParam {
		s.insertedBean = argExpr(c.Expr, fs.BeanParam)
	}
	if fs.WritesRow {
		s.viaRow, s.Framework, s.viaBumped = argExpr(c.Expr, fs.RowParam), fs.RowFramework, fs.RowBumped
	}
	if fs.IntoResult {
		s.viaRows = f.firstResultVar(c.Expr)
	}
	s.ownRow = fs.OwnRow
	switch {
	case fs.OverMap:
		// The callee's map order, also when the caller runs it in a
		// loop of its own: each call takes its rows in a random order.
		s.Loop = &Loop{Node: c.Expr, OverMap: true, InCallee: true}
	case fs.InLoop && (c.Loop == nil || c.Loop.Runner) && !constantArgs(f.info, c.Expr, fs.LoopParams):
		// Inside a helper's loop (runner.go), whose turns may or may not
		// change the rows, the callee's own loop is the one known to.
		s.Loop = &Loop{Node: c.Expr, InCallee: true}
		s.calleeLoop = fs.LoopParams
		if s.calleeLoop == nil {
			s.calleeLoop = []int{}
		}
	}
	if fs.SQLFromParam {
		// The caller chose the SQL: the callee saw no text, so the
		// statement is judged here.
		s.TextExpr = argExpr(c.Expr, fs.SQLParam)
		s.Text, s.Holes, _ = textAndHoles(f.info, f.defs, s.TextExpr)
		s.TextFromCaller = true
		if s.Text == "" {
			s.Alts = textAlternatives(f.info, f.defs, s.TextExpr)
			for i := range s.Alts {
				s.Alts[i].SQL = summarize(s.Alts[i].Text)
			}
		}
	}
	if len(fs.HoleParams) > 0 {
		s.Text, s.Holes = f.fillParamHoles(c, fs) // the caller names the table
		s.holesFilled = true
	}
	if fs.Clauses != nil && s.Text != "" {
		s.clauses = fs.Clauses
		if text, ok := f.fillClauses(c, fs.Clauses, s.Text); ok {
			s.Text, s.Holes = text, nil
			s.holesFilled = true
		} else if f.unknownClause(c, fs.Clauses) {
			s.mayLockUnseen = true
		}
	}
	if s.Text != "" {
		s.SQL = summarize(s.Text)
	}
	if fs.Param == OwnHandle {
		s.Handle = Handle{Kind: fs.Kind}
	} else if fs.Param == GlobalHandle {
		s.Handle = Handle{Kind: fs.Kind}
		s.onGlobal = true
		if v := f.defs.pkg.globalVar(fs.Global); v != nil {
			s.Handle.Type = typeString(v.Type())
			s.Handle.Ref = Ref{Root: v, Path: fs.Path}
		}
	} else {
		var hs []Handle
		for _, r := range append([]FactRef{{Param: fs.Param, Path: fs.Path}}, fs.Alt...) {
			if r.Param == ProducedHandle {
				hs = append(hs, Handle{Kind: r.Kind, Type: r.Type})
				continue
			}
			a := argExpr(c.Expr, r.Param)
			if a == nil {
				hs = nil
				break
			}
			if h, ok := f.txAliasHandle(a, r.Path); ok {
				// A value a helper handed out holding its
				// transaction, at the field the statement runs on.
				hs = append(hs, h)
				continue
			}
			h := resolveHandle(f.info, f.defs, lookup, a, r.Path)
			if h.Kind == HandleUnknown && r.Path == "" {
				h = f.gormArgHandle(a, h) // *gorm.DB: where it came from
				h = f.xormArgHandle(a, h) // *xorm.Session: where it came from
				h = f.entArgHandle(a, h)  // *ent.Client, *ent.Tx: where it came from
			}
			if h.Kind == HandleUnknown && !h.Ref.Valid() && r.Path != "" && types.IsInterface(f.info.TypeOf(a)) {
				// A call through a project's interface, whose
				// implementation runs the statement on a field: it runs
				// on what the interface value wraps, of the kind the
				// implementation saw.
				h = resolveHandle(f.info, f.defs, lookup, a, "")
				if !h.zero {
					h.Kind = fs.Kind
				}
				if h.Ref.Valid() && h.Ref.Path == "" && f.isParam(h.Ref.Root) {
					// An interface value this function received: the
					// statement runs on that field of what its caller
					// passes (a store bound to a transaction there).
					h.Ref.Path = r.Path
				}
			}
			hs = append(hs, h)
		}
		if len(hs) > 0 {
			s.Handle = joinHandles(hs)
		}
	}
	for i, p := range fs.Args {
		if i < len(fs.ArgPaths) && fs.ArgPaths[i] != "" {
			// A field of a parameter (arg.ID): the value the caller's
			// struct literal puts there, when it shows one, else that
			// field of the value the caller passes (updated.ID of
			// &updated).
			a := argExpr(c.Expr, p)
			v := f.fieldArg(a, fs.ArgPaths[i])
			if v == nil && a != nil {
				if s.fieldArgs == nil {
					s.fieldArgs = map[int]fieldArg{}
				}
				if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
					a = u.X // &updated: the field of updated
				}
				s.fieldArgs[len(s.Args)] = fieldArg{value: a, path: fs.ArgPaths[i]}
			}
			s.Args = append(s.Args, v)
			continue
		}
		s.Args = append(s.Args, boundArgs(c, p)...)
	}
	// Named placeholders the callee bound one by one from a map or a
	// struct: the arguments are in placeholder order.
	s.argsBound = s.argsBound || fs.ByPlaceholder
	if fs.HandleLock && s.Text != "" {
		// A read with no lock of its own: it takes the lock of the
		// handle this function passes.
		var hl handleLock
		if a := argExpr(c.Expr, fs.Param); a != nil && fs.Path == "" && len(fs.Alt) == 0 {
			hl = f.argLock(a)
		}
		s.lockFromParam, s.unlockedText = hl.fromParam, s.Text
		switch hl.lock {
		case "":
		case mixedLock:
			s.SQL, s.lockMixed = nil, true // locks for some callers only
		default:
			s.Text = withLock(s.Text, hl.lock)
			s.SQL = summarize(s.Text)
			s.lockByCallers = hl.byCallers
		}
	}
	if fs.Migrate != "" {
		// A wrapper's GORM schema change of the models this call
		// passes (migration_steps.go).
		s.Migrate, s.Method, s.SyncDrops = true, fs.Migrate, fs.SyncDrops
		if xormSyncMethod(fs.Migrate) {
			s.Framework = XORM
		}
		s.SQL = &sqltext.Summary{Kind: sqltext.KindDDL, DDL: &sqltext.DDL{Op: fs.MigrateOp}}
		s.migrateModels = boundArgs(c, fs.ModelParam)
		return s
	}
	s.markCallerHoles(f)
	return s
}

// markCallerHoles records, for a statement whose text this function
// builds and hands to a sink (Exec(fmt.Sprintf("DROP INDEX %s ON %s",
// index, table))), which of its string parameters fill the text's holes,
// as MarkParamHoles does for the function's own calls: its callers fill
// in their constant arguments.
func (s *Site) markCallerHoles(f *Func) {
	decl, ok := f.Node.(*ast.FuncDecl)
	if !ok || !s.TextFromCaller || s.TextExpr == nil || !strings.Contains(s.Text, sqltext.Hole) {
		return
	}
	params := paramIndex(f.info, decl)
	if _, ok := params[s.Handle.Ref.Root]; !ok {
		return
	}
	holes := holeParams(f.info, f.defs, params, s.TextExpr, 0)
	for _, p := range holes {
		if p >= 0 {
			s.paramHoles = holes
			return
		}
	}
}

// fieldArg is the expression the field path below e holds, followed
// through struct literals and this function's variables, or nil.
func (f *Func) fieldArg(e ast.Expr, path string) ast.Expr {
	for range maxTextDepth {
		if e == nil || path == "" {
			return e
		}
		next, rest, ok := follow(f.info, f.defs, nil, e, path)
		if !ok {
			return nil
		}
		e, path = next, rest
	}
	return nil
}

// boundArgs are the expressions a call passes as parameter p: one, or
// every trailing argument for a variadic parameter (Exec(q, a, b) binds a
// and b to args ...any).
func boundArgs(c *Call, p int) []ast.Expr {
	sig, _ := c.Fn.Type().(*types.Signature)
	if sig != nil && sig.Variadic() && p == sig.Params().Len()-1 {
		if c.Expr.Ellipsis.IsValid() {
			// Exec(q, args...) passing its own variadic parameter on:
			// the slice holds the values, which this function's callers
			// bind one by one (a wrapper's wrapper).
			if p == len(c.Expr.Args)-1 {
				return []ast.Expr{c.Expr.Args[p]}
			}
			return []ast.Expr{nil}
		}
		if p < len(c.Expr.Args) {
			return c.Expr.Args[p:]
		}
		return nil
	}
	return []ast.Expr{argExpr(c.Expr, p)}
}

// recoverText recovers the site's text again now that facts say what the
// functions it calls return (a method returning a table name, a builder
// returning a query object): text known before stays unless more of it
// is known now.
func (s *Site) recoverText(f *Func) {
	if s.TextExpr == nil || s.Text != "" && !strings.Contains(s.Text, sqltext.Hole) {
		return
	}
	if text, holes, ok := textAndHoles(f.info, f.defs, s.TextExpr); ok && text != s.Text {
		s.Text, s.Holes = text, holes
		s.SQL = summarize(text)
	}
	s.Alts = nil
	if s.Text == "" {
		// A query object one of several implementations returns: each
		// one's statement, judged as its own case.
		s.Alts = textAlternatives(f.info, f.defs, s.TextExpr)
		for i := range s.Alts {
			s.Alts[i].SQL = summarize(s.Alts[i].Text)
		}
	}
}

// comparesResultWithNil reports whether the function assigns the first
// result of call to a variable and compares that variable with nil.
func (f *Func) comparesResultWithNil(call *ast.CallExpr) bool {
	body := f.Body()
	if body == nil {
		return false
	}
	var v types.Object
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == call && len(as.Lhs) > 0 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				v = f.info.ObjectOf(id)
			}
		}
		return v == nil
	})
	if v == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || found || b.Op != token.EQL && b.Op != token.NEQ {
			return !found
		}
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			id, ok := ast.Unparen(pair[0]).(*ast.Ident)
			nilID, isNil := ast.Unparen(pair[1]).(*ast.Ident)
			if ok && isNil && nilID.Name == "nil" && f.info.ObjectOf(id) == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// isParam reports whether obj is a parameter of the function.
func (f *Func) isParam(obj types.Object) bool {
	var ft *ast.FuncType
	switch n := f.Node.(type) {
	case *ast.FuncDecl:
		ft = n.Type
	case *ast.FuncLit:
		ft = n.Type
	}
	if ft == nil || ft.Params == nil {
		return false
	}
	for _, fld := range ft.Params.List {
		for _, name := range fld.Names {
			if f.info.Defs[name] == obj {
				return true
			}
		}
	}
	return false
}

// addCallWait records the call c as a wait when its callee waits: as its
// fact says (fact may be nil), or, for a function of a package that sends
// no SQL, its WaitsFact. A goroutine's call is the goroutine's wait.
func (f *Func) addCallWait(c *Call, fact *FuncFact) {
	if c.Go {
		return
	}
	blocks := ""
	if fact != nil {
		blocks = fact.Blocks
	}
	if p := f.defs.pkg; blocks == "" && p != nil && p.importWaits != nil {
		blocks = p.importWaits(c.Fn)
	}
	if blocks == "" {
		return
	}
	b := &Blocking{Node: c.Expr, What: c.Fn.Name() + " (which waits on " + blocks + ")"}
	if fact != nil {
		for _, p := range fact.EndsBeforeBlocking {
			if a := argExpr(c.Expr, p); a != nil {
				if r := refOf(f.info, a); r.Valid() {
					b.Ends = append(b.Ends, r)
				}
			}
		}
	}
	f.Blocking = append(f.Blocking, b)
}
