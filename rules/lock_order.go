package rules

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/locklint/locklint/txflow"
)

// LockOrder finds code paths that lock the same tables in opposite order:
// one transaction locks rows of A and then of B, another locks B and then
// A. Run at once, each holds what the other waits for; InnoDB rolls one
// back with a deadlock, error 1213, at every isolation level (ground truth:
// experiment 8, and 12d for shared locks followed by exclusive ones).
//
// Edges "holds locks on A, then locks B" are collected from every
// transaction of the package, through helpers (their facts), and from the
// packages it imports (a package fact carries theirs). Only first
// acquisitions make edges (see the lock set, lockset.go): a statement on
// rows the transaction already holds waits for nothing. An edge carries
// both lock modes, and a cycle counts only where each wait is a conflict:
// a shared lock blocks an exclusive one and the other way round, two
// shared locks do not block each other. So two paths that take LOCK IN
// SHARE MODE on A and then write B, and the reverse, deadlock.
//
// A wait on a row that both transactions lock under the same guard is no
// part of a cycle: when each locked the row's guard (a row of another
// table, locked exclusively before it by the same value its key is
// compared with, like a file's node row before its symlink row), the one
// holding the row holds the guard too, and the other, asking for the row,
// got the guard first: both cannot hold it. So an edge end carries its
// guards, and a path through a table stops where the holder and the
// waiter share one.
//
// Each cycle is reported once, at the acquisition that closes it: the
// edge seen last, in an importing package or later in the file, with the
// other paths' acquisitions as related information. Two code paths that
// lock the same two tables in opposite orders make one cycle, and each
// such pair is one: the acquisition that closes cycles with several
// paths seen before it names them all, in one finding. A path that
// repeats an order already seen is not blamed for it: a path of this
// package that it pairs with and that was reported itself (the one that
// broke the order) names it as one more; no new finding is made for it.
// An imported path was paired in its package. A function takes part once
// per pair of tables and modes: its first statements to lock them stand
// for it. Longer cycles, through three paths or more, are reported only
// where no pair closes one, and only at an order not seen before. A
// function is not paired with itself: two concurrent calls of one
// function that lock two rows in argument order are nested-lock's
// finding.
var LockOrder = &Rule{
	ID:      "lock-order",
	Summary: "two code paths lock the same tables in opposite order: deadlock",
	Package: lockOrder,
}

// LockEdge is "a transaction holds locks on From, then locks To", as
// exported to importing packages. The modes are exclusive unless marked
// shared.
type LockEdge struct {
	From, To             string
	FromShared, ToShared bool
	At                   string // file.go:line of the second lock
	Func                 string
	// FromGuards and ToGuards are the guards of the two locks (see
	// acquisition.guards), joined by ";", empty for none.
	FromGuards, ToGuards string
	// FromRange lists the foreign keys (fkLabel, joined by "|") whose
	// range of children the first lock holds, gap included (childRange).
	// ToInsert is set on the edge of an INSERT into a child table, from
	// the shared lock on the parent row to the insert, to the foreign key
	// checked: the insert waits only for a holder of that key's range
	// (fk_order.go).
	FromRange, ToInsert string
}

// LockOrderFact carries the lock-order edges of a package and of all the
// packages it imports.
type LockOrderFact struct {
	Edges []LockEdge
}

// AFact marks LockOrderFact as an analysis.Fact.
func (*LockOrderFact) AFact() {}

func (f *LockOrderFact) String() string { return fmt.Sprintf("%d lock-order edges", len(f.Edges)) }

// maxEdges bounds the edges a package fact carries.
const maxEdges = 512

// localEdge is an edge found in this package, with positions.
type localEdge struct {
	LockEdge
	first, second token.Pos
}

// edgesOf returns the edges of the package's transactions. A Context
// serves one package, whose functions do not change, so they are computed
// once.
func edgesOf(c *Context, funcs []*txflow.Func) []localEdge {
	if c.local != nil {
		return *c.local
	}
	var out []localEdge
	for _, f := range funcs {
		for _, tx := range f.Txs {
			if unseenLocks(tx) {
				continue // the order its locks are taken in is not known
			}
			accs, own, lf := lockSetFacts(c, tx)
			out = append(out, txEdges(c, f.Extract.Name(), accs, tx.MayPrecede)...)
			out = append(out, fkInsertEdges(c, f.Extract.Name(), tx, accs, own, lf)...)
		}
	}
	// A total order: edges that end at one statement come from several
	// earlier locks, and which one a finding names must not change from
	// run to run. Positions are compared by file name and offset, not
	// as token.Pos: a driver that parses a package's files in parallel
	// (go/packages) gives them bases in no fixed order, and go vet's
	// driver, file by file, would otherwise name another path.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if d := c.comparePos(a.second, b.second); d != 0 {
			return d < 0
		}
		if d := c.comparePos(a.first, b.first); d != 0 {
			return d < 0
		}
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		return a.ToInsert < b.ToInsert
	})
	c.local = &out
	return out
}

