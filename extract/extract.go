package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/locklint/locklint/sqltext"
)

// Func is what one function body sends to the database, and the Go facts
// around it that the rules need.
type Func struct {
	// Node is the *ast.FuncDecl or *ast.FuncLit.
	Node ast.Node
	// Sites are the SQL-sending calls, in source order.
	Sites []*Site
	// Events are the Begin/Commit/Rollback calls, in source order,
	// including those of closures deferred by this function.
	Events []*TxEvent
	// Blocking are the operations that can wait indefinitely (sleep,
	// network, channel, subprocess, WaitGroup), in source order.
	Blocking []*Blocking
	// Calls are the other static calls of the function (to functions and
	// methods that may have facts), in source order.
	Calls []*Call
	// foreign are the branches of the declaration taken only for another
	// server's driver or dialect (dialectbranch.go): the statements of
	// helpers called there are not read either.
	foreign map[ast.Node]bool
	// HandlesDuplicateKey is true when the function inspects a
	// duplicate-key error (MySQL error 1062, gorm.ErrDuplicatedKey).
	HandlesDuplicateKey bool
	// ChecksNotFound is true when the function tests for a missing row
	// (sql.ErrNoRows, gorm.ErrRecordNotFound).
	ChecksNotFound bool
	// Ordered lists pairs of variables the function compares with <, >,
	// <= or >= (or sorts): keys it puts in a deterministic order.
	Ordered [][2]types.Object

	// PassedTo is set for a function literal passed directly as an
	// argument of a call: the call and the argument's index. Helpers that
	// run their callback in a transaction are recognized through it.
	PassedTo *Call
	PassedAt int

	declName string
	info     *types.Info
	// changes memoizes changesOf, by body.
	changes map[ast.Node]*changes
	defs    defs
	scans   []pendingScan
	direct  *direct
	// guardList caches guards: the early exits of the function that
	// make two values equal after them.
	guardList *[]guard
	// lookup is the fact lookup of the latest Expand, for summarizing
	// what the function returns.
	lookup FactLookup
	// txAliases are the variables assigned from results of helpers that
	// hand out one transaction in several values (txresults.go).
	txAliases map[types.Object]txAlias
	// assigned are the fields the package assigns outside literals.
	assigned map[*types.Var]bool
	// modelTables names the tables of models declared in other packages,
	// as their facts say (NameModels).
	modelTables func(*types.TypeName) string
	// gormState is GORM extraction's per-function state (gorm_state.go).
	gormState *gormState
	// startupHelper is set for an unexported helper only startup code
	// calls (DropStartupHelperMigrations).
	startupHelper bool
	// quietMigrate are the GORM schema changes of startup and migration
	// code, kept out of Sites: silent unless they turn out to be steps of
	// a versioned migration (MarkMigrationSteps). migrateVia are the
	// schema changes callees make with this function's models.
	quietMigrate []*Site
	migrateVia   []*Site
	// paramLocks are the row locks the function's GORM handle parameters
	// carry (SetParamLock); relock is set when they changed since the
	// GORM statements were last built.
	paramLocks map[types.Object]string
	relock     bool
	// callerLocked are the parameters whose lock comes from CallerLocks.
	callerLocked map[types.Object]bool
	// lits are a declaration's function literals.
	lits []*Func
	// migrationStep is set for a function literal of a migration
	// library's Migration (a step's Migrate, its Rollback):
	// migration code (migration_steps.go).
	migrationStep *migrationLit
	// spawned are the bodies of the go statements' function literals
	// whose statements are the function's (spawnedLit).
	spawned []*ast.BlockStmt
}

// BeginInCallback records that the function literal's parameter param is
// a transaction begun by the call it is passed to (db.Transaction,
// WithTx-style helpers), at the given isolation level.
func (f *Func) BeginInCallback(param int, iso sqltext.Isolation, fw Framework, lock string) {
	f.beginInCallbackAt(param, "", iso, fw, lock)
}

