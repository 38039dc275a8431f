package extract

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A transaction often waits through a package that sends no SQL: a
// process runner that starts `git` and waits for it, a mailer, an API
// client. Such a package exports no FuncFact, so its waits reach the
// transaction's function only through a WaitsFact of its own.
//
// Only waits on something outside the program count here: a subprocess,
// a network call, a sleep (blockingFuncs, blockingMethods), and a channel
// receive, select or WaitGroup wait for a goroutine the function started
// to do one of these (a runner that starts a command, waits for it in a
// goroutine and selects on its end or a timeout). A channel operation
// alone does not: in a package that sends no SQL it is as often a
// logger's or a pool's queue, which does not wait on anyone outside.

// WaitsFact says what an exported function of a package that sends no
// SQL waits on: "a subprocess", "an HTTP request".
type WaitsFact struct {
	What string
}

// AFact marks WaitsFact as an analysis.Fact.
func (*WaitsFact) AFact() {}

func (f *WaitsFact) String() string { return "waits on " + f.What }

// waitsDecl is what one declaration waits on, before its callees in the
// package are known.
type waitsDecl struct {
	what string // a wait of its own, or through another package
	// calls are the package's functions it calls, and spawned those a
	// goroutine it starts calls; spawnedWhat a wait of such a goroutine.
	calls, spawned []*types.Func
	spawnedWhat    string
	// joins is set when it waits for its goroutines: a channel receive,
	// a select without default, a range over a channel, a WaitGroup wait.
	joins bool
}

// Waits returns the package's exported functions and methods that wait
// on something outside the program, directly or through the package's
// other functions or another package's (imported: its WaitsFact or
// FuncFact's wait, "" for none).
func Waits(info *types.Info, files []*ast.File, imported func(*types.Func) string) map[*types.Func]*WaitsFact {
	decls := map[*types.Func]*waitsDecl{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
				decls[fn] = readWaits(info, fd.Body, imported)
			}
		}
	}
	if len(decls) == 0 {
		return nil
	}
	what := map[*types.Func]string{}
	for changed := true; changed; {
		changed = false
		for fn, d := range decls {
			if what[fn] != "" {
				continue
			}
			w := d.what
			for _, c := range d.calls {
				if w == "" {
					w = what[c]
				}
			}
			if w == "" && d.joins {
				w = d.spawnedWhat
				for _, c := range d.spawned {
					if w == "" {
						w = what[c]
					}
				}
			}
			if w != "" {
				what[fn], changed = w, true
			}
		}
	}
	out := map[*types.Func]*WaitsFact{}
	for fn, w := range what {
		if fn.Exported() {
			out[fn] = &WaitsFact{What: w}
		}
	}
	return out
}

// readWaits reads one body: its own waits, its calls, and what the
// goroutines it starts do.
func readWaits(info *types.Info, body *ast.BlockStmt, imported func(*types.Func) string) *waitsDecl {
	d := &waitsDecl{}
	var walk func(n ast.Node, spawned bool)
	walk = func(root ast.Node, spawned bool) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // runs when called: not read as this function's
			case *ast.GoStmt:
				if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
					walk(lit.Body, true)
				} else {
					walk(n.Call.Fun, spawned)
					d.call(info, n.Call, true, imported)
				}
				for _, a := range n.Call.Args {
					walk(a, spawned)
				}
				return false
			case *ast.CallExpr:
				if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
					walk(lit.Body, spawned) // called where it is written
				}
				d.call(info, n, spawned, imported)
			case *ast.UnaryExpr:
				d.joins = d.joins || !spawned && n.Op == token.ARROW
			case *ast.SelectStmt:
				d.joins = d.joins || !spawned && !hasDefault(n)
			case *ast.RangeStmt:
				if t := info.TypeOf(n.X); t != nil && !spawned {
					if _, ok := t.Underlying().(*types.Chan); ok {
						d.joins = true
					}
				}
			}
			return true
		})
	}
	walk(body, false)
	return d
}

// call records one static call of the body.
func (d *waitsDecl) call(info *types.Info, c *ast.CallExpr, spawned bool, imported func(*types.Func) string) {
	fn, _ := calleeFunc(info, c).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	if pkg, name := recvNamed(fn); pkg == "sync" && (name == "WaitGroup" || name == "Cond") && fn.Name() == "Wait" {
		d.joins = d.joins || !spawned
		return
	}
	w := blockingWhat(fn) // a gRPC client's method too, through its interface
	if sig, ok := fn.Type().(*types.Signature); w == "" && ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		return // dynamic: whichever implementation it is given
	}
	if w == "" && imported != nil {
		w = imported(fn)
	}
	local := w == "" // a function of the package's, or one that does not wait
	switch {
	case spawned && w != "":
		if d.spawnedWhat == "" {
			d.spawnedWhat = w
		}
	case w != "":
		if d.what == "" {
			d.what = w
		}
	case local && spawned:
		d.spawned = append(d.spawned, fn.Origin())
	case local:
		d.calls = append(d.calls, fn.Origin())
	}
}

// ImportWaits sets how the package reads another package's WaitsFact.
func (p *Package) ImportWaits(f func(*types.Func) string) { p.importWaits = f }
