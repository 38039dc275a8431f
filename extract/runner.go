package extract

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// A runner is a function that calls a function-typed parameter itself,
// before it returns: a retry helper (func Retry(label string, op func()
// error)), a timing wrapper. A function literal without parameters passed
// to one runs where the call is, once or more, on the handles and in the
// transaction it captures; its statements are read as the enclosing
// function's, at the call. A literal with parameters is a callback given
// something by the helper (a transaction, a row) and stays a function of
// its own; so does one handed to a helper that may keep it for later or
// run it in a goroutine, or one that begins or ends a transaction itself,
// unless all it does with the transaction is begin it and hand it out
// through a variable of the enclosing function (a Begin wrapper that
// retries `tx, err = db.BeginTx(ctx, opts)`): that transaction is begun
// at the call, as if the enclosing function had begun it itself.
//
// A call through an interface method runs one of its implementations.
// When every implementation in sight (implementations.go's, through
// ImplFact for those declared far away) runs the parameter, a literal
// passed there runs where the call is as well, also one with parameters
// (a tree walker's visit, func(level []Node, depth int) error): what the
// helper gives it stays unknown, unless it is a database handle, which
// makes it a transaction callback of its own. An implementation that
// keeps the callback, runs it in a goroutine or never calls it, or begins
// or ends a transaction, leaves the literal a function of its own, as
// does an interface with no implementation seen; an implementation that
// only returns errors it makes (a stub, "not implemented") runs nothing
// and counts for neither. A literal with
// parameters that an implementation runs in a loop is run once per turn,
// each with other values: its statements are in a loop at the call
// (Loop.Runner).

// maxRunnerDepth bounds how many helpers deep runsArg follows a
// parameter passed on.
const maxRunnerDepth = 3

// ImportRunners tells the package which parameters the functions of other
// packages run (their RunsFact).
func (p *Package) ImportRunners(f func(*types.Func) *RunsFact) { p.importRuns = f }

// Implementation is one concrete method a call through an interface
// method can run: Fn when the type checker sees it, otherwise what its
// package's ImplFact says it runs.
type Implementation struct {
	Fn   *types.Func
	Runs *RunsFact
}

// ImportImplementations tells the package the implementations of an
// interface method; ok is false when some may be unknown.
func (p *Package) ImportImplementations(f func(*types.Func) (impls []Implementation, ok bool)) {
	p.importImpls = f
}

// inlineLit reports whether the function literal lit, an argument of call
// (whose ancestors are stack), runs where the call is (see runner), and
// whether the helper runs it in a loop.
func (p *Package) inlineLit(info *types.Info, lit *ast.FuncLit, call *ast.CallExpr, stack []ast.Node) (inline, loop bool) {
	if len(stack) >= 2 {
		if g, ok := stack[len(stack)-2].(*ast.GoStmt); ok && g.Call == call {
			return false, false
		}
	}
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok {
		return false, false
	}
	arg := slices.IndexFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == ast.Expr(lit) })
	if arg < 0 {
		return false, false
	}
	switch {
	case lit.Type.Params != nil && len(lit.Type.Params.List) > 0:
		// A callback given something by an interface's implementations
		// that all run it (see ifaceRuns); never one given a handle. Run
		// in a loop, it is given other values each turn (a level of a
		// tree, an element), on which its statements choose their rows.
		if !isInterfaceMethod(fn) || handsHandle(info, lit) {
			return false, false
		}
		inline, loop = p.ifaceRuns(fn, arg)
	case isInterfaceMethod(fn):
		// An operation without parameters is the same work each time:
		// a loop around it retries it.
		inline, _ = p.ifaceRuns(fn, arg)
	default:
		inline = p.runsArg(fn, arg, 0)
	}
	if !inline || beginsOrEnds(info, lit.Body) && !onlyBegins(info, lit) {
		return false, false
	}
	return true, loop
}