// txEdges makes the edges of one transaction from its first acquisitions.
func txEdges(c *Context, fn string, accs []*acquisition, precede func(a, b *txflow.Stmt) bool) []localEdge {
	var out []localEdge
	for _, a := range accs {
		if !a.first() {
			continue
		}
		for _, b := range accs {
			if a == b || !b.first() || a.table == b.table || !precede(a.stmt, b.stmt) {
				continue
			}
			at := ""
			if c.Fset != nil {
				p := c.Fset.Position(b.stmt.Pos())
				at = fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
			}
			out = append(out, localEdge{
				LockEdge: LockEdge{From: a.table, To: b.table, FromShared: a.mode == lockShared, ToShared: b.mode == lockShared, At: at, Func: fn,
					FromGuards: strings.Join(a.guards, ";"), ToGuards: strings.Join(b.guards, ";"), FromRange: childRange(c, a)},
				first: a.stmt.Pos(), second: b.stmt.Pos(),
			})
		}
	}
	return out
}

// LockEdges returns the package's edges merged with the imported ones,
// sorted and bounded, for its package fact.
func LockEdges(c *Context, funcs []*txflow.Func) []LockEdge {
	all := append([]LockEdge(nil), c.Edges...)
	for _, e := range edgesOf(c, funcs) {
		all = append(all, e.LockEdge)
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		if a.At != b.At {
			return a.At < b.At
		}
		if a.Func != b.Func {
			return a.Func < b.Func
		}
		if a.FromGuards != b.FromGuards {
			return a.FromGuards < b.FromGuards
		}
		if a.ToGuards != b.ToGuards {
			return a.ToGuards < b.ToGuards
		}
		if a.FromRange != b.FromRange {
			return a.FromRange < b.FromRange
		}
		return a.ToInsert < b.ToInsert
	})
	out := all[:0]
	for i, e := range all {
		if i > 0 && e == all[i-1] {
			continue
		}
		out = append(out, e)
	}
	if len(out) > maxEdges {
		out = out[:maxEdges]
	}
	return out
}

func lockOrder(c *Context, funcs []*txflow.Func) []Finding {
	return lockCycles(c.Edges, edgesOf(c, funcs))
}

