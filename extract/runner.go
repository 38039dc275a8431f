package extract

import (
	"fmt"
	"go/ast"
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
// run it in a goroutine, or one that begins or ends a transaction itself.

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
	return !beginsOrEnds(info, lit.Body)
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
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn, ok := calleeFunc(info, call).(*types.Func)
		if !ok || fn.Type().(*types.Signature).Recv() == nil {
			return true
		}
		switch fn.Name() {
		case "Begin", "BeginTx", "Beginx", "BeginTxx", "MustBegin", "MustBeginTx",
			"Commit", "Rollback", "Transaction", "RunInTx", "WithTx":
			found = true
		}
		return true
	})
	return found
}
