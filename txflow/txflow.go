package txflow

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
)

// Stmt is one statement sent to the server, placed in its transaction.
type Stmt struct {
	Site *extract.Site
	// Tx is the transaction the statement runs in, nil when it runs on a
	// pool or connection in autocommit mode, or on an unknown handle.
	Tx *Tx
	// Open lists the transactions of this function that are open when the
	// statement runs (for a statement on another handle than theirs). A
	// callback's transaction is open in the whole callback body.
	Open []*Tx

	at point
}

// SQL is the statement's summary, nil when unknown.
func (s *Stmt) SQL() *sqltext.Summary { return s.Site.SQL }

// Pos is where findings about the statement go: the call that executes it.
func (s *Stmt) Pos() token.Pos { return s.Site.Pos }

// PassesTxVar reports whether the statement runs in a function called
// with the variable holding tx itself: it runs on whatever that variable
// holds, the transaction when it was begun, never on another connection
// while tx is open (c.Fetch(tx) after `if lock { tx, err = db.Begin() }
// else { tx = fakeTx{db} }`).
func (s *Stmt) PassesTxVar(tx *Tx) bool {
	if s.Site.Via == nil || !tx.Ref.Valid() || tx.Ref.Path != "" || tx.fn == nil {
		return false
	}
	info := tx.fn.Extract.Info()
	for _, a := range s.Site.Call.Args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == tx.Ref.Root {
			return true
		}
	}
	return false
}

// Tx is one transaction as one function sees it.
type Tx struct {
	// Begin is the call that began it, nil when the function received the
	// transaction from its caller.
	Begin *extract.TxEvent
	// Ref is the variable holding the transaction.
	Ref extract.Ref
	// Isolation is the level requested at Begin; IsolationUnknown means
	// the server's default.
	Isolation sqltext.Isolation
	// Stmts are the statements run in the transaction, in source order.
	Stmts []*Stmt
	// Closes are the Commit and Rollback calls, deferred ones included.
	Closes []*extract.TxEvent
	// Joins are the calls of helpers that join the transaction, begun
	// by an earlier call of theirs (extract.TxEvent.Joins).
	Joins []*extract.TxEvent
	// CallerBegins are, for a transaction the function receives, the
	// Begin calls of the callers' transactions that hand it over, when
	// the package shows every caller.
	CallerBegins []token.Pos

	fn *Func
}

// Func is the function the transaction was found in.
func (tx *Tx) Func() *Func { return tx.fn }

// InCallback reports whether the transaction is a callback parameter:
// begun and ended by the function it was passed to.
func (tx *Tx) InCallback() bool { return tx.Begin != nil && tx.Begin.Callback }

// OpenBetween reports whether some path leads from statement s to pos
// with the transaction still open.
func (tx *Tx) OpenBetween(s *Stmt, pos token.Pos) bool {
	p, ok := tx.fn.graph.locate(pos)
	return ok && !tx.endedByCallee(s) && tx.fn.graph.reaches(s.at, p, tx.stops())
}

// endedByCallee reports whether s is a callee's statement and the same
// call commits or rolls back tx: the helper that runs it ends the
// transaction before it returns (createAndCommit(s) { s.Exec(...);
// return s.Commit() }), so nothing after the call is in it.
func (tx *Tx) endedByCallee(s *Stmt) bool {
	if s.Site.Via == nil {
		return false
	}
	for _, e := range tx.Closes {
		if !e.Deferred && e.Call == s.Site.Call {
			return true
		}
	}
	return false
}

// BeginPos is the position of the Begin call, or token.NoPos.
func (tx *Tx) BeginPos() token.Pos {
	if tx.Begin == nil {
		return token.NoPos
	}
	return tx.Begin.Call.Pos()
}