// lockCycles reports each local edge that closes a cycle with the edges
// seen before it: the imported ones, then the local ones in order.
func lockCycles(imported []LockEdge, local []localEdge) []Finding {
	g := tableGraph{}
	for _, e := range imported {
		g.add(e, nil)
	}
	// A cycle found: the local edge that closed it and the other paths'
	// first witnesses.
	type cycle = lockCycle
	var cycles []*cycle
	closed := map[*localEdge]*cycle{}
	// seen holds the orders of each function already taken: a
	// function's later statements on the same tables repeat its path.
	type order struct {
		fn, from, to, insert string
		fromShared, toShared bool
	}
	seen := map[order]bool{}
	for i := range local {
		e := &local[i]
		k := order{e.Func, e.From, e.To, e.ToInsert, e.FromShared, e.ToShared}
		if seen[k] {
			continue
		}
		seen[k] = true
		repeat := g.has(e.LockEdge)
		// A repeated order whose lock also holds a range of children that
		// no earlier path of the order held can still close a cycle with
		// an insert of such a child: that pair is its own.
		fkNew := repeat && !g.hasRange(e.LockEdge)
		pairs := g.opposite(e.LockEdge)
		if repeat {
			// An order already seen was paired, where it closed, with
			// the paths of the other order seen before it. A path of
			// this package of the other order that closed a cycle
			// itself is given this path as one more: the same deadlock
			// with one more partner, in its finding. No finding is made
			// here, where the code follows an order already seen: a
			// second report of the same two tables' orders would add
			// the pairs whose deadlock depends on data more often than
			// it names a new one. Imported paths were paired in their
			// package.
			for _, w := range pairs {
				if w.local != nil && closed[w.local] != nil && closed[w.local].viaFK() == (e.ToInsert != "" || w.edge.ToInsert != "") {
					c := closed[w.local]
					c.backs = append(c.backs, witness{e.LockEdge, e})
				}
			}
			// A path that takes the order of a reported one, against a
			// partner of that finding, is named in it: the finding's
			// fix is its fix, and its own site would go unnamed.
			if e.ToInsert == "" {
				for _, c := range cycles {
					if c.chain == nil && !c.viaFK() && c.at.Func != e.Func && c.at.From == e.From && c.at.To == e.To && sharePartner(c.backs, pairs) {
						c.same = append(c.same, e)
					}
				}
			}
			if fkNew {
				pairs = slices.DeleteFunc(pairs, func(w witness) bool {
					return w.edge.ToInsert == "" || w.local != nil && closed[w.local] != nil
				})
			} else {
				pairs = nil
			}
		}
		switch {
		case len(pairs) > 0:
			// A pair through a foreign key is reported only where no
			// other pair closes at this acquisition: one finding, one
			// kind of cycle.
			if plain := slices.DeleteFunc(slices.Clone(pairs), func(w witness) bool { return e.ToInsert != "" || w.edge.ToInsert != "" }); len(plain) > 0 {
				pairs = plain
			}
			c := &cycle{at: e, backs: pairs}
			cycles = append(cycles, c)
			closed[e] = c
		case !repeat:
			// Is there a longer path back from e.To to e.From among
			// the edges seen before this one, through other functions,
			// where every wait is a conflict? (A repeated order closes
			// none that was not reported when it closed, at the path
			// that broke the order.)
			if chain, ok := g.path(e.LockEdge); ok {
				c := &cycle{at: e, chain: chain}
				cycles = append(cycles, c)
				closed[e] = c
			}
		}
		g.add(e.LockEdge, e)
	}
	var out []Finding
	for _, c := range cycles {
		if c.chain != nil {
			out = append(out, cycleFinding(c.at, c.chain, true, nil))
			continue
		}
		out = append(out, cycleFinding(c.at, c.backs, false, c.same))
	}
	return out
}

// lockCycle is a cycle found: the local edge that closed it and the other
// paths' first witnesses.
type lockCycle struct {
	at    *localEdge
	backs []witness
	// chain, for a cycle through three paths or more, is the longer
	// path back, in order: its first witness leaves the table this one
	// locks second.
	chain []witness
	// same are the later paths of this package that take at's order
	// against one of its partners.
	same []*localEdge
}

// sharePartner reports whether two lists of partner paths have one in
// common.
func sharePartner(a, b []witness) bool {
	for _, x := range a {
		for _, y := range b {
			if x.edge == y.edge {
				return true
			}
		}
	}
	return false
}

// viaFK reports whether the cycle runs through a foreign key: one of its
// two paths is an INSERT waiting for the other's range of children.
func (c *lockCycle) viaFK() bool {
	return c.at.ToInsert != "" || len(c.backs) > 0 && c.backs[0].edge.ToInsert != ""
}

// cycleFinding reports the local edge e closing cycles with other paths:
// one finding, which names every other path and gives their acquisitions
// as related information. With chain false, each of ws closes a cycle
// with e alone (two paths that take the two tables in opposite orders);
// with chain true, ws is one longer cycle, in order, each path holding
// what the next one waits for, and the message names every step, since
// no two of them deadlock alone. same are the other paths of this
// package that take e's order against one of those paths: named, with
// their locks as related information, since the fix is theirs too.
func cycleFinding(e *localEdge, ws []witness, chain bool, same []*localEdge) Finding {
	held := "locks"
	if e.FromShared {
		held = "shared locks"
	}
	var while, when string
	if chain {
		var steps []string
		for _, w := range ws {
			steps = append(steps, fmt.Sprintf("%s (%s) locks %s after %s", w.edge.Func, w.edge.At, w.edge.To, w.edge.From))
		}
		count := fmt.Sprint(len(ws) + 1)
		if len(ws)+1 < len(numberWords) {
			count = numberWords[len(ws)+1]
		}
		while = strings.Join(steps, ", and ")
		when = "these " + count + " run at once, each holds the rows the next one waits for, around the cycle,"
	} else {
		var names []string
		for _, w := range ws {
			names = append(names, fmt.Sprintf("%s (%s)", w.edge.Func, w.edge.At))
		}
		verb, both := "locks", "both"
		who := names[0]
		if len(names) > 1 {
			verb, both = "lock", "this one and one of them"
			who = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
		}
		if e.ToInsert != "" || ws[0].edge.ToInsert != "" {
			return fkCycleFinding(e, ws, names)
		}
		while = fmt.Sprintf("%s %s %s after %s", who, verb, ws[0].edge.To, ws[0].edge.From)
		when = both + " run at once each holds the rows the other waits for,"
	}
	also := ""
	if len(same) > 0 {
		var names []string
		for _, o := range same {
			names = append(names, fmt.Sprintf("%s (%s)", o.Func, o.At))
		}
		verb := "does"
		if len(same) > 1 {
			verb = "do"
		}
		also = " (as " + strings.Join(names, " and ") + " also " + verb + ")"
	}
	fd := Finding{
		Pos: e.second,
		Message: fmt.Sprintf("this transaction locks %s after holding %s on %s%s, while %s: when %s and InnoDB rolls one back with a deadlock (error 1213) at any isolation level. Fix: lock tables in one global order everywhere (for example always %s before %s)",
			e.To, held, e.From, also, while, when, min(e.From, e.To), max(e.From, e.To)),
		Related: []Related{{Pos: e.first, Message: "locks on " + e.From + " are taken here first"}},
	}
	var paths []*localEdge
	for _, w := range ws {
		if w.local != nil {
			paths = append(paths, w.local)
		}
	}
	for _, o := range append(paths, same...) {
		fd.Related = append(fd.Related,
			Related{Pos: o.first, Message: fmt.Sprintf("%s locks %s here", o.Func, o.From)},
			Related{Pos: o.second, Message: fmt.Sprintf("%s locks %s after %s here", o.Func, o.To, o.From)})
	}
	return fd
}

