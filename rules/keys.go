package rules

import (
	"go/types"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// key describes which rows a statement selects by equality: the Go values
// bound to its equality and IN predicates.
type key struct {
	refs []extract.Ref
	// runtime is true when some key value is a placeholder or a
	// fmt.Sprintf hole: the rows are chosen at run time.
	runtime bool
}

// keyOf reads the equality keys of a statement's WHERE clause.
func keyOf(st *txflow.Stmt) key {
	var k key
	s := st.SQL()
	if s == nil || s.Where == nil {
		return k
	}
	var walk func(c *sqltext.Cond)
	walk = func(c *sqltext.Cond) {
		switch c.Op {
		case sqltext.CondAnd:
			for _, a := range c.Args {
				walk(a)
			}
		case sqltext.CondPred:
			if c.Pred.Op != sqltext.OpEq && c.Pred.Op != sqltext.OpIn {
				return
			}
			for _, v := range c.Pred.Values {
				switch v.Kind {
				case sqltext.ValueParam:
					k.runtime = true
					k.refs = append(k.refs, st.Site.ArgRef(v.Param))
				case sqltext.ValueOpaque:
					k.runtime = true
				}
			}
		}
	}
	walk(s.Where)
	return k
}

// sameKey reports whether two keys are the same Go values.
func sameKey(a, b key) bool {
	if len(a.refs) == 0 || len(a.refs) != len(b.refs) {
		return false
	}
	for i := range a.refs {
		if !a.refs[i].Valid() || a.refs[i] != b.refs[i] {
			return false
		}
	}
	return true
}

// keyFromRow reports whether b's key was read from the rows a returned:
// locking a row found through another one re-touches what is held.
func keyFromRow(f *txflow.Func, a *txflow.Stmt, b key) bool {
	dests := map[types.Object]bool{}
	for _, o := range a.Site.DestObjects(f.Extract.Info()) {
		dests[o] = true
	}
	for _, r := range b.refs {
		if r.Valid() && dests[r.Root] {
			return true
		}
	}
	return false
}

// ordered reports whether the function compares (and so can order) a
// variable of key a with one of key b.
func ordered(f *txflow.Func, a, b key) bool {
	for _, p := range f.Extract.Ordered {
		for _, x := range a.refs {
			for _, y := range b.refs {
				if x.Root == p[0] && y.Root == p[1] || x.Root == p[1] && y.Root == p[0] {
					return true
				}
			}
		}
	}
	return false
}
