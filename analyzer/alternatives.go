package analyzer

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/rules"
	"github.com/locklint/locklint/txflow"
)

// judgeImplementations judges a function whose statements come from one
// of several implementations of an interface method (extract.Site.Alts)
// once per implementation, each site taking that implementation's
// statement. What a case finds beyond base, the findings with those
// statements unknown, is reported when every implementation of the
// method is risky: each case of the group finds something. A program may
// be given any of them, so each is a path the code really has; when only
// some are risky, which one runs decides, and that is not known.
func judgeImplementations(ctx *rules.Context, enabled []*rules.Rule, f *extract.Func, mayReturn func(*ast.CallExpr) bool, test bool, base []rules.Finding, reported reportedFunc) []rules.Finding {
	var groups [][]string // the implementing types of each site with alternatives
	var types []string
	for _, s := range f.Sites {
		if len(s.Alts) == 0 {
			continue
		}
		var g []string
		for _, a := range s.Alts {
			t := implType(a.Impl)
			g = append(g, t)
			if !containsStr(types, t) {
				types = append(types, t)
			}
		}
		groups = append(groups, g)
	}
	if len(types) == 0 {
		return nil
	}
	sort.Strings(types)
	seen := map[string]bool{}
	for _, fd := range base {
		seen[findingKey(fd)] = true
	}
	found := map[string][]rules.Finding{} // by implementing type: what its case adds
	impls := map[string]string{}          // implementing type -> the methods its case took
	for _, t := range types {
		g := *f
		g.Sites = nil
		var took []string
		for _, s := range f.Sites {
			if len(s.Alts) == 0 {
				g.Sites = append(g.Sites, s)
				continue
			}
			c := *s
			c.Alts = nil
			for _, a := range s.Alts {
				if implType(a.Impl) == t {
					c.Text, c.Holes, c.SQL = a.Text, a.Holes, a.SQL
					took = append(took, a.Impl)
				}
			}
			g.Sites = append(g.Sites, &c)
		}
		impls[t] = strings.Join(took, ", ")
		for _, fd := range check(ctx, enabled, txflow.Analyze(&g, mayReturn), test, reported) {
			if !seen[findingKey(fd)] {
				found[t] = append(found[t], fd)
			}
		}
	}
	keep := map[string]bool{}
	for _, t := range types {
		keep[t] = true
	}
	for _, g := range groups {
		risky := true
		for _, t := range g {
			risky = risky && len(found[t]) > 0
		}
		if !risky {
			for _, t := range g {
				keep[t] = false
			}
		}
	}
	// One finding per rule and position, as everywhere: the first
	// implementation's, naming the others' that are risky the same way.
	var out []rules.Finding
	byKey := map[string]int{}
	for _, t := range types {
		if !keep[t] {
			continue
		}
		for _, fd := range found[t] {
			k := placeKey(fd)
			if i, ok := byKey[k]; ok {
				out[i].Message += " Also with the statement of " + impls[t] + ": " + head(fd.Message) + "."
				continue
			}
			byKey[k] = len(out)
			fd.Message = "with the statement of " + impls[t] + ", " + fd.Message
			out = append(out, fd)
		}
	}
	return out
}

// head is a message's first clause, up to its explanation.
func head(msg string) string {
	if i := strings.Index(msg, ": "); i > 0 {
		return msg[:i]
	}
	return msg
}

// placeKey is a finding's rule and position.
func placeKey(f rules.Finding) string {
	id := ""
	if f.Rule != nil {
		id = f.Rule.ID
	}
	return fmt.Sprintf("%s\x00%d", id, f.Pos)
}

// implType is the type of an implementing method's name: "MySQLQueue"
// of "MySQLQueue.PollQuery".
func implType(impl string) string {
	t, _, _ := strings.Cut(impl, ".")
	return t
}

// findingKey tells findings apart: the rule, the position, the message.
func findingKey(f rules.Finding) string {
	id := ""
	if f.Rule != nil {
		id = f.Rule.ID
	}
	return fmt.Sprintf("%s\x00%d\x00%s", id, f.Pos, f.Message)
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
