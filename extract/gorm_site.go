package extract

import (
	"go/ast"
	"go/types"

	"github.com/locklint/locklint/models"
)

// gormSite records the statement a GORM finisher sends.
func gormSite(c *call, v1, generic bool) {
	s, gm := gormBuildSite(c, v1, generic)
	c.out.Sites = append(c.out.Sites, s)
	if s.lockFromParam {
		// Its lock is what the parameter carries, known once the
		// function's callers or its wrapper are (relockGORMSites).
		st := c.out.gorm()
		st.fromParam = append(st.fromParam, &gormPending{site: s, c: c, v1: v1, generic: generic})
	}
	// A model declared in another package with a TableName method: its
	// table name is in that package's facts (NameModels).
	if gm != nil && gm.table == "" && gm.obj.Pkg() != nil && models.HasTableNameMethod(gm.obj) {
		st := c.out.gorm()
		st.pending = append(st.pending, &gormPending{site: s, c: c, v1: v1, generic: generic, obj: gm.obj})
	}
}

// gormPending is a site to rebuild once its model's table is known.
type gormPending struct {
	site        *Site
	c           *call
	v1, generic bool
	obj         *types.TypeName
}

// NameModels completes the GORM statements of f whose model is declared in
// another package with a TableName method, whose result only that
// package's syntax shows: table returns the name its facts give ("" when
// unknown). Call it once, right after Decl.
func (f *Func) NameModels(table func(*types.TypeName) string) {
	f.modelTables = table
	if f.gormState == nil || table == nil {
		return
	}
	st := f.gormState
	st.nameXORMModels(table)
	for _, p := range st.pending {
		name := table(p.obj)
		if name == "" {
			continue
		}
		gm := p.c.gormModelOf(p.obj.Type(), p.v1)
		if gm == nil {
			continue
		}
		gm.table = name
		s, _ := gormBuildSite(p.c, p.v1, p.generic)
		p.site.Text, p.site.SQL, p.site.Args = s.Text, s.SQL, s.Args
	}
	st.pending = nil
}

// gormBuildSite builds the site of a finisher call, and returns the model
// the statement is about.
func gormBuildSite(c *call, v1, generic bool) (*Site, *gormModel) {
	scope := c.out.gormScope(c.out.Body())
	ch := gormChainOf(c, scope, receiver(c.expr))
	q := newGORMQuery(c, scope, v1)
	if ch.g != nil {
		q.modelT = ch.gType
		for _, o := range ch.g.Args[1:] {
			q.clause(o)
		}
	}
	for _, l := range ch.links {
		q.apply(l)
	}
	var root handleLock
	mixed := false
	if !q.lockSet {
		// The chain sets no lock: the handle it starts from may carry one.
		root = rootLock(c, scope, ch, v1, 0)
		q.lock = root.lock
		if root.lock == mixedLock {
			q.lock, root.lock, mixed = "", "", true
		}
	}
	q.partial = q.partial || ch.partial
	rootCall, _ := ast.Unparen(ch.root).(*ast.CallExpr)
	clauseRoot := rootCall != nil && givesSliceParam(c, rootCall)
	if clauseRoot {
		// A helper applying the caller's clause values may add
		// conditions of any kind.
		q.partial = true
	}
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: gormFramework(v1),
		Method:    c.fn.Name(),
		Handle:    gormHandle(c, ch, gormRootOf(c, ch, 0)),
		Loop:      c.loop,
		info:      c.info,
	}
	if clauseRoot {
		s.clauseRoot = rootCall
		if modelFinishers[c.fn.Name()] && len(c.expr.Args) > 0 {
			s.clauseModel = c.expr.Args[0]
		}
	}
	st := q.finish(c.fn.Name(), c.expr.Args, generic)
	s.Dest = nonNil(st.dest)
	if c.fn.Name() == "Exec" && len(ch.links) == 0 && ch.g == nil {
		// Exec sends its text as it is: text built at run time
		// (fmt.Sprintf with a table list) or the function's own string
		// parameter (a DAL's Exec(query, args...)) is recovered as any
		// other sink's, here or by the callers.
		if i := map[bool]int{false: 0, true: 1}[generic]; i < len(c.expr.Args) {
			s.TextExpr = c.expr.Args[i]
			if st.text == "" {
				if text, holes, ok := textAndHoles(c.info, c.defs, s.TextExpr); ok {
					st.text, st.args, s.Holes = text, c.expr.Args[i+1:], holes
				}
			}
		}
	}
	if st.text != "" && !q.lockUnknown {
		s.Text, s.Args = st.text, st.args
		s.SQL = summarize(st.text)
		if st.query && root.fromParam {
			s.lockFromParam, s.unlockedText = true, trimLock(st.text, root.lock)
			s.lockByCallers = root.byCallers && root.lock != ""
		}
		if st.query && mixed {
			// Some callers lock, some do not: unknown here, judged at
			// each caller.
			s.SQL, s.lockMixed = nil, true
		}
	}
	if st.query && q.ignored != nil && q.lock == "" {
		s.IgnoredLock = &IgnoredLock{Call: q.ignored, Option: q.ignoredText}
	}
	return s, q.model()
}

// givesSliceParam reports whether the call passes a slice parameter of
// the function it is in: buildTx(d.db, clauses).
func givesSliceParam(c *call, call *ast.CallExpr) bool {
	for _, a := range call.Args {
		id, ok := ast.Unparen(a).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := c.info.Uses[id].(*types.Var)
		if !ok || !isParamOf(c, v) {
			continue
		}
		if _, ok := v.Type().Underlying().(*types.Slice); ok {
			return true
		}
	}
	return false
}