// beginInCallbackAt is BeginInCallback for a parameter that wraps the
// transaction in the field path: a concrete wrapper (sqlc's *Queries)
// runs its statements on that field, which is the transaction. A
// parameter of interface type hides the wrapper: its statements run on
// the parameter itself.
func (f *Func) beginInCallbackAt(param int, path string, iso sqltext.Isolation, fw Framework, lock string) {
	lit, ok := f.Node.(*ast.FuncLit)
	if !ok || f.PassedTo == nil {
		return
	}
	obj := paramObject(f.info, lit.Type, param)
	if obj == nil {
		return
	}
	if path != "" && (types.IsInterface(obj.Type()) || typeAt(obj.Type(), path) == nil) {
		path = ""
	}
	f.SetParamLock(obj, lock) // the wrapper's handle locks every read
	for _, e := range f.Events {
		if e.Kind == TxBegin && e.Callback && e.Tx.Root == obj {
			return
		}
	}
	f.Events = append([]*TxEvent{{
		Kind:      TxBegin,
		Call:      f.PassedTo.Expr,
		Tx:        Ref{Root: obj, Path: path},
		Isolation: iso,
		Callback:  true,
		Framework: fw,
	}}, f.Events...)
}

// paramObject returns the variable of the i'th parameter, nil when it is
// unnamed or absent.
func paramObject(info *types.Info, ft *ast.FuncType, i int) types.Object {
	n := 0
	for _, field := range ft.Params.List {
		if len(field.Names) == 0 {
			if n == i {
				return nil
			}
			n++
			continue
		}
		for _, name := range field.Names {
			if n == i {
				return info.ObjectOf(name)
			}
			n++
		}
	}
	return nil
}

// Call is a static call to a function or method other than a database
// API: a helper whose facts may say it runs SQL, begins a transaction or
// blocks.
type Call struct {
	Expr  *ast.CallExpr
	Fn    *types.Func
	Loop  *Loop
	Defer bool
	// Go is set for the call of a go statement: the function does not
	// wait for it.
	Go     bool
	InFunc *Func
	// Known is set by Expand when the callee has a fact: its effect on
	// the handles passed to it is known.
	Known bool
	// Keeps lists the parameters (-1: the receiver) whose value the
	// callee's result holds (its fact's Fields and Returns): a
	// transaction handed to NewRepo(tx) leaves with the repository.
	Keeps []int
}

// Blocking is one operation that can wait for something outside the
// database.
type Blocking struct {
	Node ast.Node
	What string // "time.Sleep", "an HTTP request", "a channel receive", ...
	// Ends are the transactions a callee that waits commits or rolls
	// back before it waits (FuncFact.EndsBeforeBlocking): none of their
	// locks is held during the wait.
	Ends []Ref
}

// Loop describes the innermost loop around a call.
type Loop struct {
	Node ast.Node // *ast.ForStmt or *ast.RangeStmt
	// OverMap is true for `range m` over a map: its order is random.
	OverMap bool
	// Over is the variable ranged over, when it is one.
	Over types.Object
	// Sorted is true when Over is sorted earlier in the function
	// (sort.Slice, sort.Ints, slices.Sort, ...).
	Sorted bool
	// InCallee is set for the loop of a function the statement's call
	// runs (FactStmt.OverMap): Node is the call, and each turn's key
	// comes from the map's entry there.
	InCallee bool
	// Runner is set for the loop of a helper that runs the function
	// literal holding the statement (runner.go): Node is the call, and a
	// key taken from the literal's parameters changes from turn to turn.
	Runner bool
}