// MayPrecede reports whether b can run after a in this transaction: some
// path leads from a to b without committing or rolling back in between.
// A statement in a loop may precede itself.
func (tx *Tx) MayPrecede(a, b *Stmt) bool {
	if a == b && a.Site.Loop != nil && (a.Site.Loop.InCallee || a.Site.Loop.Runner) {
		return true // the callee's loop, or the helper's, runs it again
	}
	if tx.fn.exclusive(a.Site.Pos, b.Site.Pos) || tx.endedByCallee(a) && b.Site.Call != a.Site.Call {
		return false
	}
	return tx.fn.graph.reaches(a.at, b.at, tx.stops())
}

// stops are the points where the transaction ends (non-deferred Commit and
// Rollback) or starts again (Begin).
func (tx *Tx) stops() map[point]bool {
	stops := map[point]bool{}
	for _, e := range tx.Closes {
		if !e.Deferred {
			if p, ok := tx.fn.graph.locate(e.Call.Pos()); ok {
				stops[p] = true
			}
		}
	}
	if tx.Begin != nil {
		if p, ok := tx.fn.graph.locate(tx.Begin.Call.Pos()); ok {
			stops[p] = true
		}
	}
	return stops
}

// Func is the transaction flow of one function.
type Func struct {
	Extract *extract.Func
	Stmts   []*Stmt
	Txs     []*Tx

	graph     *graph
	mayReturn func(*ast.CallExpr) bool
	// fixed are the branches whose arms never both run in one call.
	fixed []exclusiveArms
}

// Analyze places each statement of f in its transaction. mayReturn tells
// which calls return (not panic, os.Exit, log.Fatal), as cfg.New wants it.
func Analyze(f *extract.Func, mayReturn func(*ast.CallExpr) bool) *Func {
	fn := Build(f, cfg.New(f.Body(), mayReturn))
	fn.mayReturn = mayReturn
	return fn
}

// Build places each statement of f in its transaction on g, f's
// control-flow graph, whose nodes span the positions of f's sites, events
// and blocking calls. Analyze builds g from f's body. A model of a
// function written by hand, with no Go syntax (the rules' unit tests),
// gives its own graph: then every call returns, nothing the function
// holds escapes it, and no fix is suggested, for there is no code to
// look into or edit.
func Build(f *extract.Func, g *cfg.CFG) *Func {
	fn := &Func{Extract: f, graph: newGraph(g), mayReturn: func(*ast.CallExpr) bool { return true }}
	fn.fixed = fixedBranches(f.Body(), f.Info())
	byRef := map[extract.Ref]*Tx{}
	txFor := func(ref extract.Ref) *Tx {
		if tx, ok := byRef[ref]; ok && ref.Valid() {
			return tx
		}
		tx := &Tx{Ref: ref, fn: fn}
		if ref.Valid() {
			byRef[ref] = tx
		}
		fn.Txs = append(fn.Txs, tx)
		return tx
	}
	for _, e := range f.Events {
		switch e.Kind {
		case extract.TxBegin:
			if !e.Tx.Valid() {
				continue
			}
			tx := txFor(e.Tx)
			if e.Joins {
				tx.Joins = append(tx.Joins, e)
				continue
			}
			if tx.Begin == nil {
				tx.Begin = e
				tx.Isolation = e.Isolation
			}
		default:
			if e.Tx.Valid() {
				tx := txFor(e.Tx)
				tx.Closes = append(tx.Closes, e)
			}
		}
	}
	for _, site := range withLockingSubqueries(f.Sites) {
		s := &Stmt{Site: site}
		s.at, _ = fn.graph.locate(site.Pos)
		if site.Handle.Kind == extract.HandleTx || site.Handle.Kind == extract.HandleUnknown && begun(byRef, site.Handle.Ref) {
			// A value the function began, or received as a
			// transaction callback's parameter, is a transaction
			// whatever its static type (a project's own Tx interface).
			s.Tx = txFor(site.Handle.Ref)
			s.Tx.Stmts = append(s.Tx.Stmts, s)
		}
		fn.Stmts = append(fn.Stmts, s)
	}
	for _, s := range fn.Stmts {
		if f.RunsBeside(s.Site) {
			// A goroutine's statement runs whenever the goroutine
			// gets to it, not inside what is open at the go statement.
			continue
		}
		for _, tx := range fn.Txs {
			if tx != s.Tx && tx.Begin != nil && (tx.Begin.Callback || fn.openAt(tx, s.at)) && !fn.closedEarlierInDefer(tx, s) {
				s.Open = append(s.Open, tx)
			}
		}
	}
	return fn
}

