package analyzer

import (
	"go/token"

	"github.com/locklint/locklint/prove"
	"github.com/locklint/locklint/rules"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// stmtIndex finds the statements a finding names by their positions: a
// finding sits on the call that executes its statement, and its related
// positions on the other statements of the conflict (the earlier lock,
// the check, the read), so the rules need not hand them over themselves.
type stmtIndex struct {
	ctx   *rules.Context
	byPos map[token.Pos][]*txflow.Stmt
}

func newStmtIndex(ctx *rules.Context, flows []*txflow.Func) stmtIndex {
	idx := stmtIndex{ctx: ctx, byPos: map[token.Pos][]*txflow.Stmt{}}
	for _, f := range flows {
		for _, st := range f.Stmts {
			idx.byPos[st.Pos()] = append(idx.byPos[st.Pos()], st)
		}
	}
	return idx
}

// caseOf describes finding f for the prover.
func (idx stmtIndex) caseOf(fset *token.FileSet, f rules.Finding) prove.Case {
	c := prove.Case{Rule: f.Rule.ID, Posn: fset.Position(f.Pos).String()}
	seen := map[string]bool{}
	add := func(pos token.Pos, related int) {
		for _, st := range idx.byPos[pos] {
			s := st.SQL()
			if s == nil {
				continue
			}
			level := idx.ctx.Server.DefaultIsolation()
			if st.Tx != nil && st.Tx.Isolation != sqltext.IsolationUnknown {
				level = st.Tx.Isolation
			}
			c.Stmts = append(c.Stmts, prove.Stmt{
				Posn:      fset.Position(pos).String(),
				Related:   related,
				Text:      st.Site.Text,
				SQL:       s,
				Isolation: level,
			})
			for _, t := range s.Tables {
				if t.Name == "" || seen[t.Name] {
					continue
				}
				seen[t.Name] = true
				if tab := idx.ctx.Schema.Table(t.Name); tab != nil {
					c.Tables = append(c.Tables, cloneTable(tab))
				}
			}
		}
	}
	add(f.Pos, -1)
	for i, r := range f.Related {
		if r.Pos != f.Pos {
			add(r.Pos, i)
		}
	}
	return c
}

// cloneTable copies a schema table, which the prover must not share
// with the analysis.
func cloneTable(t *schema.Table) *schema.Table {
	c := &schema.Table{Name: t.Name, Columns: append([]string(nil), t.Columns...)}
	for _, ix := range t.Indexes {
		ix.Columns = append([]string(nil), ix.Columns...)
		c.Indexes = append(c.Indexes, ix)
	}
	return c
}
