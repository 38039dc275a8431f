package rules

import (
	"go/types"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/txflow"
)

// keyFromRow reports whether b's key was read from the rows a returned:
// locking a row found through another one re-touches what is held.
func keyFromRow(f *txflow.Func, a *txflow.Stmt, b []extract.Ref) bool {
	dests := map[types.Object]bool{}
	for _, o := range a.Site.DestObjects(f.Extract.Info()) {
		dests[o] = true
	}
	for _, r := range b {
		if r.Valid() && dests[r.Root] {
			return true
		}
	}
	return false
}

// ordered reports whether the function puts a variable of key a and one
// of key b in a fixed order: it compares them (and so can swap them), or
// takes them as the min and the max of the same values.
func ordered(f *txflow.Func, a, b []extract.Ref) bool {
	for _, x := range a {
		for _, y := range b {
			if !x.Valid() || !y.Valid() {
				continue
			}
			if f.Extract.OrderedByMinMax(x.Root, y.Root) {
				return true
			}
			for _, p := range f.Extract.Ordered {
				if x.Root == p[0] && y.Root == p[1] || x.Root == p[1] && y.Root == p[0] {
					return true
				}
			}
		}
	}
	return false
}
