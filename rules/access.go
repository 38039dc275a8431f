package rules

import (
	"fmt"
	"strings"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
)

// accessKind is how InnoDB can find the rows a WHERE clause selects, as
// far as the schema tells. It is a bound, not a plan: the optimizer may
// still choose a wider scan (ground-truth.md 14k, 14l), so only "no index
// is usable" is ever asserted as certain.
type accessKind uint8

const (
	accessUnknown accessKind = iota // cannot tell: stay silent
	accessPoint                     // every column of a primary or unique key by equality (or IN list)
	accessRange                     // an index, but a range, a non-unique key, or a unique prefix
	accessScan                      // no index is usable: the clustered index is scanned
)

// access describes the best access path for one table.
type access struct {
	kind  accessKind
	index *schema.Index // the index used, for point and range
	// pred is the predicate that makes the access a range (range, non-
	// unique equality, LIKE prefix), for messages.
	pred *sqltext.Pred
	// why explains an accessScan, e.g. "no index has leading column status".
	why string
	// fix suggests an index or rewrite for an accessScan.
	fix string
}

// accessFor returns the best access path of where on table t.
func accessFor(t *schema.Table, where *sqltext.Cond) access {
	if where == nil {
		return access{kind: accessScan, why: "the statement has no WHERE clause"}
	}
	switch where.Op {
	case sqltext.CondPred:
		return bestIndex(t, []*sqltext.Pred{where.Pred})
	case sqltext.CondAnd:
		var preds []*sqltext.Pred
		var subs []access
		opaque := false
		for _, a := range where.Args {
			switch a.Op {
			case sqltext.CondPred:
				preds = append(preds, a.Pred)
			case sqltext.CondOr:
				subs = append(subs, accessFor(t, a))
			default:
				opaque = true
			}
		}
		best := bestIndex(t, preds)
		for _, s := range subs {
			if better(s, best) {
				best = s
			}
		}
		if best.kind == accessScan && opaque {
			// A condition we cannot read (a row constructor, say) might
			// be what makes an index usable.
			return access{kind: accessUnknown}
		}
		return best
	case sqltext.CondOr:
		// Without an index for every branch, InnoDB scans the table: an
		// index merge needs all of them.
		worst, unknown := access{kind: accessPoint}, false
		for _, a := range where.Args {
			s := accessFor(t, a)
			switch {
			case s.kind == accessScan:
				s.why = "one side of an OR can use no index: " + s.why
				s.fix = "index the columns of every OR branch, or split the statement into one per branch"
				return s
			case s.kind == accessUnknown:
				unknown = true
			case s.kind == accessRange && worst.kind == accessPoint:
				worst = s
			}
		}
		if unknown {
			return access{kind: accessUnknown}
		}
		return worst
	}
	return access{kind: accessUnknown}
}

// better reports whether a is a narrower access than b.
func better(a, b access) bool {
	rank := func(k accessKind) int {
		return [...]int{accessUnknown: 1, accessPoint: 3, accessRange: 2, accessScan: 0}[k]
	}
	return rank(a.kind) > rank(b.kind)
}

// sargable reports whether a predicate can drive an index lookup on its
// column.
func sargable(p *sqltext.Pred) bool {
	if p.Op == sqltext.OpNotSargable {
		return false
	}
	for _, v := range p.Values {
		if v.Kind == sqltext.ValueSubquery || v.Kind == sqltext.ValueExpr && p.Op == sqltext.OpIn {
			return false
		}
	}
	return true
}

// bestIndex picks the narrowest index a conjunction of predicates can use.
func bestIndex(t *schema.Table, preds []*sqltext.Pred) access {
	byCol := map[string][]*sqltext.Pred{}
	for _, p := range preds {
		if p.Table != "" && p.Table != t.Name {
			continue
		}
		byCol[p.Column] = append(byCol[p.Column], p)
	}
	best := access{kind: accessScan}
	unknown := false
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if len(ix.Columns) == 0 {
			continue
		}
		lead := usable(byCol[ix.Columns[0]])
		if lead == nil {
			if hasSubquery(byCol[ix.Columns[0]]) {
				unknown = true
			}
			continue
		}
		a := access{kind: accessRange, index: ix, pred: lead}
		if ix.Unique || ix.Primary {
			all := true
			for _, c := range ix.Columns {
				p := usable(byCol[c])
				if p == nil || (p.Op != sqltext.OpEq && p.Op != sqltext.OpIn) {
					all = false
					break
				}
			}
			if all {
				a = access{kind: accessPoint, index: ix}
			}
		}
		if better(a, best) || a.kind == best.kind && a.kind == accessRange && rangeRank(a.pred) > rangeRank(best.pred) {
			best = a
		}
	}
	if t.Partial && best.kind != accessPoint {
		// Only the keys are known: an index the schema does not list
		// may narrow a scan or a range.
		return access{kind: accessUnknown}
	}
	if best.kind == accessScan {
		if unknown {
			return access{kind: accessUnknown}
		}
		best.why, best.fix = whyNoIndex(t, preds)
	}
	return best
}

// rangeRank prefers equality on a non-unique index over a range, to
// describe the access the optimizer most likely takes.
func rangeRank(p *sqltext.Pred) int {
	if p == nil {
		return 0
	}
	switch p.Op {
	case sqltext.OpEq, sqltext.OpIn:
		return 2
	}
	return 1
}

// usable returns the most selective sargable predicate among ps.
func usable(ps []*sqltext.Pred) *sqltext.Pred {
	var best *sqltext.Pred
	for _, p := range ps {
		if sargable(p) && (best == nil || rangeRank(p) > rangeRank(best)) {
			best = p
		}
	}
	return best
}

func hasSubquery(ps []*sqltext.Pred) bool {
	for _, p := range ps {
		for _, v := range p.Values {
			if v.Kind == sqltext.ValueSubquery {
				return true
			}
		}
	}
	return false
}

// whyNoIndex explains why no index is usable, and how to make one usable.
func whyNoIndex(t *schema.Table, preds []*sqltext.Pred) (why, fix string) {
	var cols []string
	seen := map[string]bool{}
	for _, p := range preds {
		if p.Table != "" && p.Table != t.Name || seen[p.Column] {
			continue
		}
		seen[p.Column] = true
		if !sargable(p) && indexed(t, p.Column) {
			return fmt.Sprintf("the condition on %s (a function of it, a leading %% wildcard, != or NOT) cannot use its index", p.Column),
				fmt.Sprintf("compare the bare column %s with =, IN, a range or a LIKE with a constant prefix", p.Column)
		}
		cols = append(cols, p.Column)
	}
	if len(cols) == 0 {
		return "the WHERE clause constrains no column of " + t.Name + " that an index can use",
			"select the rows by primary key or by an indexed column"
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		for _, c := range ix.Columns[1:] {
			if seen[c] {
				return fmt.Sprintf("index %s (%s) cannot be used without its leftmost column %s", ix.Name, strings.Join(ix.Columns, ", "), ix.Columns[0]),
					fmt.Sprintf("add a condition on %s, or an index that starts with %s", ix.Columns[0], c)
			}
		}
	}
	return fmt.Sprintf("no index of %s starts with %s", t.Name, strings.Join(cols, " or ")),
		fmt.Sprintf("add an index on %s (%s), or select the rows by primary key", t.Name, cols[0])
}

func indexed(t *schema.Table, col string) bool {
	for _, ix := range t.Indexes {
		if len(ix.Columns) > 0 && ix.Columns[0] == col {
			return true
		}
	}
	return false
}
