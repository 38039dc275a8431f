package extract

import (
	"go/ast"
	"go/types"

	"github.com/locklint/locklint/sqltext"
)

// xormSite records the statement an xorm finisher sends.
func xormSite(c *call) {
	ch := xormChainOf(c, receiver(c.expr))
	s := xormCallSite(c, ch)
	c.out.Sites = append(c.out.Sites, s)
	if name := c.fn.Name(); name == "Get" || name == "Exist" {
		xormNotFoundCheck(c)
	}
	if needs := xormBuild(c, ch, s); needs != nil {
		st := c.out.gorm()
		st.xormPending = append(st.xormPending, xormPending{site: s, c: c, ch: ch, obj: needs})
	}
}

// xormPending is a site to rebuild once its model's table is known.
type xormPending struct {
	site *Site
	c    *call
	ch   *xormChain
	obj  *types.TypeName
}

// xormBuild writes the statement of the site's chain into s. It returns
// the model whose table only another package's facts can name, when that
// is what the statement lacks.
func xormBuild(c *call, ch *xormChain, s *Site) *types.TypeName {
	q := &xormQuery{c: c, onPool: s.Handle.Kind == HandlePool}
	for _, l := range ch.links {
		q.apply(l)
	}
	if q.unknown || ch.partial {
		return nil
	}
	text, args, dest := q.finish(c.fn.Name(), c.expr.Args)
	s.Dest = nonNil(dest)
	if text == "" {
		return q.needs
	}
	s.Text, s.Args = text, args
	s.SQL = summarize(text)
	s.rowBean = q.rowBean
	s.RunnersTable = q.runnersTable
	if q.textExpr != nil {
		// Raw SQL: which Go values fill its holes, and which parameters
		// of a helper (ALTER TABLE %s ... of the table its caller names).
		if t, holes, ok := textAndHoles(c.info, c.defs, q.textExpr); ok && t == text {
			s.TextExpr, s.Holes = q.textExpr, holes
		}
	}
	return nil
}

// nameXORMModels completes the xorm statements whose model's TableName is
// declared in another package.
func (st *gormState) nameXORMModels(table func(*types.TypeName) string) {
	for _, p := range st.xormPending {
		name := table(p.obj)
		if name == "" {
			continue
		}
		if st.xormTables == nil {
			st.xormTables = map[*types.TypeName]string{}
		}
		st.xormTables[p.obj] = name
		xormBuild(p.c, p.ch, p.site)
	}
	st.xormPending = nil
}

// xormNotFoundCheck notes that the function tests whether Get or Exist
// found a row: `has, err := sess.Get(&a)` and has in an if condition, the
// way xorm reports a missing row.
func xormNotFoundCheck(c *call) {
	ref := c.resultRef()
	if !ref.Valid() || c.out.Body() == nil {
		return
	}
	ast.Inspect(c.out.Body(), func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || c.out.ChecksNotFound {
			return !c.out.ChecksNotFound
		}
		ast.Inspect(ifs.Cond, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && c.info.ObjectOf(id) == ref.Root {
				c.out.ChecksNotFound = true
			}
			return true
		})
		return true
	})
}

// xormSync records xorm's Sync(beans...) (Sync2 in older versions): it
// creates a bean's table when it is missing and, when the table exists,
// adds with ALTER TABLE the columns and indexes the bean declares that
// the table lacks and drops the indexes the bean does not declare. Like
// GORM's AutoMigrate it is a schema change derived from models (Migrate
// set, its models the beans), judged only in a step of a versioned
// migration on a table an earlier step made (MarkMigrationSteps). Anywhere else it is silent: code brings its
// tables to its beans with Sync at start-up, often through helpers whose
// names say nothing of it (createTable, called from an exported function
// main calls), and there the tables usually are as the beans say.
func xormSync(c *call) {
	s := xormCallSite(c, xormChainOf(c, receiver(c.expr)))
	s.SQL = &sqltext.Summary{Kind: sqltext.KindDDL, DDL: &sqltext.DDL{Op: sqltext.DDLAlterTable}}
	s.Migrate = true
	if !c.expr.Ellipsis.IsValid() {
		s.migrateModels = c.expr.Args // Sync(beans...): which models is not known here
	}
	c.out.quietMigrate = append(c.out.quietMigrate, s)
}

// xormCallSite is the site of the xorm call c, on the handle its chain
// ch starts from.
func xormCallSite(c *call, ch *xormChain) *Site {
	return &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: XORM,
		Method:    c.fn.Name(),
		Handle:    xormHandle(c, ch),
		Loop:      c.loop,
		info:      c.info,
	}
}