// Body returns the function's body.
func (f *Func) Body() *ast.BlockStmt {
	switch n := f.Node.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

// Info returns the type information the function was extracted with.
func (f *Func) Info() *types.Info { return f.info }

// RunsBeside reports whether the statement s runs in a goroutine the
// function starts (`go func() { ... }()`, `go helper(db)`): beside the
// function, not at the point of the go statement.
func (f *Func) RunsBeside(s *Site) bool {
	return s.spawned || f.inSpawned(s.Pos)
}

// inSpawned reports whether pos is inside the body of a goroutine whose
// statements are the function's (spawnedLit).
func (f *Func) inSpawned(pos token.Pos) bool {
	for _, b := range f.spawned {
		if b.Pos() <= pos && pos < b.End() {
			return true
		}
	}
	return false
}

// MigrationCode reports whether the function belongs to a schema
// migration: it is declared in a migration package
// (models.MigrationPackage), or it is a step of a migration library
// (a gormigrate or xormigrate Migration's function literal). Such code
// runs once per schema version, from the one runner that applies it.
func (f *Func) MigrationCode() bool {
	return migrationPackage(f.pkgName()) || f.migrationStep != nil
}

// ValueOf returns the single expression assigned to the local variable e
// names, or nil.
func (f *Func) ValueOf(e ast.Expr) ast.Expr { return f.defs.value(f.info, e) }

// call is one call under inspection.
type call struct {
	info     *types.Info
	defs     defs
	expr     *ast.CallExpr
	fn       *types.Func // static callee, nil for dynamic calls
	deferred bool
	spawned  bool // the call of a go statement: it runs beside the function, which does not wait for it
	loop     *Loop
	out      *Func
}

// recognizers each look at one call and add the sites and events of their
// framework; a call is claimed by the first that reports true.
var recognizers = []func(*call) bool{
	recognizeSQL,
	recognizeGORMMigrate,
	recognizeGORM,
	recognizeSquirrel,
	recognizeXORM,
	recognizeEnt,
	recognizeBun,
	recognizeGoqu,
	recognizeScan,
	recognizeBlockingCall,
}

// callbackRecognizers look at a function literal passed to a call, once
// the literal is extracted and PassedTo is set, and record the transaction
// a framework hands it as a parameter (GORM's db.Transaction).
var callbackRecognizers = []func(*Func){
	gormCallbackEvent,
	xormCallbackEvent,
	bunCallbackEvent,
	goquCallbackEvent,
}

// Decl extracts every function body in decl: the declaration itself and
// each function literal inside it, in source order. Declarations without a
// body yield nothing.
func Decl(info *types.Info, decl *ast.FuncDecl) []*Func {
	return (&Package{info: info}).Decl(decl)
}

// Decl extracts every function body in decl, a declaration of the
// package, like the function Decl, also following the package-level
// variables, fields and function results that SQL text comes from.
func (p *Package) Decl(decl *ast.FuncDecl) []*Func {
	if decl.Body == nil {
		return nil
	}
	d, ok := p.defs[decl]
	if !ok {
		d = collectDefsIn(p, p.info, decl)
	}
	funcs := p.bodies(decl, decl.Body, funcName(decl), d)
	funcs[0].lits = funcs[1:]
	return funcs
}

// VarDecl extracts the function literals in the initializers of a
// package-level variable declaration (var addColumn = Migration{Migrate:
// func(...) error {...}}), and those inside them, in source order. They
// are read as the literals inside a function are: their statements are
// sites, and their handle parameters follow the rules of any literal's.
// Nothing calls such a literal where the package can see it, so none is
// given the transaction or the loop of a call it is passed to. The
// literals are named after the first variable the declaration declares.
func (p *Package) VarDecl(spec *ast.ValueSpec) []*Func {
	if len(spec.Names) == 0 || !containsFuncLit(spec) {
		return nil
	}
	return p.bodies(spec, nil, spec.Names[0].Name, collectDefsIn(p, p.info, spec))
}

// containsFuncLit reports whether a function literal appears in n.
func containsFuncLit(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		_, lit := n.(*ast.FuncLit)
		found = found || lit
		return !found
	})
	return found
}