var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six"}

// conflicts reports whether a lock held in one mode blocks a request in
// the other: only two shared locks are compatible.
func conflicts(heldShared, wantShared bool) bool { return !heldShared || !wantShared }

// tableGraph holds witness edges per ordered pair of tables, one per
// function and a bounded number per pair and mode combination: cycles are
// about tables, and the bound keeps the search linear in the number of
// tables however many code paths repeat an order.
type tableGraph map[string][]witness

type witness struct {
	edge  LockEdge
	local *localEdge // nil for an imported edge
}

// maxWitnesses bounds the witnesses kept per pair of tables and modes:
// the paths of one order that a path of the other order is paired with.
const maxWitnesses = 8

func (g tableGraph) add(e LockEdge, local *localEdge) {
	n := 0
	for _, w := range g[e.From] {
		if w.edge.To == e.To && w.edge.FromShared == e.FromShared && w.edge.ToShared == e.ToShared &&
			w.edge.FromGuards == e.FromGuards && w.edge.ToGuards == e.ToGuards &&
			w.edge.FromRange == e.FromRange && w.edge.ToInsert == e.ToInsert {
			if w.edge.Func == e.Func {
				return
			}
			n++
		}
	}
	if n < maxWitnesses {
		g[e.From] = append(g[e.From], witness{e, local})
	}
}

