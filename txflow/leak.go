package txflow

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/locklint/locklint/extract"
)

// Leak is a path on which a transaction begun in the function is neither
// committed nor rolled back before the function returns.
type Leak struct {
	Tx *Tx
	// Return is the return statement the path ends at, nil when it falls
	// off the end of the function.
	Return *ast.ReturnStmt
	// ReturnsError is set when Return hands its caller an error: the
	// last result is an error, made or wrapped in the return itself, or
	// the variable an enclosing `if v != nil` found set.
	ReturnsError bool
	// Fix inserts `defer tx.Rollback()` after Begin's error check.
	Fix *analysis.SuggestedFix
}

// Leaks finds the transactions begun in this function that some path
// leaves open, as golang.org/x/tools/go/analysis/passes/lostcancel finds
// lost cancel functions. A transaction is not reported when a deferred
// Commit or Rollback closes every path, when it escapes (returned, stored,
// passed to a function locklint knows nothing of), or on the `err != nil`
// branch right after Begin, where there is no transaction.
func (fn *Func) Leaks(fset *token.FileSet) []Leak {
	var out []Leak
	for _, tx := range fn.Txs {
		if tx.Begin == nil || tx.Begin.Callback || !tx.Ref.Valid() || tx.Ref.Path != "" {
			continue
		}
		if fn.escapes(tx) {
			continue
		}
		accept := func(*ast.ReturnStmt) bool { return true }
		if tx.closedByDefer() {
			guard, idx := fn.errGuardedDefers(tx)
			if guard == nil {
				continue
			}
			// defer func() { if err != nil { tx.Rollback() } }(): the
			// rollback runs only when the named result err is set, so
			// a `return nil` path that skipped Commit leaves it open.
			accept = func(ret *ast.ReturnStmt) bool {
				if ret == nil || idx >= len(ret.Results) {
					return false
				}
				id, ok := ast.Unparen(ret.Results[idx]).(*ast.Ident)
				return ok && id.Name == "nil" && fn.Extract.Info().Uses[id] == types.Universe.Lookup("nil")
			}
		}
		begin, ok := fn.graph.locate(tx.Begin.Call.Pos())
		if !ok {
			continue
		}
		ret, found := fn.leakPath(tx, begin, accept)
		if !found {
			continue
		}
		if body := fn.Extract.Body(); ret != nil && body != nil && ret.Return == body.Rbrace {
			ret = nil // the CFG's implicit return at the closing brace
		}
		out = append(out, Leak{Tx: tx, Return: ret, ReturnsError: fn.returnsError(ret), Fix: fn.rollbackFix(tx, fset)})
	}
	return out
}

// returnsError reports whether ret returns a non-nil error as the
// function's last result.
func (fn *Func) returnsError(ret *ast.ReturnStmt) bool {
	if ret == nil || len(ret.Results) == 0 {
		return false
	}
	info := fn.Extract.Info()
	sig := fn.signature()
	if sig == nil || sig.Results().Len() != len(ret.Results) || !types.Identical(sig.Results().At(len(ret.Results)-1).Type(), errorType) {
		return false
	}
	switch last := ast.Unparen(ret.Results[len(ret.Results)-1]).(type) {
	case *ast.CallExpr:
		return true // an error made or wrapped right there: fmt.Errorf(...)
	case *ast.Ident:
		// `return err` is an error return only where err was just found
		// not nil; on the main path it is nil when all went well.
		obj := info.Uses[last]
		return obj != nil && obj != types.Universe.Lookup("nil") &&
			fn.nonNilGuard(ret, func(v types.Object) bool { return v == obj }) != nil
	}
	return false
}

func (tx *Tx) closedByDefer() bool {
	for _, e := range tx.Closes {
		if e.Deferred {
			return true
		}
	}
	return false
}

