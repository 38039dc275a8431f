package sqltext

import (
	"sort"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// builder turns the AST of one statement into its Summary.
type builder struct {
	n          *normalized
	start, end int   // the statement's range in n.text
	params     []int // offsets of the statement's placeholders, in order
	s          *Summary

	refs []tableRef      // every table the statement reads or writes, in walk order
	ctes map[string]bool // WITH names, which are not tables
	// unknown is set when a Sprintf hole hides part of a clause, so that a
	// missing WHERE may just be unseen.
	unknown bool
	// nested counts the subqueries the walk is inside; the queries of
	// WITH clauses are not counted: the statement reads their rows.
	nested     int
	cteQueries map[*ast.SubqueryExpr]bool
	// own is the subquery depth of the tables the statement itself reads:
	// 0, or 1 for a SELECT that only wraps one subquery.
	own int
	// ownSel is the query a SELECT statement is (itself, or the one
	// subquery it wraps).
	ownSel *ast.SelectStmt
	// inner is set when building the summary of a locking subquery,
	// whose own locking subqueries the outer statement lists.
	inner bool
	// locking are the subqueries with a lock clause the walk met, in
	// walk order, and defaulted the queries whose missing row COALESCE
	// or IFNULL replaces: what lockingSubqueries reads.
	locking   []*ast.SubqueryExpr
	defaulted map[*ast.SelectStmt]bool
}

// tableRef is a table reference of a FROM clause or a DML target.
type tableRef struct {
	name  string         // lower case; "" for a Sprintf hole or a derived table
	alias string         // lower case, "" if none
	tn    *ast.TableName // nil for a derived table
	// depth is the number of subqueries around the reference.
	depth int
}

func (b *builder) build(st ast.StmtNode) *Summary {
	s := &Summary{}
	b.s = s
	b.unknown = b.inRange(b.n.unknown)
	b.ctes = cteNames(st)
	st.Accept(walker{b})

	switch st := st.(type) {
	case *ast.SelectStmt:
		s.Kind = KindSelect
		if inner := soleSubquery(st); inner != nil {
			// SELECT COALESCE((SELECT v FROM t WHERE k = ? FOR UPDATE), 0):
			// the statement is the subquery it wraps.
			b.own = 1
			s.DefaultsMissing = defaultedIn(st.Fields)[inner]
			st = inner
		}
		b.query(st)
		b.ownSel = st
	case *ast.SetOprStmt:
		s.Kind = KindSelect
		b.setOpr(st)
	case *ast.InsertStmt:
		b.insert(st)
	case *ast.UpdateStmt:
		b.update(st)
	case *ast.DeleteStmt:
		b.delete(st)
	case *ast.LockTablesStmt:
		b.lockTables(st)
	case *ast.UnlockTablesStmt:
		s.Kind = KindUnlockTables
	case *ast.FlushStmt:
		b.flush(st)
	case *ast.SetStmt:
		b.set(st)
	case *ast.BeginStmt:
		s.Kind = KindBegin
	case *ast.CommitStmt:
		s.Kind = KindCommit
	case *ast.RollbackStmt:
		// ROLLBACK TO SAVEPOINT leaves the transaction (and its locks) open.
		s.Kind = KindRollback
		if st.SavepointName != "" {
			s.Kind = KindOther
		}
	case ast.DDLNode:
		b.ddl(st)
	default:
		s.Kind = KindOther
	}
	if !b.inner && s.Kind >= KindSelect && s.Kind <= KindDelete {
		b.lockingSubqueries()
	}
	return s
}

// inRange reports whether one of the sorted offsets lies in the statement.
func (b *builder) inRange(offs []int) bool {
	i := sort.SearchInts(offs, b.start)
	return i < len(offs) && offs[i] < b.end
}

// param returns the statement-relative index of the placeholder at offset off.
func (b *builder) param(off int) int {
	i := sort.SearchInts(b.params, off)
	if i == len(b.params) {
		return -1
	}
	return i
}

func cteNames(st ast.StmtNode) map[string]bool {
	var w *ast.WithClause
	switch st := st.(type) {
	case *ast.SelectStmt:
		w = st.With
	case *ast.SetOprStmt:
		w = st.With
	case *ast.UpdateStmt:
		w = st.With
	case *ast.DeleteStmt:
		w = st.With
	}
	if w == nil || len(w.CTEs) == 0 {
		return nil
	}
	m := make(map[string]bool, len(w.CTEs))
	for _, c := range w.CTEs {
		m[c.Name.L] = true
	}
	return m
}

// walker visits the whole statement once, collecting table references
// (joins, subqueries, derived tables) and advisory-lock calls.
type walker struct{ b *builder }

func (w walker) Enter(n ast.Node) (ast.Node, bool) {
	b := w.b
	switch n := n.(type) {
	case *ast.TableSource:
		alias := n.AsName.L
		if isHole(alias) {
			// FROM t %s: the hole may hold a WHERE, a JOIN, an index hint...
			b.unknown = true
			alias = ""
		}
		if tn, ok := n.Source.(*ast.TableName); ok {
			name := tn.Name.L
			if tn.Schema.L == "" && b.ctes[name] {
				break
			}
			if isHole(name) {
				name = ""
			}
			b.refs = append(b.refs, tableRef{name: name, alias: alias, tn: tn, depth: b.nested})
		}
	case *ast.WithClause:
		for _, c := range n.CTEs {
			if b.cteQueries == nil {
				b.cteQueries = map[*ast.SubqueryExpr]bool{}
			}
			b.cteQueries[c.Query] = true
		}
	case *ast.SubqueryExpr:
		if !b.cteQueries[n] {
			b.nested++
		}
		if sel, ok := n.Query.(*ast.SelectStmt); ok && sel.LockInfo != nil && sel.LockInfo.LockType != ast.SelectLockNone {
			b.locking = append(b.locking, n)
		}
	case *ast.FuncCallExpr:
		if q := defaultedSubquery(n); q != nil {
			if b.defaulted == nil {
				b.defaulted = map[*ast.SelectStmt]bool{}
			}
			b.defaulted[q] = true
		}
		switch n.FnName.L {
		case "get_lock":
			b.s.GetLock = true
			if len(n.Args) == 2 && setValue(n.Args[1]) == "0" {
				b.s.GetLockNoWait = true
			}
		case "release_lock", "release_all_locks":
			b.s.ReleaseLock = true
		}
	}
	return n, false
}

func (w walker) Leave(n ast.Node) (ast.Node, bool) {
	if q, ok := n.(*ast.SubqueryExpr); ok && !w.b.cteQueries[q] {
		w.b.nested--
	}
	return n, true
}

// tables sets Summary.Tables from the collected references, the targets
// (matched by their *ast.TableName) first.
func (b *builder) tables(targets ...*ast.TableName) {
	if len(b.refs) == 0 {
		return
	}
	out := make([]TableRef, 0, len(b.refs))
	used := make([]bool, len(b.refs))
	for _, t := range targets {
		for i, r := range b.refs {
			if !used[i] && r.tn == t {
				used[i] = true
				out = append(out, TableRef{Name: r.name, Alias: r.alias, Nested: r.depth > b.own})
			}
		}
	}
	for i, r := range b.refs {
		if !used[i] {
			out = append(out, TableRef{Name: r.name, Alias: r.alias, Nested: r.depth > b.own})
		}
	}
	b.s.Tables = out
}

// where converts a WHERE clause; a clause hidden in a Sprintf hole is
// opaque rather than absent.
func (b *builder) where(e ast.ExprNode, sc *scope) *Cond {
	if e == nil {
		if b.unknown {
			return &Cond{Op: CondOpaque}
		}
		return nil
	}
	return b.cond(e, sc)
}

func (b *builder) query(sel *ast.SelectStmt) {
	s := b.s
	s.Where = b.where(sel.Where, b.scope(sel.From))
	s.Columns = resultColumns(sel.Fields)
	s.CountOnly = countOnly(sel.Fields)
	s.Lock, s.LockOption = lockOf(sel.LockInfo)
	b.forShare()
	s.OrderBy = orderBy(sel.OrderBy)
	s.Limit = sel.Limit != nil
	b.tables()
}

// resultColumns names the columns of a select list (Summary.Columns).
func resultColumns(fl *ast.FieldList) []string {
	if fl == nil {
		return nil
	}
	out := make([]string, 0, len(fl.Fields))
	for _, f := range fl.Fields {
		switch {
		case f.WildCard != nil:
			out = append(out, "*")
		default:
			name := ""
			if c, ok := unparen(f.Expr).(*ast.ColumnNameExpr); ok && !isHole(c.Name.Name.L) {
				name = c.Name.Name.L
			}
			out = append(out, name)
		}
	}
	return out
}

// countOnly reports whether a select list is one COUNT(...).
func countOnly(fl *ast.FieldList) bool {
	if fl == nil || len(fl.Fields) != 1 || fl.Fields[0].WildCard != nil {
		return false
	}
	agg, ok := unparen(fl.Fields[0].Expr).(*ast.AggregateFuncExpr)
	return ok && strings.EqualFold(agg.F, "count")
}

// setOpr summarizes UNION / EXCEPT / INTERSECT: it locks if any part
// locks, and its condition is the OR of the parts' (none if a part has no
// WHERE).
func (b *builder) setOpr(st *ast.SetOprStmt) {
	s := b.s
	var parts []*ast.SelectStmt
	selects(st.SelectList, &parts)
	var where []*Cond
	all := true
	for _, p := range parts {
		if l, o := lockOf(p.LockInfo); l > s.Lock {
			s.Lock, s.LockOption = l, o
		}
		if w := b.where(p.Where, b.scope(p.From)); w != nil {
			where = append(where, w)
		} else {
			all = false
		}
	}
	if all && len(where) > 0 {
		s.Where = junction(CondOr, where...)
	}
	b.forShare()
	s.OrderBy = orderBy(st.OrderBy)
	s.Limit = st.Limit != nil
	b.tables()
}

func selects(l *ast.SetOprSelectList, out *[]*ast.SelectStmt) {
	if l == nil {
		return
	}
	for _, n := range l.Selects {
		switch n := n.(type) {
		case *ast.SelectStmt:
			*out = append(*out, n)
		case *ast.SetOprSelectList:
			selects(n, out)
		case *ast.SetOprStmt:
			selects(n.SelectList, out)
		}
	}
}

func lockOf(li *ast.SelectLockInfo) (Lock, LockOption) {
	if li == nil {
		return LockNone, LockWait
	}
	switch li.LockType {
	case ast.SelectLockForUpdate:
		return LockExclusive, LockWait
	case ast.SelectLockForUpdateNoWait:
		return LockExclusive, LockNoWait
	case ast.SelectLockForUpdateWaitN:
		return LockExclusive, LockWaitN
	case ast.SelectLockForUpdateSkipLocked:
		return LockExclusive, LockSkipLocked
	case ast.SelectLockForShare:
		return LockShared, LockWait
	case ast.SelectLockForShareNoWait:
		return LockShared, LockNoWait
	case ast.SelectLockForShareSkipLocked:
		return LockShared, LockSkipLocked
	}
	return LockNone, LockWait
}

// forShare sets ForShareSyntax: the AST does not tell FOR SHARE from LOCK
// IN SHARE MODE, so the normalizer noted where FOR SHARE was written.
func (b *builder) forShare() {
	if b.s.Lock != LockShared {
		return
	}
	b.s.ForShareSyntax = b.inRange(b.n.forShare)
	if b.inRange(b.n.shareWait) {
		b.s.LockOption = LockWaitN
	}
}

func orderBy(ob *ast.OrderByClause) []string {
	if ob == nil || len(ob.Items) == 0 {
		return nil
	}
	out := make([]string, len(ob.Items))
	for i, it := range ob.Items {
		if c, ok := unparen(it.Expr).(*ast.ColumnNameExpr); ok && !isHole(c.Name.Name.L) {
			out[i] = c.Name.Name.L
		}
	}
	return out
}

func (b *builder) insert(st *ast.InsertStmt) {
	s := b.s
	s.Kind = KindInsert
	s.Replace = st.IsReplace
	s.Ignore = st.IgnoreErr
	s.OnDuplicateKey = len(st.OnDuplicate) > 0
	for _, c := range st.Columns {
		name := c.Name.L
		if isHole(name) {
			name = ""
		}
		s.InsertColumns = append(s.InsertColumns, name)
	}
	if len(st.Lists) == 1 && len(st.Lists[0]) == len(st.Columns) {
		for _, e := range st.Lists[0] {
			s.InsertValues = append(s.InsertValues, b.value(e))
		}
	}
	var sc *scope
	var target *ast.TableName
	if st.Table != nil {
		sc = b.scope(st.Table)
		if len(sc.local) > 0 {
			target = sc.local[0].tn
		}
	} else {
		sc = &scope{b: b}
	}
	if st.Select != nil {
		s.InsertSelect = true
		switch sel := st.Select.(type) {
		case *ast.SelectStmt:
			// The source rows are what INSERT ... SELECT reads and locks.
			s.Where = b.where(sel.Where, b.scope(sel.From))
			s.Lock, s.LockOption = lockOf(sel.LockInfo)
		case *ast.SetOprStmt:
			var parts []*ast.SelectStmt
			selects(sel.SelectList, &parts)
			for _, p := range parts {
				if l, o := lockOf(p.LockInfo); l > s.Lock {
					s.Lock, s.LockOption = l, o
				}
			}
		}
		b.forShare()
	}
	for _, a := range st.OnDuplicate {
		s.Set = append(s.Set, b.assign(a, sc))
	}
	b.tables(target)
}

func (b *builder) update(st *ast.UpdateStmt) {
	s := b.s
	s.Kind = KindUpdate
	sc := b.scope(st.TableRefs)
	for _, a := range st.List {
		s.Set = append(s.Set, b.assign(a, sc))
	}
	s.Where = b.where(st.Where, sc)
	s.OrderBy = orderBy(st.Order)
	s.Limit = st.Limit != nil
	var target *ast.TableName
	if len(sc.local) > 0 {
		target = sc.local[0].tn
	}
	b.tables(target)
}

func (b *builder) delete(st *ast.DeleteStmt) {
	s := b.s
	s.Kind = KindDelete
	sc := b.scope(st.TableRefs)
	s.Where = b.where(st.Where, sc)
	s.OrderBy = orderBy(st.Order)
	s.Limit = st.Limit != nil
	var targets []*ast.TableName
	if st.IsMultiTable && st.Tables != nil {
		// DELETE a, b FROM ...: the targets name tables or aliases of the join.
		for _, t := range st.Tables.Tables {
			if r := sc.ref(t.Name.L); r != nil {
				targets = append(targets, r.tn)
			}
		}
	} else if len(sc.local) > 0 {
		targets = append(targets, sc.local[0].tn)
	}
	b.tables(targets...)
}

// assign converts one SET or ON DUPLICATE KEY UPDATE assignment.
func (b *builder) assign(a *ast.Assignment, sc *scope) Assignment {
	col := a.Column.Name.L
	if isHole(col) {
		return Assignment{Value: Value{Kind: ValueOpaque, Param: -1}} // SET %s
	}
	return Assignment{
		Column:   col,
		Relative: b.refersTo(a.Expr, a.Column, sc),
		Value:    b.value(a.Expr),
	}
}

// soleSubquery returns the query of the one subquery a SELECT without
// FROM or WHERE wraps (in its select list, under functions such as
// COALESCE or IFNULL), or nil.
func soleSubquery(sel *ast.SelectStmt) *ast.SelectStmt {
	if sel.From != nil || sel.Where != nil || sel.Fields == nil || sel.LockInfo != nil && sel.LockInfo.LockType != ast.SelectLockNone {
		return nil
	}
	f := &subqueryFinder{}
	for _, field := range sel.Fields.Fields {
		if field.Expr != nil {
			field.Expr.Accept(f)
		}
	}
	if len(f.found) != 1 {
		return nil
	}
	inner, ok := f.found[0].Query.(*ast.SelectStmt)
	if !ok || inner.From == nil {
		return nil
	}
	return inner
}

// subqueryFinder collects the outermost subqueries of an expression.
type subqueryFinder struct{ found []*ast.SubqueryExpr }

func (f *subqueryFinder) Enter(n ast.Node) (ast.Node, bool) {
	if q, ok := n.(*ast.SubqueryExpr); ok {
		f.found = append(f.found, q)
		return n, true
	}
	return n, false
}

func (f *subqueryFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// lockingSubqueries sets Summary.LockingSubqueries: the subqueries of st
// (other than the queries of WITH clauses) that carry a lock clause, each
// built as a statement of its own. own is the query the statement itself
// is (a SELECT that wraps one subquery is that subquery), not listed.
// The walk of build collected them; the queries of WITH clauses are
// left out here, once the walk has seen every WITH clause.
func (b *builder) lockingSubqueries() {
	own := b.ownSel
	for _, q := range b.locking {
		sel := q.Query.(*ast.SelectStmt)
		if sel == own || b.cteQueries[q] {
			continue
		}
		sub := &builder{n: b.n, start: b.start, end: b.end, params: b.params, inner: true}
		ss := sub.build(sel)
		ss.DefaultsMissing = ss.DefaultsMissing || b.defaulted[sel]
		b.s.LockingSubqueries = append(b.s.LockingSubqueries, ss)
	}
}

// lockingFinder collects the SELECTs of subqueries that lock, and those
// whose missing row COALESCE or IFNULL replaces.
type lockingFinder struct {
	skip      map[*ast.SubqueryExpr]bool
	found     []*ast.SelectStmt
	defaulted map[*ast.SelectStmt]bool
}

func (f *lockingFinder) Enter(n ast.Node) (ast.Node, bool) {
	if q := defaultedSubquery(n); q != nil {
		if f.defaulted == nil {
			f.defaulted = map[*ast.SelectStmt]bool{}
		}
		f.defaulted[q] = true
	}
	if q, ok := n.(*ast.SubqueryExpr); ok && !f.skip[q] {
		if sel, ok := q.Query.(*ast.SelectStmt); ok && sel.LockInfo != nil && sel.LockInfo.LockType != ast.SelectLockNone {
			f.found = append(f.found, sel)
		}
	}
	return n, false
}

func (f *lockingFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// defaultedSubquery is the query of the subquery that n, a call of
// COALESCE or IFNULL, takes as its first argument, or nil.
func defaultedSubquery(n ast.Node) *ast.SelectStmt {
	fc, ok := n.(*ast.FuncCallExpr)
	if !ok || fc.FnName.L != "coalesce" && fc.FnName.L != "ifnull" || len(fc.Args) < 2 {
		return nil
	}
	q, ok := unparen(fc.Args[0]).(*ast.SubqueryExpr)
	if !ok {
		return nil
	}
	sel, _ := q.Query.(*ast.SelectStmt)
	return sel
}

// defaultedIn are the queries of a select list's subqueries that COALESCE
// or IFNULL default.
func defaultedIn(fl *ast.FieldList) map[*ast.SelectStmt]bool {
	f := &lockingFinder{}
	if fl != nil {
		for _, field := range fl.Fields {
			if field.Expr != nil {
				field.Expr.Accept(f)
			}
		}
	}
	return f.defaulted
}