// opposite returns the witnesses of other functions that lock e's two
// tables the other way round, where each wait is a conflict and no guard
// is shared: each makes a cycle of two paths with e. One per function.
func (g tableGraph) opposite(e LockEdge) []witness {
	var out []witness
	for _, w := range g[e.To] {
		if w.edge.To != e.From || w.edge.Func == e.Func ||
			!conflicts(w.edge.FromShared, e.ToShared) || shareGuard(w.edge.FromGuards, e.ToGuards) ||
			!conflicts(e.FromShared, w.edge.ToShared) || shareGuard(e.FromGuards, w.edge.ToGuards) || shareWhole(e.ToGuards, w.edge.ToGuards) ||
			!insertWaits(w.edge.FromRange, e.ToInsert) || !insertWaits(e.FromRange, w.edge.ToInsert) {
			continue
		}
		if slices.ContainsFunc(out, func(o witness) bool { return o.edge.Func == w.edge.Func }) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// has reports whether an edge of the same tables was seen whose locks are
// at least as strong on both ends (an insert's wait is weaker than any
// other): every cycle this one could close, that one closed first, except
// those through a range of children only this one holds (hasRange). Guards are not compared: a path that repeats an order
// already seen is not reported again even where the earlier one was
// guarded and it is not (a miss, rather than a second report of one
// order).
func (g tableGraph) has(e LockEdge) bool {
	for _, w := range g[e.From] {
		if w.edge.To == e.To && (!w.edge.FromShared || e.FromShared) && (!w.edge.ToShared || e.ToShared) &&
			(w.edge.ToInsert == "" || w.edge.ToInsert == e.ToInsert) {
			return true
		}
	}
	return false
}

// hasRange is has for the foreign-key ranges too: an edge seen whose
// first lock holds every range of children e's does.
func (g tableGraph) hasRange(e LockEdge) bool {
	for _, w := range g[e.From] {
		if w.edge.To == e.To && (!w.edge.FromShared || e.FromShared) && (!w.edge.ToShared || e.ToShared) &&
			(w.edge.ToInsert == "" || w.edge.ToInsert == e.ToInsert) && rangesCover(w.edge.FromRange, e.FromRange) {
			return true
		}
	}
	return false
}

// path searches, breadth first, for edges of other functions leading
// from e.To back to e.From where every wait is a conflict, and returns
// them in order: the other code paths of the cycle, one per edge.
func (g tableGraph) path(e LockEdge) ([]witness, bool) {
	type state struct {
		table string
		// shared is the mode in which the path's last transaction
		// requests table: whoever holds it there must conflict.
		shared bool
		// guards are the guards of that request: whoever holds the
		// row under one of them cannot be waited for there.
		guards string
		// insert is the foreign key of an insert's request: only a
		// holder of that key's range is waited for.
		insert string
	}
	type item struct {
		state
		// via is the path so far, first witness first.
		via []witness
		// held are the guards of every transaction on the path, each
		// as it waits: two that both hold every row of one table cannot
		// both be there (shareWhole), adjacent or not.
		held string
	}
	var work []item
	seen := map[state]bool{}
	step := func(from state, via []witness, held string) {
		for _, w := range g[from.table] {
			if w.edge.Func == e.Func || !conflicts(w.edge.FromShared, from.shared) || shareGuard(w.edge.FromGuards, from.guards) || shareWhole(w.edge.ToGuards, held) ||
				w.edge.ToInsert != "" || !insertWaits(w.edge.FromRange, from.insert) {
				continue
			}
			next := append(append([]witness(nil), via...), w)
			work = append(work, item{state{w.edge.To, w.edge.ToShared, w.edge.ToGuards, w.edge.ToInsert}, next, held + ";" + w.edge.ToGuards})
		}
	}
	if e.ToInsert != "" {
		// Cycles through a foreign key are paired (opposite) only: a
		// longer one's message would not say what it needs.
		return nil, false
	}
	step(state{e.To, e.ToShared, e.ToGuards, e.ToInsert}, nil, e.ToGuards)
	for len(work) > 0 {
		it := work[0]
		work = work[1:]
		if it.table == e.From {
			if conflicts(e.FromShared, it.shared) && !shareGuard(e.FromGuards, it.guards) && insertWaits(e.FromRange, it.insert) {
				return it.via, true
			}
			continue
		}
		if seen[it.state] {
			continue
		}
		seen[it.state] = true
		step(it.state, it.via, it.held)
	}
	return nil, false
}

// unseenLocks reports whether the transaction runs a statement that may
// lock rows its text does not show (a DAL call given a locking clause
// locklint cannot read): which table it locks first is then unknown.
func unseenLocks(tx *txflow.Tx) bool {
	for _, st := range tx.Stmts {
		if st.Site.MayLockUnseen() {
			return true
		}
	}
	return false
}

// shareWhole reports whether two transactions, each about to wait for
// its edge's second lock with the guards of that request, both hold every
// row of one table (a "table.*" guard, setGuards): the one that scanned
// it second waits at the scan for the first, so they are never both past
// it, and a cycle through them cannot close.
func shareWhole(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	for _, g := range strings.Split(a, ";") {
		if strings.HasSuffix(g, ".*") && slices.Contains(strings.Split(b, ";"), g) {
			return true
		}
	}
	return false
}

// shareGuard reports whether two guard lists have a guard in common.
func shareGuard(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	for _, g := range strings.Split(a, ";") {
		if slices.Contains(strings.Split(b, ";"), g) {
			return true
		}
	}
	return false
}

// comparePos orders two positions by file name, then offset; by
// token.Pos without a file set.
func (c *Context) comparePos(a, b token.Pos) int {
	if c.Fset == nil || a == b {
		return cmp.Compare(a, b)
	}
	pa, pb := c.Fset.Position(a), c.Fset.Position(b)
	return cmp.Or(cmp.Compare(pa.Filename, pb.Filename), cmp.Compare(pa.Offset, pb.Offset))
}

// rangesCover reports whether the foreign-key ranges have (FromRange)
// include all of want's.
func rangesCover(have, want string) bool {
	if want == "" {
		return true
	}
	for _, w := range strings.Split(want, "|") {
		if !insertWaits(have, w) {
			return false
		}
	}
	return true
}