// isInterfaceMethod reports whether fn is the method of an interface.
func isInterfaceMethod(fn *types.Func) bool {
	sig, _ := fn.Type().(*types.Signature)
	return sig != nil && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// ifaceRuns reports whether every implementation of the interface method
// fn runs its parameter i before it returns (runsParam), and whether one
// runs it in a loop. A call through an interface runs one of them; when
// all run the callback, it runs where the call is, whichever it is. An
// interface with no implementation in sight, or one that keeps the
// callback, runs it in a goroutine or never calls it, leaves the literal
// a function of its own.
func (p *Package) ifaceRuns(fn *types.Func, i int) (runs, loop bool) {
	if p.importImpls == nil {
		return false, false
	}
	impls, ok := p.importImpls(fn)
	if !ok || len(impls) == 0 {
		return false, false
	}
	for _, im := range impls {
		var r, l, fails bool
		switch {
		case im.Fn != nil && im.Fn.Pkg() == p.types:
			r, l = p.runsParam(im.Fn, i, 0)
			fails = !r && p.alwaysFails(im.Fn)
		case im.Fn != nil:
			if f := p.importRuns(im.Fn); f != nil {
				r, l, fails = slices.Contains(f.Params, i), slices.Contains(f.Loops, i), f.Fails
			}
		case im.Runs != nil:
			r, l, fails = slices.Contains(im.Runs.Params, i), slices.Contains(im.Runs.Loops, i), im.Runs.Fails
		}
		if fails {
			// A stub that only returns an error runs nothing: the caller
			// goes on down its error path.
			continue
		}
		if !r {
			return false, false
		}
		runs = true
		loop = loop || l
	}
	return runs, loop
}

// alwaysFails reports whether every return of fn, a function of the
// package whose last result is an error, gives an error made right there
// (errors.New, fmt.Errorf): a stub ("not implemented") that never
// succeeds, so that nothing after its call runs but the caller's error
// path.
func (p *Package) alwaysFails(fn *types.Func) bool {
	sig, ok := fn.Origin().Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 || !isErrorType(sig.Results().At(sig.Results().Len()-1).Type()) {
		return false
	}
	decl := p.funcDecl(fn.Origin())
	if decl == nil || decl.Body == nil || len(decl.Body.List) == 0 {
		return false
	}
	if _, ok := decl.Body.List[len(decl.Body.List)-1].(*ast.ReturnStmt); !ok {
		return false
	}
	return eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
		if len(n.Results) == 0 {
			return false
		}
		call, ok := ast.Unparen(n.Results[len(n.Results)-1]).(*ast.CallExpr)
		if !ok {
			return false
		}
		callee, _ := calleeFunc(p.info, call).(*types.Func)
		return callee != nil && callee.Pkg() != nil && (callee.Pkg().Path() == "errors" && callee.Name() == "New" || callee.Pkg().Path() == "fmt" && callee.Name() == "Errorf")
	})
}

// handsHandle reports whether one of lit's parameters is a database
// handle or holds one (a *sql.Tx, a *gorm.DB, ent's client or
// transaction): a callback of a helper that opens a transaction for it,
// which the literal's own function describes.
func handsHandle(info *types.Info, lit *ast.FuncLit) bool {
	for _, f := range lit.Type.Params.List {
		t := info.TypeOf(f.Type)
		if t == nil {
			return true
		}
		if ptr, ok := t.Underlying().(*types.Pointer); ok {
			t = ptr.Elem()
		}
		if pkg := typePkg(t); pkg != nil && SendsSQL(pkg.Path()) {
			return true
		}
		switch role, _, _ := entRoleOf(t); role {
		case entClient, entTx, entEntity:
			return true
		}
	}
	return false
}

// runsArg reports whether fn calls its parameter i, a function without
// parameters, before it returns (and not in a goroutine), directly or by
// passing it, or a literal that calls it, to another runner.
func (p *Package) runsArg(fn *types.Func, i int, depth int) bool {
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || i >= sig.Params().Len() {
		return false
	}
	if ps, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); !ok || ps.Params().Len() != 0 {
		return false
	}
	runs, _ := p.runsParam(fn, i, depth)
	return runs
}

