package txflow

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/locklint/locklint/extract"
)

// ExitWithout reports whether some path leads from statement a to a
// return of the function on which no statement matching covered runs
// after a. It answers "can the function return with what a acquired still
// held?" for session state that only another statement undoes: UNLOCK
// TABLES after LOCK TABLES, RELEASE_LOCK after GET_LOCK.
//
// A deferred statement covers every path that registers it, whether the
// defer comes before or after a: it runs when the function returns.
// Branches taken only when a itself failed are not paths: the branch of
// `if err != nil` on the error a's call returned, or of a test that the
// value a scanned is false, zero or not 1 (`if !ok`, `if got != 1`), since
// then nothing was acquired. Calls that never return (panic, log.Fatal)
// end no path.
//
// It returns the return statement the path ends at; for a path that falls
// off the end of the function that is the implicit return the CFG places
// at the closing brace.
func (fn *Func) ExitWithout(a *Stmt, covered func(*Stmt) bool) (*ast.ReturnStmt, bool) {
	if n := fn.node(a.at); n == nil || !fn.graph.cfg.Blocks[a.at.block].Live {
		return nil, false
	}
	stops := map[point]bool{}
	deferred := map[point]bool{}
	for _, s := range fn.Stmts {
		if s == a || !covered(s) {
			continue
		}
		stops[s.at] = true
		if _, ok := fn.node(s.at).(*ast.DeferStmt); ok {
			deferred[s.at] = true
		}
	}
	if len(deferred) > 0 && !fn.graph.reachesFromEntry(a.at, deferred) {
		return nil, false // a deferred release registered on every path to a
	}
	return fn.exitAvoiding(a, stops, fn.outcomeOf(a))
}

// Owns reports whether the handle ref names is this function's own: its
// root is a variable declared in the function's body (not a parameter, a
// receiver, a captured or a package variable) whose value does not leave
// the function (returned, stored, captured by a closure that is not
// deferred, passed to a function without a fact). Only for a handle it
// owns can a function be blamed for session state it leaves behind: for
// any other, the code that holds the handle may undo it later.
func (fn *Func) Owns(ref extract.Ref) bool {
	body := fn.Extract.Body()
	if !ref.Valid() || body == nil {
		return false
	}
	if p := ref.Root.Pos(); p < body.Lbrace || p > body.Rbrace {
		return false
	}
	return !fn.escapesVar(ref.Root)
}

// node returns the CFG node at p, nil when there is none.
func (fn *Func) node(p point) ast.Node {
	blocks := fn.graph.cfg.Blocks
	if int(p.block) >= len(blocks) || int(p.index) >= len(blocks[p.block].Nodes) {
		return nil
	}
	return blocks[p.block].Nodes[p.index]
}

// reachesFromEntry reports whether some path from the function's entry
// reaches to without entering a node in stops.
func (g *graph) reachesFromEntry(to point, stops map[point]bool) bool {
	entry := g.cfg.Blocks[0]
	for i := range entry.Nodes {
		p := point{entry.Index, int32(i)}
		if p == to {
			return true
		}
		if stops[p] {
			return false
		}
	}
	if to.block == entry.Index {
		return false
	}
	return g.reaches(point{entry.Index, int32(len(entry.Nodes)) - 1}, to, stops)
}

// exitAvoiding searches for a path from a to a return that enters no
// node in stops and skips the branches where a failed.
func (fn *Func) exitAvoiding(a *Stmt, stops map[point]bool, o outcome) (*ast.ReturnStmt, bool) {
	type item struct {
		b       *cfg.Block
		start   int
		tracked bool // o still describes a's outcome on this path
	}
	type key struct {
		b       int32
		tracked bool
	}
	seen := map[key]bool{}
	work := []item{{fn.graph.cfg.Blocks[a.at.block], int(a.at.index) + 1, o.valid()}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		b, tracked := it.b, it.tracked
		stopped := false
		for i := it.start; i < len(b.Nodes); i++ {
			if stops[point{b.Index, int32(i)}] {
				stopped = true
				break
			}
			if tracked && o.reassigned(fn.Extract.Info(), b.Nodes[i]) {
				tracked = false
			}
		}
		if stopped {
			continue
		}
		if ret, ok := fn.exit(b); ok {
			return ret, true
		}
		succs := b.Succs
		if tracked && len(succs) == 2 && len(b.Nodes) > 0 {
			if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
				switch o.classify(fn.Extract.Info(), cond) {
				case failsIfTrue:
					succs = succs[1:]
				case failsIfFalse:
					succs = succs[:1]
				}
			}
		}
		for _, s := range succs {
			k := key{s.Index, tracked}
			if s.Live && !seen[k] {
				seen[k] = true
				work = append(work, item{s, 0, tracked})
			}
		}
	}
	return nil, false
}

// outcome names the variables that tell whether a statement succeeded:
// the error its call returned and the variables its result was scanned
// into.
type outcome struct {
	err   types.Object
	dests map[types.Object]bool
}

func (o outcome) valid() bool { return o.err != nil || len(o.dests) > 0 }