// closedEarlierInDefer reports whether s runs in a deferred closure after
// that same closure committed or rolled back tx: `defer func() {
// tx.Rollback(); db.Exec(...) }()` runs the statement once tx has ended.
func (fn *Func) closedEarlierInDefer(tx *Tx, s *Stmt) bool {
	d, ok := fn.node(s.at).(*ast.DeferStmt)
	if !ok {
		return false
	}
	for _, e := range tx.Closes {
		if e.Deferred && e.Call.Pos() >= d.Pos() && e.Call.End() <= d.End() && e.Call.End() <= s.Site.Pos {
			return true
		}
	}
	return false
}

// MayHoldLocksElsewhere reports whether the transaction is handed to code
// locklint cannot see (a function without a fact, a closure that is not
// deferred), which may write through it.
func (tx *Tx) MayHoldLocksElsewhere() bool {
	return tx.Ref.Valid() && tx.Ref.Path == "" && tx.fn.escapesVar(tx.Ref.Root)
}

// begun reports whether ref names a transaction begun in the function.
func begun(byRef map[extract.Ref]*Tx, ref extract.Ref) bool {
	tx, ok := byRef[ref]
	return ok && ref.Valid() && tx.Begin != nil
}

// openAt reports whether tx, begun in this function, may be open at p.
func (fn *Func) openAt(tx *Tx, p point) bool {
	b, ok := fn.graph.locate(tx.Begin.Call.Pos())
	if !ok {
		return false
	}
	stops := tx.stops()
	delete(stops, b)
	// `if tx != nil { tx.Commit() }` ends it: on the other branch the
	// transaction was never begun.
	return fn.graph.reachesVia(b, p, stops, func(blk *cfg.Block) []*cfg.Block { return fn.liveSuccs(tx, blk) })
}

// MayPrecede reports whether b can run after a in this function, on any
// handle: some path leads from a to b. A statement in a loop may precede
// itself.
func (fn *Func) MayPrecede(a, b *Stmt) bool {
	if fn.exclusive(a.Site.Pos, b.Site.Pos) {
		return false
	}
	return fn.graph.reaches(a.at, b.at, nil)
}

// ReachesPos reports whether the code at pos can run after statement a.
func (fn *Func) ReachesPos(a *Stmt, pos token.Pos) bool {
	p, ok := fn.graph.locate(pos)
	return ok && fn.graph.reaches(a.at, p, nil)
}

// InLoop reports whether the statement can run more than once per call of
// the function.
func (fn *Func) InLoop(s *Stmt) bool {
	return fn.graph.reaches(s.at, s.at, nil)
}

// withLockingSubqueries is sites with, before each statement that has
// subqueries with a lock clause of their own, one site per such
// subquery: `WHERE pos > (SELECT COALESCE((SELECT v FROM t WHERE k = ?
// FOR UPDATE), 0))` locks t's row (or gap) as the locking read it is,
// before the outer statement reads. The subquery's site is the
// statement's call with the subquery's summary; it fills no Go values.
func withLockingSubqueries(sites []*extract.Site) []*extract.Site {
	var out []*extract.Site
	for _, site := range sites {
		if site.SQL != nil {
			for _, sub := range site.SQL.LockingSubqueries {
				c := *site
				c.SQL, c.Dest, c.Alts = sub, nil, nil
				out = append(out, &c)
			}
		}
		out = append(out, site)
	}
	if len(out) == len(sites) {
		return sites
	}
	return out
}
