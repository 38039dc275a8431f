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

// maxRunnerDepth bounds how many helpers deep runsArg follows a
// parameter passed on.
const maxRunnerDepth = 3

// ImportRunners tells the package which parameters the functions of other
// packages run (their RunsFact).
func (p *Package) ImportRunners(f func(*types.Func) []int) { p.importRuns = f }

// inlineLit reports whether the function literal lit, an argument of call
// (whose ancestors are stack), runs where the call is: see runner.
func (p *Package) inlineLit(info *types.Info, lit *ast.FuncLit, call *ast.CallExpr, stack []ast.Node) bool {
	if lit.Type.Params != nil && len(lit.Type.Params.List) > 0 {
		return false
	}
	if len(stack) >= 2 {
		if g, ok := stack[len(stack)-2].(*ast.GoStmt); ok && g.Call == call {
			return false
		}
	}
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok {
		return false
	}
	arg := slices.IndexFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == ast.Expr(lit) })
	if arg < 0 || !p.runsArg(fn, arg, 0) {
		return false
	}
	return !beginsOrEnds(info, lit.Body) || onlyBegins(info, lit)
}

// runsArg reports whether fn calls its parameter i, a function without
// parameters, before it returns (and not in a goroutine), directly or by
// passing it, or a literal that calls it, to another runner.
func (p *Package) runsArg(fn *types.Func, i int, depth int) bool {
	if p == nil || fn == nil || depth > maxRunnerDepth {
		return false
	}
	fn = fn.Origin()
	sig, ok := fn.Type().(*types.Signature)
	if !ok || i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
		return false
	}
	if ps, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); !ok || ps.Params().Len() != 0 {
		return false
	}
	if fn.Pkg() != p.types {
		if p.importRuns == nil {
			return false
		}
		return slices.Contains(p.importRuns(fn), i)
	}
	decl := p.funcDecl(fn)
	if decl == nil || decl.Body == nil {
		return false
	}
	param := sig.Params().At(i)
	return p.bodyRuns(decl.Body, param, depth)
}

// bodyRuns reports whether body calls param before it returns.
func (p *Package) bodyRuns(body *ast.BlockStmt, param *types.Var, depth int) bool {
	info := p.info
	runs := false
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
			return arg >= 0 && p.runsArg(callee, arg, depth+1)
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && info.Uses[id] == param {
				runs = true
				return false
			}
			for j, a := range n.Args {
				if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == param {
					callee, _ := calleeFunc(info, n).(*types.Func)
					if p.runsArg(callee, j, depth+1) {
						runs = true
						return false
					}
				}
			}
		}
		return true
	})
	return runs
}

// RunsFact lists the function-typed parameters a function calls before
// it returns, directly or through another runner, for other packages: a
// retry helper's operation. It is exported by every package, whether it
// touches a database or not, since generic helpers live in packages that
// do not.
type RunsFact struct {
	Params []int
}

// AFact marks RunsFact as an analysis.Fact.
func (*RunsFact) AFact() {}

func (f *RunsFact) String() string { return fmt.Sprintf("runs=%v", f.Params) }

// Runners returns the package's functions that run one of their
// function-typed parameters, and which, for export as RunsFacts. Only
// declarations with a parameter of type func() (or func() T) are looked
// at, so a package without any costs one pass over its declarations.
func Runners(pkg *types.Package, info *types.Info, files []*ast.File, importRuns func(*types.Func) []int) map[*types.Func][]int {
	p := &Package{types: pkg, info: info, files: files, importRuns: importRuns}
	out := map[*types.Func][]int{}
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
			var runs []int
			for i := range sig.Params().Len() {
				if ps, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok && ps.Params().Len() == 0 && p.runsArg(fn, i, 0) {
					runs = append(runs, i)
				}
			}
			if len(runs) > 0 {
				out[fn] = runs
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