// runsParam reports whether fn calls its function-typed parameter i
// before it returns, as runsArg, and whether in a loop (its own, or a
// runner's it passes it to). A parameter that takes arguments counts only
// when fn begins and ends no transaction: a helper that hands its
// callback a transaction it opens is not a runner.
func (p *Package) runsParam(fn *types.Func, i int, depth int) (runs, loop bool) {
	if p == nil || fn == nil || depth > maxRunnerDepth {
		return false, false
	}
	fn = fn.Origin()
	sig, ok := fn.Type().(*types.Signature)
	if !ok || i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
		return false, false
	}
	ps, ok := sig.Params().At(i).Type().Underlying().(*types.Signature)
	if !ok {
		return false, false
	}
	if fn.Pkg() != p.types {
		if p.importRuns == nil {
			return false, false
		}
		f := p.importRuns(fn)
		if f == nil {
			return false, false
		}
		return slices.Contains(f.Params, i), slices.Contains(f.Loops, i)
	}
	decl := p.funcDecl(fn)
	if decl == nil || decl.Body == nil {
		return false, false
	}
	if ps.Params().Len() > 0 && beginsOrEnds(p.info, decl.Body) {
		return false, false
	}
	return p.bodyRuns(decl.Body, sig.Params().At(i), depth)
}

// bodyRuns reports whether body calls param before it returns, and
// whether in a loop.
func (p *Package) bodyRuns(body *ast.BlockStmt, param *types.Var, depth int) (runs, loop bool) {
	info := p.info
	// looping are the literals body hands to a runner that runs them in
	// a loop.
	looping := map[*ast.FuncLit]bool{}
	inLoop := func(stack []ast.Node) bool {
		for _, n := range stack {
			switch n := n.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				return true
			case *ast.FuncLit:
				if looping[n] {
					return true
				}
			}
		}
		return false
	}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if runs {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.FuncLit:
			// A literal runs only where it is called at once or handed
			// to a runner.
			if len(stack) == 0 {
				return false
			}
			call, ok := stack[len(stack)-1].(*ast.CallExpr)
			if !ok {
				return false
			}
			if call.Fun == ast.Expr(n) {
				return true
			}
			if n.Type.Params != nil && len(n.Type.Params.List) > 0 {
				return false
			}
			callee, _ := calleeFunc(info, call).(*types.Func)
			arg := slices.IndexFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == ast.Expr(n) })
			if arg < 0 {
				return false
			}
			r, l := p.runsParam(callee, arg, depth+1)
			looping[n] = l
			return r
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && info.Uses[id] == param {
				runs, loop = true, inLoop(stack)
				return false
			}
			for j, a := range n.Args {
				if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == param {
					callee, _ := calleeFunc(info, n).(*types.Func)
					if r, l := p.runsParam(callee, j, depth+1); r {
						runs, loop = true, l || inLoop(stack)
						return false
					}
				}
			}
		}
		return true
	})
	return runs, loop
}

// RunsFact lists the function-typed parameters a function calls before
// it returns, directly or through another runner, for other packages: a
// retry helper's operation, a tree walker's visit. It is exported by
// every package, whether it touches a database or not, since generic
// helpers live in packages that do not.
type RunsFact struct {
	Params []int
	// Loops are the Params it runs in a loop: once per element, level,
	// attempt.
	Loops []int
	// Fails says the function, one with a function-typed parameter,
	// runs none and only returns errors it makes (alwaysFails): as an
	// implementation of an interface method, it is no reason not to read
	// a callback where the others run it.
	Fails bool
}

// AFact marks RunsFact as an analysis.Fact.
func (*RunsFact) AFact() {}

func (f *RunsFact) String() string {
	if f.Fails {
		return "fails"
	}
	if len(f.Loops) > 0 {
		return fmt.Sprintf("runs=%v loops=%v", f.Params, f.Loops)
	}
	return fmt.Sprintf("runs=%v", f.Params)
}