// leakPath searches for a path from Begin to a function exit that passes
// no Commit or Rollback of tx.
func (fn *Func) leakPath(tx *Tx, begin point, accept func(*ast.ReturnStmt) bool) (*ast.ReturnStmt, bool) {
	stops := tx.stops()
	delete(stops, begin)
	blocks := fn.graph.cfg.Blocks
	b := blocks[begin.block]
	for i := begin.index + 1; int(i) < len(b.Nodes); i++ {
		if stops[point{b.Index, i}] {
			return nil, false
		}
	}
	succs := fn.afterErrCheck(tx, b)
	if ret, ok := fn.exit(b); ok && len(b.Succs) == 0 && accept(ret) {
		return ret, true
	}
	seen := map[*cfg.Block]bool{b: true}
	work := append([]*cfg.Block(nil), succs...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] || !b.Live {
			continue
		}
		seen[b] = true
		stopped := false
		for i := range b.Nodes {
			if stops[point{b.Index, int32(i)}] {
				stopped = true
				break
			}
		}
		if stopped {
			continue
		}
		if ret, ok := fn.exit(b); ok {
			if accept(ret) {
				return ret, true
			}
			continue
		}
		work = append(work, fn.joinedErrCheck(tx, b, fn.liveSuccs(tx, b))...)
	}
	return nil, false
}

// liveSuccs returns b's successors, dropping the branch of a `tx == nil`
// test: after a Begin that succeeded the transaction is never nil, so
// that branch cannot run.
func (fn *Func) liveSuccs(tx *Tx, b *cfg.Block) []*cfg.Block {
	if len(b.Nodes) == 0 || len(b.Succs) != 2 {
		return b.Succs
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok {
		return b.Succs
	}
	info := fn.Extract.Info()
	isTx := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == tx.Ref.Root
	}
	switch nilComparison(info, cond, isTx) {
	case token.EQL:
		return b.Succs[1:] // tx == nil is false
	case token.NEQ:
		return b.Succs[:1] // tx != nil is true
	}
	return b.Succs
}

// errGuardedDefers reports whether every deferred Commit or Rollback of
// tx runs only under `if err != nil`, where err is a named result of the
// function: then it returns err and its index among the results.
func (fn *Func) errGuardedDefers(tx *Tx) (types.Object, int) {
	results := fn.namedResults()
	var guard types.Object
	for _, e := range tx.Closes {
		if !e.Deferred {
			continue
		}
		g := fn.nonNilGuard(e.Call, func(v types.Object) bool { return slices.Contains(results, v) })
		if g == nil || guard != nil && g != guard {
			return nil, 0
		}
		guard = g
	}
	if guard == nil {
		return nil, 0
	}
	for i, r := range results {
		if r == guard {
			return guard, i
		}
	}
	return nil, 0
}

// namedResults lists the function's results, nil entries for unnamed ones.
func (fn *Func) namedResults() []types.Object {
	sig := fn.signature()
	if sig == nil {
		return nil
	}
	out := make([]types.Object, sig.Results().Len())
	for i := range out {
		if v := sig.Results().At(i); v.Name() != "" {
			out[i] = v
		}
	}
	return out
}

// signature is the type of the function, nil when unknown.
func (fn *Func) signature() *types.Signature {
	info := fn.Extract.Info()
	var t types.Type
	switch n := fn.Extract.Node.(type) {
	case *ast.FuncDecl:
		if obj := info.Defs[n.Name]; obj != nil {
			t = obj.Type()
		}
	case *ast.FuncLit:
		t = info.TypeOf(n)
	}
	sig, _ := t.(*types.Signature)
	return sig
}

// nonNilGuard returns the variable v of the innermost `if v != nil` (or
// `nil != v`) whose body holds n and for which want(v) holds, nil when
// there is none.
func (fn *Func) nonNilGuard(n ast.Node, want func(types.Object) bool) types.Object {
	body := fn.Extract.Body()
	if body == nil {
		return nil
	}
	info := fn.Extract.Info()
	var guard types.Object
	ast.PreorderStack(body, nil, func(m ast.Node, stack []ast.Node) bool {
		if m != n {
			return guard == nil
		}
		for i := len(stack) - 1; i >= 1 && guard == nil; i-- {
			ifs, ok := stack[i-1].(*ast.IfStmt)
			if !ok || stack[i] != ast.Node(ifs.Body) {
				continue
			}
			var v types.Object
			wanted := func(e ast.Expr) bool {
				id, ok := ast.Unparen(e).(*ast.Ident)
				if ok && info.Uses[id] != nil && want(info.Uses[id]) {
					v = info.Uses[id]
				}
				return v != nil
			}
			if nilComparison(info, ifs.Cond, wanted) == token.NEQ {
				guard = v
			}
		}
		return false
	})
	return guard
}

