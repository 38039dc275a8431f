package rules

import (
	"fmt"
	"go/token"
	"path/filepath"
	"sort"

	"github.com/locklint/locklint/txflow"
)

// LockOrder finds code paths that lock the same tables in opposite order:
// one transaction locks rows of A and then of B, another locks B and then
// A. Run at once, each holds what the other waits for; InnoDB rolls one
// back with a deadlock, error 1213, at every isolation level (ground truth:
// experiment 8).
//
// Edges "holds exclusive locks on A, then locks B" are collected from every
// transaction of the package, through helpers (their facts), and from the
// packages it imports (a package fact carries theirs). A cycle is reported
// once, at the lock that closes it: the edge seen last, in an importing
// package or later in the file, with the other path as related
// information; further paths that repeat an order already seen are not
// reported again. Only exclusive locks (FOR UPDATE, UPDATE, DELETE) make
// edges: shared locks do not conflict with each other.
var LockOrder = &Rule{
	ID:      "lock-order",
	Summary: "two code paths lock the same tables in opposite order: deadlock",
	Package: lockOrder,
}

// LockEdge is "a transaction holds exclusive locks on From, then locks
// To", as exported to importing packages.
type LockEdge struct {
	From, To string
	At       string // file.go:line of the second lock
	Func     string
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

func edgesOf(c *Context, funcs []*txflow.Func) []localEdge {
	var out []localEdge
	for _, f := range funcs {
		for _, tx := range f.Txs {
			for _, a := range tx.Stmts {
				sa := a.SQL()
				if sa == nil || !exclusive(sa) || len(sa.Tables) != 1 || sa.Tables[0].Name == "" {
					continue
				}
				for _, b := range tx.Stmts {
					sb := b.SQL()
					if sb == nil || a == b || !exclusive(sb) || len(sb.Tables) != 1 || sb.Tables[0].Name == "" || sb.Tables[0].Name == sa.Tables[0].Name {
						continue
					}
					if !tx.MayPrecede(a, b) {
						continue
					}
					p := c.Fset.Position(b.Pos())
					out = append(out, localEdge{
						LockEdge: LockEdge{From: sa.Tables[0].Name, To: sb.Tables[0].Name, At: fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line), Func: f.Extract.Name()},
						first:    a.Pos(), second: b.Pos(),
					})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].second < out[j].second })
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
		return a.Func < b.Func
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
	g := tableGraph{}
	for _, e := range c.Edges {
		g.add(e, nil)
	}
	local := edgesOf(c, funcs)
	var out []Finding
	for i := range local {
		e := &local[i]
		// An order already seen (imported, or earlier in this package)
		// adds no new cycle: any cycle through it was reported when it
		// closed, at the path that broke the order, and blaming this
		// path too would report one problem twice, here at code that
		// follows the common order.
		if g.has(e.From, e.To) {
			continue
		}
		// Is there a path back from e.To to e.From among the edges seen
		// before this one: imported ones, and local ones earlier?
		if back, ok := g.path(e.To, e.From); ok {
			fd := Finding{
				Pos: e.second,
				Message: fmt.Sprintf("this transaction locks %s after holding locks on %s, while %s (%s) locks %s after %s: when both run at once each holds the rows the other waits for, and InnoDB rolls one back with a deadlock (error 1213) at any isolation level. Fix: lock tables in one global order everywhere (for example always %s before %s)",
					e.To, e.From, back.edge.Func, back.edge.At, back.edge.To, back.edge.From, min(e.From, e.To), max(e.From, e.To)),
				Related: []Related{{Pos: e.first, Message: "locks on " + e.From + " are taken here first"}},
			}
			if back.local != nil {
				fd.Related = append(fd.Related, Related{Pos: back.local.second, Message: fmt.Sprintf("%s locks %s after %s here", back.local.Func, back.local.To, back.local.From)})
			}
			out = append(out, fd)
		}
		g.add(e.LockEdge, e)
	}
	return out
}

// tableGraph holds one witness edge per ordered pair of tables: cycles are
// about tables, and keeping one edge per pair keeps the search linear in
// the number of tables however many code paths repeat an order.
type tableGraph map[string][]witness

type witness struct {
	edge  LockEdge
	local *localEdge // nil for an imported edge
}

func (g tableGraph) add(e LockEdge, local *localEdge) {
	if !g.has(e.From, e.To) {
		g[e.From] = append(g[e.From], witness{e, local})
	}
}

func (g tableGraph) has(from, to string) bool {
	for _, w := range g[from] {
		if w.edge.To == to {
			return true
		}
	}
	return false
}

// path searches for from -> ... -> to, breadth first, and returns its
// first edge: the other code path of the cycle.
func (g tableGraph) path(from, to string) (witness, bool) {
	type item struct {
		table string
		first witness
	}
	var work []item
	for _, w := range g[from] {
		work = append(work, item{w.edge.To, w})
	}
	seen := map[string]bool{from: true}
	for len(work) > 0 {
		it := work[0]
		work = work[1:]
		if it.table == to {
			return it.first, true
		}
		if seen[it.table] {
			continue
		}
		seen[it.table] = true
		for _, w := range g[it.table] {
			work = append(work, item{w.edge.To, it.first})
		}
	}
	return witness{}, false
}