// bodies extracts the function bodies of root, a function declaration
// (whose body is given) or a package-level variable declaration (body
// nil): the declaration's own body first, then every function literal,
// each followed by the literals inside it.
func (p *Package) bodies(root ast.Node, body *ast.BlockStmt, name string, d defs) []*Func {
	info := p.info
	sorted := loopFactsOf(info, root)
	var foreign map[ast.Node]bool
	if body != nil {
		foreign = foreignBranches(info, body)
	} else {
		foreign = foreignBranches(info, root)
	}
	var funcs []*Func
	var visit func(node ast.Node, body *ast.BlockStmt)
	visit = func(node ast.Node, body *ast.BlockStmt) {
		f := &Func{Node: node, info: info, defs: d, declName: name, foreign: foreign}
		if lit, ok := node.(*ast.FuncLit); ok {
			f.migrationStep = p.stepLits[lit]
		}
		funcs = append(funcs, f)
		var lits []*ast.FuncLit
		passed := map[*ast.FuncLit]*ast.CallExpr{}
		passedLoop := map[*ast.FuncLit]*Loop{}
		inline := func(lit *ast.FuncLit, stack []ast.Node) bool {
			call, ok := stack[len(stack)-1].(*ast.CallExpr)
			if ok && ast.Unparen(call.Fun) == ast.Expr(lit) {
				if !spawnedLit(info, lit, call, stack) {
					return false
				}
				f.spawned = append(f.spawned, lit.Body)
				return true
			}
			if !ok {
				return false
			}
			in, loop := p.inlineLit(info, lit, call, stack)
			if in && loop {
				sorted.runners[call] = true
			}
			return in
		}
		walk(body, inline, func(n ast.Node, stack []ast.Node, deferred bool) {
			switch n := n.(type) {
			case *ast.FuncLit:
				lits = append(lits, n)
				p.noteMigrationStep(n, stack)
				if len(stack) > 0 {
					if call, ok := stack[len(stack)-1].(*ast.CallExpr); ok && call.Fun != n {
						passed[n] = call
						passedLoop[n] = loopOf(info, stack, sorted)
					}
				}
			case *ast.CallExpr:
				c := &call{info: info, defs: d, expr: n, deferred: deferred, out: f, loop: loopOf(info, stack, sorted)}
				if len(stack) > 0 {
					if g, ok := stack[len(stack)-1].(*ast.GoStmt); ok && g.Call == n {
						c.spawned = true
					}
				}
				c.spawned = c.spawned || f.inSpawned(n.Pos())
				c.fn, _ = calleeFunc(info, n).(*types.Func)
				c.fn = xormInterfaceMethod(c.fn)
				claimed := false
				for _, r := range recognizers {
					if r(c) {
						claimed = true
						break
					}
				}
				if !claimed && c.fn != nil {
					f.Calls = append(f.Calls, &Call{Expr: n, Fn: c.fn, Loop: c.loop, Defer: deferred, Go: c.spawned, InFunc: f})
				}
			case *ast.SelectorExpr:
				if deferred {
					recognizeClosingMethodValue(c0(info, d, f), n, stack)
				}
				recognizeNode(f, n, stack)
			default:
				recognizeNode(f, n, stack)
			}
		})
		linkScans(f)
		dropForeignSites(f, foreign)
		for _, s := range f.Sites {
			s.info = info
			s.pkg = d.pkg
		}
		for _, lit := range lits {
			n := len(funcs)
			visit(lit, lit.Body)
			if call := passed[lit]; call != nil {
				fn, _ := calleeFunc(info, call).(*types.Func)
				litFunc := funcs[n]
				litFunc.PassedTo = &Call{Expr: call, Fn: fn, InFunc: f, Loop: passedLoop[lit]}
				if loop := passedLoop[lit]; loop != nil {
					// A callback handed to a call in a loop (a Transaction
					// per job, say) runs once per iteration.
					for _, s := range litFunc.Sites {
						if s.Loop == nil {
							s.Loop = loop
						}
					}
				}
				for i, a := range call.Args {
					if ast.Unparen(a) == lit {
						litFunc.PassedAt = i
					}
				}
				for _, r := range callbackRecognizers {
					r(litFunc)
				}
			}
		}
	}
	if body != nil {
		visit(root, body)
		return funcs
	}
	// A variable's initializer is no function: only the literals in it
	// are read.
	walk(root, nil, func(n ast.Node, stack []ast.Node, _ bool) {
		if lit, ok := n.(*ast.FuncLit); ok {
			p.noteMigrationStep(lit, stack)
			visit(lit, lit.Body)
		}
	})
	return funcs
}