// hasFuncParam reports whether sig has a parameter of a function type.
func hasFuncParam(sig *types.Signature) bool {
	for i := range sig.Params().Len() {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// Runners returns the package's functions that run one of their
// function-typed parameters, and which, for export as RunsFacts. Only
// declarations with a parameter of a function type are looked at, so a
// package without any costs one pass over its declarations.
func Runners(pkg *types.Package, info *types.Info, files []*ast.File, importRuns func(*types.Func) *RunsFact) map[*types.Func]*RunsFact {
	p := &Package{types: pkg, info: info, files: files, importRuns: importRuns}
	out := map[*types.Func]*RunsFact{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			sig := fn.Type().(*types.Signature)
			var rf RunsFact
			for i := range sig.Params().Len() {
				if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); !ok {
					continue
				}
				if runs, loop := p.runsParam(fn, i, 0); runs {
					rf.Params = append(rf.Params, i)
					if loop {
						rf.Loops = append(rf.Loops, i)
					}
				}
			}
			if len(rf.Params) == 0 && hasFuncParam(sig) && p.alwaysFails(fn) {
				rf.Fails = true
			}
			if len(rf.Params) > 0 || rf.Fails {
				out[fn] = &rf
			}
		}
	}
	return out
}

// onlyBegins reports whether lit's only part in a transaction is to begin
// it and assign it to a variable of the enclosing function: every call of
// a transaction method in its body (outside nested literals) is a Begin
// whose transaction goes, as the first value of an assignment (=, not
// :=), to a local variable declared outside lit, and the body uses that
// variable nowhere else. A literal that also ends a transaction, or runs
// statements in the one it began, or keeps it in a field, a package
// variable or a variable of its own, does not.
func onlyBegins(info *types.Info, lit *ast.FuncLit) bool {
	began := map[*ast.CallExpr]bool{}
	targets := map[*ast.Ident]bool{}
	vars := map[types.Object]bool{}
	ok := true
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || len(n.Rhs) != 1 {
				return true
			}
			call, isCall := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !isCall || !isBeginName(info, call) {
				return true
			}
			id, isID := ast.Unparen(n.Lhs[0]).(*ast.Ident)
			if !isID {
				ok = false
				return false
			}
			v, isVar := info.Uses[id].(*types.Var)
			if !isVar || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() ||
				v.Pos() >= lit.Pos() && v.Pos() < lit.End() {
				ok = false
				return false
			}
			began[call] = true
			targets[id] = true
			vars[v] = true
		}
		return true
	})
	if !ok || len(began) == 0 {
		return false
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			// A nested literal that uses the transaction may run
			// statements in it.
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, isID := m.(*ast.Ident); isID && vars[info.Uses[id]] {
					ok = false
				}
				return ok
			})
			return false
		case *ast.Ident:
			if vars[info.Uses[n]] && !targets[n] {
				ok = false
			}
		case *ast.CallExpr:
			if !began[n] && txMethod(info, n) != "" {
				// Another Begin, or an end, in the same body.
				ok = false
			}
		}
		return ok
	})
	return ok
}

// isBeginName reports whether call is a method call named like one that
// begins a transaction.
func isBeginName(info *types.Info, call *ast.CallExpr) bool {
	switch txMethod(info, call) {
	case "Begin", "BeginTx", "Beginx", "BeginTxx", "MustBegin", "MustBeginTx":
		return true
	}
	return false
}

// txMethod is the name of the method call calls when it is named like one
// that begins, commits or rolls back a transaction, or runs a whole one,
// and "" otherwise.
func txMethod(info *types.Info, call *ast.CallExpr) string {
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok || fn.Type().(*types.Signature).Recv() == nil {
		return ""
	}
	switch fn.Name() {
	case "Begin", "BeginTx", "Beginx", "BeginTxx", "MustBegin", "MustBeginTx",
		"Commit", "Rollback", "Transaction", "RunInTx", "WithTx":
		return fn.Name()
	}
	return ""
}

// beginsOrEnds reports whether body, outside nested function literals,
// calls a method named like one that begins, commits or rolls back a
// transaction, or runs a whole one: such a literal stays a function of
// its own (a conservative test; where its transaction begins and ends
// relative to the statements around the call is left as before).
func beginsOrEnds(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok && txMethod(info, call) != "" {
			found = true
		}
		return true
	})
	return found
}