// nilComparison returns the operator of cond when it compares, with ==
// or !=, an operand that is accepts with nil, in either order;
// token.ILLEGAL otherwise.
func nilComparison(info *types.Info, cond ast.Expr, is func(ast.Expr) bool) token.Token {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.EQL && b.Op != token.NEQ {
		return token.ILLEGAL
	}
	isNil := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == types.Universe.Lookup("nil")
	}
	if is(b.X) && isNil(b.Y) || isNil(b.X) && is(b.Y) {
		return b.Op
	}
	return token.ILLEGAL
}

// exit reports whether b leaves the function: it returns, or falls off
// the end. A block that ends in a call that never returns (panic,
// log.Fatal) is not an exit: no code runs after it.
func (fn *Func) exit(b *cfg.Block) (*ast.ReturnStmt, bool) {
	if ret := b.Return(); ret != nil {
		return ret, true
	}
	if len(b.Succs) != 0 {
		return nil, false
	}
	if n := len(b.Nodes); n > 0 {
		if es, ok := b.Nodes[n-1].(*ast.ExprStmt); ok {
			if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && !fn.mayReturn(call) {
				return nil, false
			}
		}
	}
	return nil, true
}

// afterErrCheck returns the successors of Begin's block, dropping the
// branch where Begin failed: `tx, err := db.Begin(); if err != nil {...}`
// (or GORM's `if tx.Error != nil`), whose condition closes the same block.
func (fn *Func) afterErrCheck(tx *Tx, b *cfg.Block) []*cfg.Block {
	return fn.afterErrCheckOf(tx, b, fn.beginErr(tx))
}

// afterErrCheckOf is afterErrCheck for the error variable errObj.
func (fn *Func) afterErrCheckOf(tx *Tx, b *cfg.Block, errObj types.Object) []*cfg.Block {
	if len(b.Nodes) == 0 || len(b.Succs) != 2 {
		return b.Succs
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(*ast.BinaryExpr)
	if !ok {
		return b.Succs
	}
	isErr := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if id, ok := e.(*ast.Ident); ok && errObj != nil && fn.Extract.Info().ObjectOf(id) == errObj {
			return true
		}
		if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && fn.Extract.Info().ObjectOf(id) == tx.Ref.Root {
				return true
			}
		}
		return false
	}
	// `if err := tx.Error; err != nil`: the if's init statement is in the
	// same block, and err stands for tx.Error.
	if id, ok := ast.Unparen(cond.X).(*ast.Ident); ok {
		for _, n := range b.Nodes {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				continue
			}
			if lhs, ok := as.Lhs[0].(*ast.Ident); ok && isErr(as.Rhs[0]) && fn.Extract.Info().ObjectOf(lhs) == fn.Extract.Info().ObjectOf(id) {
				errObj = fn.Extract.Info().ObjectOf(id)
			}
		}
	}
	switch nilComparison(fn.Extract.Info(), cond, isErr) {
	case token.NEQ:
		return b.Succs[1:] // the else branch: Begin succeeded
	case token.EQL:
		return b.Succs[:1]
	}
	return b.Succs
}

// joinedErrCheck drops, after a block that calls a helper joining tx
// (TxEvent.Joins), the branch where that call failed: it begins nothing,
// so it cannot fail once tx is open.
func (fn *Func) joinedErrCheck(tx *Tx, b *cfg.Block, succs []*cfg.Block) []*cfg.Block {
	for _, j := range tx.Joins {
		p, ok := fn.graph.locate(j.Call.Pos())
		if !ok || p.block != b.Index {
			continue
		}
		errObj := fn.callErr(j.Call)
		if errObj == nil {
			continue
		}
		kept := fn.afterErrCheckOf(tx, b, errObj)
		if len(kept) < len(b.Succs) {
			var out []*cfg.Block
			for _, s := range succs {
				if slices.Contains(kept, s) {
					out = append(out, s)
				}
			}
			return out
		}
	}
	return succs
}

// callErr is the error variable assigned with the results of call.
func (fn *Func) callErr(call *ast.CallExpr) types.Object {
	var as *ast.AssignStmt
	ast.Inspect(fn.Extract.Body(), func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && len(a.Rhs) == 1 && ast.Unparen(a.Rhs[0]) == call {
			as = a
		}
		return as == nil
	})
	if as == nil || len(as.Lhs) < 2 {
		return nil
	}
	if id, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident); ok && id.Name != "_" {
		return fn.Extract.Info().ObjectOf(id)
	}
	return nil
}