// eachReturn calls visit for every return statement of the function whose
// body is given, in source order, leaving out those of the function
// literals inside it, and stops when visit returns false. It reports
// whether every call returned true.
func eachReturn(body ast.Node, visit func(r *ast.ReturnStmt) bool) bool {
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			ok = visit(n)
		}
		return ok
	})
	return ok
}

// walk calls fn for every node in body in source order with the stack of
// its ancestors inside body, telling whether it runs deferred. Function
// literals are reported but not entered, except deferred ones: their
// calls run when the enclosing function returns, as the enclosing
// function's; and those inline says run where they are passed (a retry
// helper's operation, runner.go): their calls are the enclosing
// function's, at that point, inside its loops.
func walk(body ast.Node, inline func(lit *ast.FuncLit, stack []ast.Node) bool, fn func(n ast.Node, stack []ast.Node, deferred bool)) {
	var visit func(root ast.Node, deferred bool, outer []ast.Node)
	visit = func(root ast.Node, deferred bool, outer []ast.Node) {
		ast.PreorderStack(root, outer, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.DeferStmt:
				if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
					visit(lit.Body, true, nil)
					for _, a := range n.Call.Args {
						visit(a, deferred, nil)
					}
					return false
				}
				visit(n.Call, true, nil)
				return false
			case *ast.FuncLit:
				if n != root {
					if deferred && deferredArg(n, root, stack) {
						// defer finish(&err, func() { tx.Commit() }, ...):
						// the helper runs its closures as the function
						// returns, so their calls are deferred calls of
						// this function.
						visit(n.Body, true, nil)
						return false
					}
					if !deferred && inline != nil && len(stack) > 0 && inline(n, stack) {
						visit(n.Body, false, append(slices.Clip(stack), n))
						return false
					}
					fn(n, stack, deferred)
					return false
				}
			}
			fn(n, stack, deferred)
			return true
		})
	}
	visit(body, false, nil)
}

// spawnedLit reports whether lit, called by call (whose ancestors are
// stack), is the body of a go statement whose statements are the
// function's: `go func() { ... }()` with no parameters, as `go
// helper(db)` runs the helper's statements on the function's handles.
// A goroutine that begins or ends a transaction is a function of its
// own, like any literal.
func spawnedLit(info *types.Info, lit *ast.FuncLit, call *ast.CallExpr, stack []ast.Node) bool {
	if len(stack) < 2 || len(call.Args) > 0 || lit.Type.Params != nil && len(lit.Type.Params.List) > 0 {
		return false
	}
	g, ok := stack[len(stack)-2].(*ast.GoStmt)
	return ok && g.Call == call && ast.Unparen(call.Fun) == ast.Expr(lit) && !beginsOrEnds(info, lit.Body)
}

// deferredArg reports whether lit is an argument of the deferred call
// being walked (root).
func deferredArg(lit *ast.FuncLit, root ast.Node, stack []ast.Node) bool {
	if len(stack) != 1 || stack[0] != root {
		return false
	}
	call, ok := root.(*ast.CallExpr)
	return ok && call.Fun != ast.Expr(lit)
}

