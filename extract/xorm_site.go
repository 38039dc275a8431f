package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
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
	if p, ok := xormEachBean(c, ch); ok {
		s.beanEach, s.beanParam = true, p
		return
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

// xormSync records xorm's Sync(beans...) (Sync2 in older versions, and
// SyncWithOptions(opts, beans...)): it creates a bean's table when it is
// missing and, when the table exists, adds with ALTER TABLE the columns
// and indexes the bean declares that the table lacks and drops the
// indexes the bean does not declare, unless SyncWithOptions' options keep
// them. Like GORM's AutoMigrate it is a schema change derived from models
// (Migrate set, its models the beans), judged only in a step of a
// versioned migration on a table an earlier step made
// (MarkMigrationSteps). Anywhere else it is silent: code brings its
// tables to its beans with Sync at start-up, often through helpers whose
// names say nothing of it (createTable, called from an exported function
// main calls), and there the tables usually are as the beans say.
//
// Sync(beans...) passing on the function's own variadic parameter is a
// wrapper's (func addColumns(x *xorm.Engine, beans ...any) error): its
// callers name the beans, through the function's fact.
func xormSync(c *call) {
	s := xormCallSite(c, xormChainOf(c, receiver(c.expr)))
	s.SQL = &sqltext.Summary{Kind: sqltext.KindDDL, DDL: &sqltext.DDL{Op: sqltext.DDLAlterTable}}
	s.Migrate = true
	beans := c.expr.Args
	if c.fn.Name() == "SyncWithOptions" {
		if len(beans) == 0 {
			return
		}
		s.SyncDrops = xormSyncDrops(c.info, beans[0])
		beans = beans[1:]
	}
	switch {
	case !c.expr.Ellipsis.IsValid():
		s.migrateModels = beans
	case len(beans) == 1 && paramArg(c, beans[0]):
		s.migrateModels = beans // the caller's beans
	}
	c.out.quietMigrate = append(c.out.quietMigrate, s)
}

// xormSyncDrops reads which undeclared indexes SyncWithOptions drops
// from its options, when they are a literal of constants
// (xorm.SyncOptions{IgnoreDropIndices: true, IgnoreConstrains: true}).
// An existing plain index the bean does not declare is dropped unless
// IgnoreIndices or IgnoreDropIndices is set, a unique one unless
// IgnoreConstrains is (xorm's sync.go).
func xormSyncDrops(info *types.Info, opts ast.Expr) SyncDrops {
	if u, ok := ast.Unparen(opts).(*ast.UnaryExpr); ok && u.Op == token.AND {
		opts = u.X
	}
	lit, ok := ast.Unparen(opts).(*ast.CompositeLit)
	if !ok {
		return SyncDropsUnknown
	}
	set := map[string]bool{}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return SyncDropsUnknown
		}
		key, _ := kv.Key.(*ast.Ident)
		tv, ok := info.Types[kv.Value]
		if key == nil || !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
			return SyncDropsUnknown
		}
		set[key.Name] = constant.BoolVal(tv.Value)
	}
	plain := set["IgnoreIndices"] || set["IgnoreDropIndices"]
	switch unique := set["IgnoreConstrains"]; {
	case plain && unique:
		return SyncDropsNone
	case plain:
		return SyncDropsUnique
	case unique:
		return SyncDropsPlain
	}
	return SyncDropsAll
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