// beginErr is the error variable assigned with the transaction.
func (fn *Func) beginErr(tx *Tx) types.Object {
	as := fn.beginAssign(tx)
	if as == nil || len(as.Lhs) < 2 {
		return nil
	}
	if id, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident); ok && id.Name != "_" {
		return fn.Extract.Info().ObjectOf(id)
	}
	return nil
}

// beginAssign is the statement `tx, err := db.Begin()`.
func (fn *Func) beginAssign(tx *Tx) *ast.AssignStmt {
	var found *ast.AssignStmt
	if fn.Extract.Body() == nil {
		return nil
	}
	ast.Inspect(fn.Extract.Body(), func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, r := range as.Rhs {
				if ast.Unparen(r) == tx.Begin.Call {
					found = as
				}
			}
		}
		return found == nil
	})
	return found
}

// escapes reports whether the transaction value leaves the function's
// hands: returned, stored, captured by a closure, or passed to a function
// that locklint has no fact for.
func (fn *Func) escapes(tx *Tx) bool { return fn.escapesVar(tx.Ref.Root) }

// escapesVar reports whether the value of variable obj leaves the
// function's hands, as escapes describes it.
func (fn *Func) escapesVar(obj types.Object) bool {
	return fn.escapesDepth(obj, 0)
}

// maxEscapeDepth bounds how many values holding the handle (a repository
// built on it, a copy of that) are followed.
const maxEscapeDepth = 4

func (fn *Func) escapesDepth(obj types.Object, depth int) bool {
	if depth > maxEscapeDepth {
		return true
	}
	if fn.Extract.Body() == nil {
		return false // a model without syntax (Build)
	}
	if n := fn.Extract.Node; n != nil && obj != nil && obj.Pos().IsValid() && (obj.Pos() < n.Pos() || obj.Pos() >= n.End()) {
		// A variable of an enclosing function (or of the package): a
		// closure that begins a transaction into it hands it to the
		// code around it, which ends it.
		return true
	}
	if slices.Contains(fn.namedResults(), obj) && fn.bareReturn() {
		return true // `return` hands the named result to the caller
	}
	info := fn.Extract.Info()
	known := map[*ast.CallExpr]*extract.Call{}
	for _, c := range fn.Extract.Calls {
		if c.Known {
			known[c.Expr] = c
		}
	}
	escaped := false
	ast.PreorderStack(fn.Extract.Body(), nil, func(n ast.Node, stack []ast.Node) bool {
		if escaped {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && !deferred(stack) {
			ast.Inspect(lit.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && info.Uses[id] == obj {
					escaped = true
				}
				return !escaped
			})
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != obj || len(stack) == 0 {
			return true
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.SelectorExpr, *ast.BinaryExpr:
			// tx.Method(...), tx == nil
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == ast.Expr(id) {
					return true // (re)definition
				}
			}
			escaped = true
		case *ast.CallExpr:
			c := known[p]
			if c == nil {
				escaped = true
			} else if keeps(c, id) {
				// NewRepo(tx): the transaction goes where the result goes.
				escaped = fn.resultEscapes(p, stack[:len(stack)-1], depth)
			}
		default:
			escaped = true
		}
		return true
	})
	return escaped
}

// keeps reports whether the callee of c keeps argument id in its result.
func keeps(c *extract.Call, id *ast.Ident) bool {
	for _, p := range c.Keeps {
		var a ast.Expr
		if p == -1 {
			if sel, ok := ast.Unparen(c.Expr.Fun).(*ast.SelectorExpr); ok {
				a = sel.X
			}
		} else if p < len(c.Expr.Args) {
			a = c.Expr.Args[p]
		}
		if a != nil && ast.Unparen(a) == ast.Expr(id) {
			return true
		}
	}
	return false
}

