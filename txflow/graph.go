package txflow

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"

	"github.com/locklint/locklint/extract"
)

// point is a node of the control-flow graph: block index and node index.
type point struct{ block, index int32 }

// graph answers reachability questions on one function's CFG.
type graph struct {
	cfg *cfg.CFG
	// spans lists every node's extent, to map a position to the innermost
	// node containing it.
	spans []span
}

type span struct {
	pos, end token.Pos
	at       point
}

func newGraph(g *cfg.CFG) *graph {
	gr := &graph{cfg: g}
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			gr.spans = append(gr.spans, span{n.Pos(), n.End(), point{b.Index, int32(i)}})
		}
	}
	return gr
}

// locate returns the innermost CFG node that contains pos. Statements such
// as `range` appear as nodes whose extent covers their whole body, so the
// smallest enclosing node is the one that executes pos.
func (g *graph) locate(pos token.Pos) (point, bool) {
	best := -1
	for i, s := range g.spans {
		if s.pos <= pos && pos < s.end {
			if best < 0 || s.end-s.pos < g.spans[best].end-g.spans[best].pos {
				best = i
			}
		}
	}
	if best < 0 {
		return point{}, false
	}
	return g.spans[best].at, true
}

// reaches reports whether some path leads from the node after from to to,
// without entering a node in stops (to itself may be a stop: reaching it
// counts). from == to asks whether the node can run again (a loop).
func (g *graph) reaches(from, to point, stops map[point]bool) bool {
	return g.reachesVia(from, to, stops, nil)
}

// reachesVia is reaches through the successors succs gives (all of a
// block's when succs is nil).
func (g *graph) reachesVia(from, to point, stops map[point]bool, succs func(*cfg.Block) []*cfg.Block) bool {
	next := func(b *cfg.Block) []*cfg.Block {
		if succs == nil {
			return b.Succs
		}
		return succs(b)
	}
	blocks := g.cfg.Blocks
	// Walk the rest of from's block first.
	for i := from.index + 1; int(i) < len(blocks[from.block].Nodes); i++ {
		p := point{from.block, i}
		if p == to {
			return true
		}
		if stops[p] {
			return false
		}
	}
	seen := make([]bool, len(blocks))
	work := append([]*cfg.Block(nil), next(blocks[from.block])...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b.Index] {
			continue
		}
		seen[b.Index] = true
		stopped := false
		for i := range b.Nodes {
			p := point{b.Index, int32(i)}
			if p == to {
				return true
			}
			if stops[p] {
				stopped = true
				break
			}
		}
		if to.block == b.Index && len(b.Nodes) == 0 {
			return true
		}
		if !stopped {
			work = append(work, next(b)...)
		}
	}
	return false
}

// Precedes returns a function telling whether, in f, the code at a may
// run before the code at b: some path leads from the node holding a to
// the node holding b, or one node holds both and a comes first (its
// calls run left to right). The graph is built once, on the first
// question.
func Precedes(f *extract.Func, mayReturn func(*ast.CallExpr) bool) func(a, b token.Pos) bool {
	var g *graph
	return func(a, b token.Pos) bool {
		if g == nil {
			g = newGraph(cfg.New(f.Body(), mayReturn))
		}
		pa, ok1 := g.locate(a)
		pb, ok2 := g.locate(b)
		if !ok1 || !ok2 {
			return a < b // not in the graph: source order
		}
		if pa == pb {
			return a < b || g.reaches(pa, pb, nil)
		}
		return g.reaches(pa, pb, nil)
	}
}