// loopOf describes the innermost loop in stack. A range over a slice
// that the function builds from the entry of an enclosing range over a
// Go map (for k, v := range m { ids := pick(v); for _, id := range ids
// {...} }) is described by that map loop: the statements it repeats come
// in the map's order, whatever the inner slice's. A range over a
// variable assigned only from lo.Keys, lo.Values and the like (lo.go)
// is over a map's order too, unless the function sorts it.
func loopOf(info *types.Info, stack []ast.Node, lf *loopFacts) *Loop {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.CallExpr:
			if lf.runners[n] {
				return &Loop{Node: n, Runner: true}
			}
		case *ast.ForStmt:
			return &Loop{Node: n}
		case *ast.RangeStmt:
			l := &Loop{Node: n}
			if t := info.TypeOf(n.X); t != nil {
				_, l.OverMap = t.Underlying().(*types.Map)
			}
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
				l.Over = info.ObjectOf(id)
				l.Sorted = lf.sorted[l.Over]
				if !l.OverMap && !l.Sorted && lf.mapOrdered(info, l.Over) {
					l.OverMap = true
				}
			} else if loMapOrder(info, n.X) {
				l.OverMap = true
			}
			if !l.OverMap {
				if outer := lf.enclosingMapRange(info, stack[:i], n); outer != nil {
					return outer
				}
			}
			return l
		}
	}
	return nil
}

// loopFacts are what loopOf needs to know of the function: the variables
// it sorts in place and the values it assigns to each variable.
type loopFacts struct {
	sorted map[types.Object]bool
	// values are the right-hand sides assigned to each variable (the
	// call, for each variable a multi-value call assigns).
	values map[types.Object][]ast.Expr
	// runners are the calls of helpers that run the function literal
	// passed to them in a loop of theirs (runner.go).
	runners map[*ast.CallExpr]bool
}

// mapOrdered reports whether every value assigned to v is a map's keys,
// values or entries in its iteration order (loMapOrder).
func (lf *loopFacts) mapOrdered(info *types.Info, v types.Object) bool {
	vals := lf.values[v]
	for _, e := range vals {
		if !loMapOrder(info, e) {
			return false
		}
	}
	return len(vals) > 0
}

// enclosingMapRange is the loop over a Go map around inner (stack is
// what encloses inner) whose key or value the slice inner ranges over is
// made from: inner ranges over it, or over a variable assigned from an
// expression that uses it.
func (lf *loopFacts) enclosingMapRange(info *types.Info, stack []ast.Node, inner *ast.RangeStmt) *Loop {
	for i := len(stack) - 1; i >= 0; i-- {
		outer, ok := stack[i].(*ast.RangeStmt)
		if !ok {
			continue
		}
		t := info.TypeOf(outer.X)
		if t == nil {
			continue
		}
		if _, isMap := t.Underlying().(*types.Map); !isMap {
			continue
		}
		entry := map[types.Object]bool{}
		for _, e := range []ast.Expr{outer.Key, outer.Value} {
			if id := identOf(e); id != nil && info.Defs[id] != nil {
				entry[info.Defs[id]] = true
			}
		}
		uses := func(e ast.Expr) bool {
			found := false
			ast.Inspect(e, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && entry[info.Uses[id]] {
					found = true
				}
				return !found
			})
			return found
		}
		from := uses(inner.X)
		if id := identOf(inner.X); id != nil && !from {
			for _, v := range lf.values[info.Uses[id]] {
				if v.Pos() >= outer.Pos() && v.End() <= outer.End() && uses(v) {
					from = true
				}
			}
		}
		if !from {
			continue
		}
		l := &Loop{Node: outer, OverMap: true}
		if id := identOf(outer.X); id != nil {
			l.Over = info.ObjectOf(id)
		}
		return l
	}
	return nil
}