// resultEscapes reports whether the result of call (whose ancestors are
// stack) leaves the function: returned, stored, passed on, or assigned to
// a variable that escapes. A method called on it (NewRepo(tx).Lock(ctx))
// keeps it here.
func (fn *Func) resultEscapes(call *ast.CallExpr, stack []ast.Node, depth int) bool {
	if len(stack) == 0 {
		return true
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.ExprStmt:
		return false
	case *ast.SelectorExpr:
		// NewRepo(tx).WithTx(..)...: the chain's own call decides.
		if len(stack) >= 2 {
			if outer, ok := stack[len(stack)-2].(*ast.CallExpr); ok && outer.Fun == ast.Expr(p) {
				if c := fn.knownCall(outer); c != nil && c.Keeps != nil && containsInt(c.Keeps, -1) {
					return fn.resultEscapes(outer, stack[:len(stack)-2], depth)
				}
				return false
			}
		}
		return false
	case *ast.AssignStmt:
		if len(p.Lhs) != len(p.Rhs) {
			if len(p.Rhs) != 1 {
				return true
			}
		}
		for i, r := range p.Rhs {
			if ast.Unparen(r) != ast.Expr(call) || i >= len(p.Lhs) {
				continue
			}
			id, ok := p.Lhs[i].(*ast.Ident)
			if !ok {
				return true // stored in a field or element
			}
			obj := fn.Extract.Info().ObjectOf(id)
			if obj == nil {
				return true
			}
			if id.Name == "_" {
				return false
			}
			return fn.escapesDepth(obj, depth+1)
		}
		if len(p.Rhs) == 1 && ast.Unparen(p.Rhs[0]) == ast.Expr(call) {
			if id, ok := p.Lhs[0].(*ast.Ident); ok {
				if obj := fn.Extract.Info().ObjectOf(id); obj != nil {
					return fn.escapesDepth(obj, depth+1)
				}
			}
		}
		return true
	}
	return true
}

func (fn *Func) knownCall(e *ast.CallExpr) *extract.Call {
	for _, c := range fn.Extract.Calls {
		if c.Expr == e && c.Known {
			return c
		}
	}
	return nil
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func deferred(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if _, ok := stack[i].(*ast.DeferStmt); ok {
			return true
		}
	}
	return false
}

// rollbackFix inserts `defer tx.Rollback()` after Begin, or after the
// error check that follows it: on its own line before the next statement,
// so that trailing comments stay where they are.
func (fn *Func) rollbackFix(tx *Tx, fset *token.FileSet) *analysis.SuggestedFix {
	as := fn.beginAssign(tx)
	if as == nil || tx.Begin.Helper != "" {
		return nil // ended by the helper's package, not by a method
	}
	indent := strings.Repeat("\t", max(fset.Position(as.Pos()).Column-1, 0))
	stmt := fmt.Sprintf("defer %s.Rollback()", tx.Ref.Root.Name())
	var edit *analysis.TextEdit
	ast.Inspect(fn.Extract.Body(), func(n ast.Node) bool {
		block, ok := n.(*ast.BlockStmt)
		if !ok || edit != nil {
			return edit == nil
		}
		for i, st := range block.List {
			if st != ast.Stmt(as) {
				continue
			}
			next := i + 1
			if next < len(block.List) {
				if ifs, ok := block.List[next].(*ast.IfStmt); ok && fn.isErrCheck(tx, ifs.Cond) {
					next++
				}
			}
			if next < len(block.List) {
				p := block.List[next].Pos()
				edit = &analysis.TextEdit{Pos: p, End: p, NewText: []byte(stmt + "\n" + indent)}
			} else {
				e := block.List[next-1].End()
				edit = &analysis.TextEdit{Pos: e, End: e, NewText: []byte("\n" + indent + stmt)}
			}
		}
		return edit == nil
	})
	if edit == nil {
		return nil
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Add %s (a no-op after Commit)", stmt),
		TextEdits: []analysis.TextEdit{*edit},
	}
}

func (fn *Func) isErrCheck(tx *Tx, cond ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return false
	}
	info := fn.Extract.Info()
	errObj := fn.beginErr(tx)
	for _, e := range []ast.Expr{b.X, b.Y} {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			if errObj != nil && info.ObjectOf(e) == errObj {
				return true
			}
		case *ast.SelectorExpr:
			if id, ok := ast.Unparen(e.X).(*ast.Ident); ok && e.Sel.Name == "Error" && info.ObjectOf(id) == tx.Ref.Root {
				return true
			}
		}
	}
	return false
}

// bareReturn reports whether the function has a return without results,
// which returns its named results as they are.
func (fn *Func) bareReturn() bool {
	found := false
	ast.Inspect(fn.Extract.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = found || len(n.Results) == 0
		}
		return !found
	})
	return found
}