// outcomeOf finds a's outcome variables in the statement that runs it:
// `_, err := conn.ExecContext(...)`, `err := conn.QueryRowContext(...).Scan(&ok)`,
// or, for a statement a helper runs, `err := lockutil.Acquire(ctx, conn)`.
func (fn *Func) outcomeOf(a *Stmt) outcome {
	info := fn.Extract.Info()
	o := outcome{dests: map[types.Object]bool{}}
	for _, d := range a.Site.Dest {
		if u, ok := ast.Unparen(d).(*ast.UnaryExpr); ok && u.Op == token.AND {
			if id, ok := ast.Unparen(u.X).(*ast.Ident); ok && info.ObjectOf(id) != nil {
				o.dests[info.ObjectOf(id)] = true
			}
		}
	}
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch n := fn.node(a.at).(type) {
	case *ast.AssignStmt:
		lhs, rhs = n.Lhs, n.Rhs
	case *ast.ValueSpec:
		for _, name := range n.Names {
			lhs = append(lhs, name)
		}
		rhs = n.Values
	}
	if len(rhs) != 1 || len(lhs) == 0 || !contains(rhs[0], a.Site.Call) {
		return o
	}
	if id, ok := lhs[len(lhs)-1].(*ast.Ident); ok && id.Name != "_" {
		if obj := info.ObjectOf(id); obj != nil && types.Identical(obj.Type(), errorType) {
			o.err = obj
		}
	}
	return o
}

var errorType = types.Universe.Lookup("error").Type()

func contains(root ast.Node, target ast.Node) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if n == target {
			found = true
		}
		return !found
	})
	return found
}

// reassigned reports whether node n assigns to one of o's variables, after
// which a test of that variable is no longer about a.
func (o outcome) reassigned(info *types.Info, n ast.Node) bool {
	as, ok := n.(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, l := range as.Lhs {
		if id, ok := ast.Unparen(l).(*ast.Ident); ok {
			if obj := info.ObjectOf(id); obj != nil && (obj == o.err || o.dests[obj]) {
				return true
			}
		}
	}
	return false
}

// verdict says which branch of a condition is taken when the statement
// failed.
type verdict uint8

const (
	unknownVerdict verdict = iota
	failsIfTrue
	failsIfFalse
)

func (v verdict) not() verdict {
	switch v {
	case failsIfTrue:
		return failsIfFalse
	case failsIfFalse:
		return failsIfTrue
	}
	return unknownVerdict
}

// classify reads a condition as a test of the statement's outcome: `err
// != nil`, `!ok`, `got != 1`, `got == 0`, and their ||, && and !
// combinations. Anything else is unknownVerdict, and both branches stay
// paths.
func (o outcome) classify(info *types.Info, e ast.Expr) verdict {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return o.classify(info, e.X).not()
		}
	case *ast.Ident, *ast.SelectorExpr:
		if o.isDest(info, e) { // if ok { ... }, if got.Valid { ... }
			return failsIfFalse
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LOR, token.LAND:
			want := failsIfTrue // a || b fails if either does
			if e.Op == token.LAND {
				want = failsIfFalse // a && b succeeds only if both do
			}
			if o.classify(info, e.X) == want && o.classify(info, e.Y) == want {
				return want
			}
		case token.EQL, token.NEQ:
			v := o.compare(info, e.X, e.Y)
			if v == unknownVerdict {
				v = o.compare(info, e.Y, e.X)
			}
			if e.Op == token.NEQ {
				v = v.not()
			}
			return v
		}
	}
	return unknownVerdict
}

// compare classifies `x == y` where x is an outcome variable and y a
// constant.
func (o outcome) compare(info *types.Info, x, y ast.Expr) verdict {
	if id, ok := ast.Unparen(x).(*ast.Ident); ok && o.err != nil && info.ObjectOf(id) == o.err {
		if n, ok := ast.Unparen(y).(*ast.Ident); ok && n.Name == "nil" {
			return failsIfFalse // err == nil: success when true
		}
		return unknownVerdict
	}
	if !o.isDest(info, x) {
		return unknownVerdict
	}
	tv, ok := info.Types[ast.Unparen(y)]
	if !ok || tv.Value == nil {
		return unknownVerdict
	}
	switch v := tv.Value; v.Kind() {
	case constant.Bool:
		if constant.BoolVal(v) {
			return failsIfFalse
		}
		return failsIfTrue
	case constant.Int:
		n, exact := constant.Int64Val(v)
		switch {
		case exact && n == 0:
			return failsIfTrue // got == 0: GET_LOCK timed out
		case exact && n == 1:
			return failsIfFalse
		}
	}
	return unknownVerdict
}

// isDest reports whether e reads a variable the statement scanned into,
// or a field of one (got.Valid, got.Int64).
func (o outcome) isDest(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if sel, ok := e.(*ast.SelectorExpr); ok {
		e = ast.Unparen(sel.X)
	}
	id, ok := e.(*ast.Ident)
	return ok && o.dests[info.ObjectOf(id)]
}