// loopFactsOf finds the variables decl (a declaration, or a variable's
// initializer) sorts in place (sort.Slice, sort.Ints, slices.Sort, ...)
// and the values it assigns.
func loopFactsOf(info *types.Info, decl ast.Node) *loopFacts {
	lf := &loopFacts{sorted: map[types.Object]bool{}, values: map[types.Object][]ast.Expr{}, runners: map[*ast.CallExpr]bool{}}
	ast.Inspect(decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id := identOf(l)
				if id == nil || info.ObjectOf(id) == nil {
					continue
				}
				switch {
				case len(n.Lhs) == len(n.Rhs):
					lf.values[info.ObjectOf(id)] = append(lf.values[info.ObjectOf(id)], n.Rhs[i])
				case len(n.Rhs) == 1:
					lf.values[info.ObjectOf(id)] = append(lf.values[info.ObjectOf(id)], n.Rhs[0])
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if len(n.Values) == len(n.Names) {
					lf.values[info.Defs[name]] = append(lf.values[info.Defs[name]], n.Values[i])
				}
			}
		case *ast.CallExpr:
			if len(n.Args) == 0 {
				return true
			}
			fn, ok := calleeFunc(info, n).(*types.Func)
			if !ok || fn.Pkg() == nil {
				return true
			}
			switch fn.Pkg().Path() {
			case "sort", "slices":
				if id, ok := ast.Unparen(n.Args[0]).(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						lf.sorted[obj] = true
					}
				}
			}
		}
		return true
	})
	return lf
}

// recognizeNode handles the statements and expressions that are not calls:
// channel operations, selects, comparisons.
func recognizeNode(f *Func, n ast.Node, stack []ast.Node) {
	switch n.(type) {
	case *ast.SendStmt, *ast.UnaryExpr, *ast.SelectStmt, *ast.RangeStmt:
		if f.inSpawned(n.Pos()) {
			return // the goroutine waits, not the function
		}
	}
	switch n := n.(type) {
	case *ast.SendStmt:
		if !inSelect(n, stack) && !f.neverFull(n) {
			f.Blocking = append(f.Blocking, &Blocking{Node: n, What: "a channel send"})
		}
	case *ast.UnaryExpr:
		if n.Op == token.ARROW && !inSelect(n, stack) {
			f.Blocking = append(f.Blocking, &Blocking{Node: n, What: "a channel receive"})
		}
	case *ast.SelectStmt:
		if !hasDefault(n) {
			f.Blocking = append(f.Blocking, &Blocking{Node: n, What: "a select without default"})
		}
	case *ast.RangeStmt:
		if t := f.info.TypeOf(n.X); t != nil {
			if _, ok := t.Underlying().(*types.Chan); ok {
				f.Blocking = append(f.Blocking, &Blocking{Node: n, What: "a range over a channel"})
			}
		}
	case *ast.BinaryExpr:
		switch n.Op {
		case token.LSS, token.GTR, token.LEQ, token.GEQ:
			x, y := objOf(f.info, n.X), objOf(f.info, n.Y)
			if x != nil && y != nil {
				f.Ordered = append(f.Ordered, [2]types.Object{x, y})
			}
		}
		if isDuplicateKeyCheck(f.info, n) {
			f.HandlesDuplicateKey = true
		}
	case *ast.Ident, *ast.SelectorExpr, *ast.BasicLit:
		if isDuplicateKeyName(n) {
			f.HandlesDuplicateKey = true
		}
		if id, ok := n.(*ast.Ident); ok && isNotFoundErr(f.info.Uses[id]) {
			f.ChecksNotFound = true
		}
	}
}

func objOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		return info.ObjectOf(e.Sel)
	}
	return nil
}

// inSelect reports whether n is the communication of a select case: then
// the select, not the operation, is what blocks.
func inSelect(n ast.Node, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch a := stack[i].(type) {
		case *ast.CommClause:
			child := n
			if i+1 < len(stack) {
				child = stack[i+1]
			}
			return a.Comm != nil && child == ast.Node(a.Comm)
		case *ast.FuncLit:
			return false
		}
	}
	return false
}

func hasDefault(s *ast.SelectStmt) bool {
	for _, c := range s.Body.List {
		if cc, ok := c.(*ast.CommClause); ok && cc.Comm == nil {
			return true
		}
	}
	return false
}
