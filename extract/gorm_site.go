package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/sqltext"
)

// gormSite records the statement a GORM finisher sends.
func gormSite(c *call, v1, generic bool) {
	s, gm := gormBuildSite(c, v1, generic)
	c.out.Sites = append(c.out.Sites, s)
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
	if f.gormState == nil || table == nil {
		return
	}
	st := f.gormState
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
	q.partial = q.partial || ch.partial
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: gormFramework(v1),
		Method:    c.fn.Name(),
		Handle:    gormHandle(c, ch, gormRootOf(c, ch, 0)),
		Loop:      c.loop,
		info:      c.info,
	}
	st := q.finish(c.fn.Name(), c.expr.Args, generic)
	s.Dest = st.dest
	if st.text != "" && !q.lockUnknown {
		s.Text, s.Args = st.text, st.args
		s.SQL = summarize(st.text)
	}
	if st.query && q.ignored != nil && q.lock == "" {
		s.IgnoredLock = &IgnoredLock{Call: q.ignored, Option: q.ignoredText}
	}
	return s, q.model()
}

// gormStmt is the SQL a finisher sends.
type gormStmt struct {
	text  string
	args  []ast.Expr
	dest  []ast.Expr
	query bool // a SELECT built from the chain (not Raw)
}

// finish builds the statement of finisher name called with args.
func (q *gormQuery) finish(name string, args []ast.Expr, generic bool) gormStmt {
	arg := func(i int) ast.Expr {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	if generic {
		return q.finishGeneric(name, args)
	}
	switch name {
	case "Exec":
		return q.rawStmt(arg(0), args)
	case "First", "Take", "Last", "Find", "FindInBatches", "FirstOrInit", "FirstOrCreate":
		dest := arg(0)
		if q.raw != nil {
			return gormStmt{text: q.raw.text, args: q.raw.args, dest: []ast.Expr{dest}}
		}
		if dest != nil {
			q.setModel(q.c.info.TypeOf(dest), dest)
		}
		if name != "FindInBatches" && len(args) > 1 {
			q.inline(args[1], args[2:])
		}
		if dest != nil && !q.pkZero(dest) && compositeOf(q.c, dest) != nil {
			q.pkFrom(dest) // a struct literal with its key set: GORM adds it
		}
		pk := q.model().pk()
		switch name {
		case "First", "FirstOrInit", "FirstOrCreate":
			if pk != "" {
				q.order = append(q.order, q.qualified(pk))
			}
			q.limit = &gormCond{text: "LIMIT 1"}
		case "Last":
			if pk != "" {
				q.order = append(q.order, q.qualified(pk)+" DESC")
			}
			q.limit = &gormCond{text: "LIMIT 1"}
		case "Take":
			q.limit = &gormCond{text: "LIMIT 1"}
		case "FindInBatches":
			if pk != "" {
				q.order = append(q.order, q.qualified(pk))
			}
			q.limit = &gormCond{text: "LIMIT ?", args: []ast.Expr{arg(1)}}
		}
		st := q.selectStmt()
		st.dest = []ast.Expr{dest}
		return st
	case "Scan", "Row", "Rows", "Pluck", "Count":
		var dest ast.Expr
		switch name {
		case "Scan":
			dest = arg(0)
		case "Pluck":
			dest = arg(1)
		case "Count":
			dest = arg(0)
		}
		if q.raw != nil {
			st := gormStmt{text: q.raw.text, args: q.raw.args}
			if dest != nil {
				st.dest = []ast.Expr{dest}
			}
			return st
		}
		switch name {
		case "Scan":
			q.setModel(q.c.info.TypeOf(dest), dest)
		case "Pluck":
			if s, ok := textOf(q.c.info, q.c.defs, arg(0)); ok {
				q.sel = s
			}
		case "Count":
			q.sel = "count(*)"
		}
		st := q.selectStmt()
		if dest != nil {
			st.dest = []ast.Expr{dest}
		}
		return st
	case "Update", "UpdateColumn":
		if len(args) == 1 { // v1: Update(map[string]interface{}{...})
			return q.updateStmt(q.setsFrom(args[0]))
		}
		return q.updateStmt(q.setColumn(arg(0), arg(1)))
	case "Updates", "UpdateColumns":
		if v := arg(0); v != nil {
			q.setModel(q.c.info.TypeOf(v), v)
		}
		return q.updateStmt(q.setsFrom(arg(0)))
	case "Save":
		v := arg(0)
		q.setModel(q.c.info.TypeOf(v), v)
		if v != nil && q.pkZero(v) {
			return q.insertStmt(v)
		}
		return q.updateStmt([]gormCond{{text: sqltext.Hole}})
	case "Delete":
		v := arg(0)
		q.setModel(q.c.info.TypeOf(v), v)
		if len(args) > 1 {
			q.inline(args[1], args[2:])
		}
		return q.deleteStmt()
	case "Create", "CreateInBatches":
		v := arg(0)
		q.setModel(q.c.info.TypeOf(v), v)
		return q.insertStmt(v)
	}
	return gormStmt{}
}

// finishGeneric builds the statement of a gorm.G[T] finisher, whose first
// argument is the context.
func (q *gormQuery) finishGeneric(name string, args []ast.Expr) gormStmt {
	arg := func(i int) ast.Expr {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	if name == "Exec" {
		return q.rawStmt(arg(1), args[1:])
	}
	if q.raw != nil {
		return gormStmt{text: q.raw.text, args: q.raw.args}
	}
	pk := q.model().pk()
	switch name {
	case "First", "Last", "Take", "Find", "FindInBatches", "Scan", "Row", "Rows":
		switch name {
		case "First", "Last":
			if pk != "" {
				dir := ""
				if name == "Last" {
					dir = " DESC"
				}
				q.order = append(q.order, q.qualified(pk)+dir)
			}
			q.limit = &gormCond{text: "LIMIT 1"}
		case "Take":
			q.limit = &gormCond{text: "LIMIT 1"}
		case "FindInBatches":
			if pk != "" {
				q.order = append(q.order, q.qualified(pk))
			}
			q.limit = &gormCond{text: "LIMIT ?", args: []ast.Expr{arg(1)}}
		}
		st := q.selectStmt()
		if name == "Scan" && arg(1) != nil {
			st.dest = []ast.Expr{arg(1)}
		}
		return st
	case "Count":
		q.sel = "count(*)"
		return q.selectStmt()
	case "Delete":
		return q.deleteStmt()
	case "Update":
		if len(args) == 3 {
			return q.updateStmt(q.setColumn(arg(1), arg(2)))
		}
		return q.updateStmt([]gormCond{{text: sqltext.Hole}}) // after Set(...)
	case "Updates":
		return q.updateStmt(q.setsFrom(arg(1)))
	case "Create", "CreateInBatches":
		return q.insertStmt(arg(1))
	}
	return gormStmt{}
}

// rawStmt is Exec(sql, values...) or Raw(sql, values...).
func (q *gormQuery) rawStmt(sql ast.Expr, args []ast.Expr) gormStmt {
	if sql == nil {
		return gormStmt{}
	}
	text, ok := textOf(q.c.info, q.c.defs, sql)
	if !ok {
		return gormStmt{}
	}
	return gormStmt{text: text, args: args[1:]}
}

// inline adds a finisher's inline conditions: First(&u, id), Find(&us,
// "status = ?", s).
func (q *gormQuery) inline(query ast.Expr, args []ast.Expr) {
	cond, ok := q.condition(query, args)
	switch {
	case !ok:
		q.partial = true
	case cond.text != "":
		q.conds = append(q.conds, cond)
	}
}

// pkZero reports whether the model value v has no primary key set: a
// literal that does not set it, or new(T). GORM then has no key to add to
// the WHERE clause (and Save inserts).
func (q *gormQuery) pkZero(v ast.Expr) bool {
	if call, ok := ast.Unparen(v).(*ast.CallExpr); ok {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "new" {
			if _, builtin := q.c.info.Uses[id].(*types.Builtin); builtin {
				return true
			}
		}
	}
	lit := compositeOf(q.c, v)
	if lit == nil {
		return false
	}
	if _, isSlice := q.c.info.TypeOf(lit).Underlying().(*types.Slice); isSlice {
		return len(lit.Elts) == 0
	}
	pk := q.model().pk()
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if key, ok := kv.Key.(*ast.Ident); ok && q.model().column(key.Name) == pk && pk != "" && !isZeroValue(q.c.info, kv.Value) {
				return false
			}
		}
	}
	return true
}

// pkFrom adds the condition GORM derives from a model value whose primary
// key is set: `id = ?`, or `id IN (?)` for a slice of models.
func (q *gormQuery) pkFrom(v ast.Expr) {
	pk := q.model().pk()
	if pk == "" {
		q.partial = true
		return
	}
	op := " = ?"
	if t := q.c.info.TypeOf(v); t != nil {
		if _, ok := gormDeref(t).Underlying().(*types.Slice); ok {
			op = " IN (?)"
		}
	}
	// GORM binds the key field of the value: bind the value itself (t for
	// &t), which is what holds it, so that rules see the key comes from t.
	if u, ok := ast.Unparen(v).(*ast.UnaryExpr); ok && u.Op == token.AND {
		v = u.X
	}
	q.conds = append(q.conds, gormCond{text: q.qualified(pk) + op, args: []ast.Expr{v}})
}

func gormDeref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// setColumn is the assignment of Update("balance", gorm.Expr("balance -
// ?", n)) or Update("status", s).
func (q *gormQuery) setColumn(col, val ast.Expr) []gormCond {
	name, ok := textOf(q.c.info, q.c.defs, col)
	if !ok {
		return []gormCond{{text: sqltext.Hole}}
	}
	return []gormCond{q.assignment(name, val)}
}

func (q *gormQuery) assignment(col string, val ast.Expr) gormCond {
	if call, ok := ast.Unparen(val).(*ast.CallExpr); ok && isGORMFunc(q.c.info, call, "Expr", true) && len(call.Args) > 0 {
		if text, ok := textOf(q.c.info, q.c.defs, call.Args[0]); ok {
			return gormCond{text: quoteColumn(col) + " = " + text, args: call.Args[1:]}
		}
	}
	return gormCond{text: quoteColumn(col) + " = ?", args: []ast.Expr{val}}
}

// setsFrom reads the assignments of Updates(map or struct literal).
func (q *gormQuery) setsFrom(v ast.Expr) []gormCond {
	lit := compositeOf(q.c, v)
	if lit == nil {
		return []gormCond{{text: sqltext.Hole}}
	}
	var out []gormCond
	_, isMap := q.c.info.TypeOf(lit).Underlying().(*types.Map)
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return []gormCond{{text: sqltext.Hole}}
		}
		var col string
		if isMap {
			tv := q.c.info.Types[kv.Key]
			if tv.Value == nil {
				return []gormCond{{text: sqltext.Hole}}
			}
			col, _ = textOf(q.c.info, q.c.defs, kv.Key)
		} else if key, ok := kv.Key.(*ast.Ident); ok {
			if isZeroValue(q.c.info, kv.Value) {
				continue // Updates skips zero fields of a struct
			}
			col = q.c.gormModelOf(q.c.info.TypeOf(lit), q.v1).column(key.Name)
		}
		if col == "" {
			return []gormCond{{text: sqltext.Hole}}
		}
		out = append(out, q.assignment(col, kv.Value))
	}
	if len(out) == 0 {
		return []gormCond{{text: sqltext.Hole}}
	}
	return out
}

// qualified writes a column of the statement's table.
func (q *gormQuery) qualified(col string) string { return quoteColumn(col) }

// tableSQL is the statement's table: Table()'s text, the model's table,
// or sqltext.Hole when unknown.
func (q *gormQuery) tableSQL() string {
	if q.tableSet {
		if strings.TrimSpace(q.table) == "" {
			return sqltext.Hole
		}
		return q.table
	}
	if gm := q.model(); gm != nil && gm.table != "" {
		parts := strings.Split(gm.table, ".")
		for i, p := range parts {
			parts[i] = "`" + p + "`"
		}
		return strings.Join(parts, ".")
	}
	return sqltext.Hole
}

// where writes the WHERE conditions as GORM joins them: AND, or OR for
// db.Or, in order, relying on SQL's precedence as GORM does.
func (q *gormQuery) where() (string, []ast.Expr) {
	var b strings.Builder
	var args []ast.Expr
	for i, cd := range q.conds {
		if i > 0 {
			if cd.or {
				b.WriteString(" OR ")
			} else {
				b.WriteString(" AND ")
			}
		}
		b.WriteString(cd.text)
		args = append(args, nonNil(cd.args)...)
	}
	return b.String(), args
}

// whereClause is " WHERE ..." or "". A condition locklint could not read
// is written as sqltext.Hole ANDed to the rest: sqltext reads it as a
// condition that might make an index usable, so a partial WHERE is never
// called unindexed.
func (q *gormQuery) whereClause() (string, []ast.Expr) {
	w, args := q.where()
	if q.partial {
		if w == "" {
			w = sqltext.Hole
		} else {
			w = "(" + w + ") AND " + sqltext.Hole
		}
	}
	if w == "" {
		return "", nil
	}
	return " WHERE " + w, args
}

func nonNil(es []ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, e := range es {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// selectStmt writes the SELECT the chain describes, in GORM's clause
// order: SELECT FROM JOIN WHERE GROUP BY HAVING ORDER BY LIMIT FOR.
func (q *gormQuery) selectStmt() gormStmt {
	var b strings.Builder
	var args []ast.Expr
	b.WriteString("SELECT ")
	if q.distinct {
		b.WriteString("DISTINCT ")
	}
	if q.sel != "" {
		b.WriteString(q.sel)
	} else {
		b.WriteString("*")
	}
	b.WriteString(" FROM " + q.tableSQL())
	for _, j := range q.joins {
		b.WriteString(" " + j.text)
		args = append(args, nonNil(j.args)...)
	}
	w, wargs := q.whereClause()
	b.WriteString(w)
	args = append(args, wargs...)
	if q.group != "" {
		b.WriteString(" GROUP BY " + q.group)
	}
	for i, h := range q.having {
		if i == 0 {
			b.WriteString(" HAVING ")
		} else {
			b.WriteString(" AND ")
		}
		b.WriteString(h.text)
		args = append(args, nonNil(h.args)...)
	}
	if len(q.order) > 0 {
		b.WriteString(" ORDER BY " + strings.Join(q.order, ", "))
	}
	if q.limit != nil {
		b.WriteString(" " + q.limit.text)
		args = append(args, nonNil(q.limit.args)...)
	}
	if q.lock != "" {
		b.WriteString(" " + q.lock)
	}
	return gormStmt{text: b.String(), args: args, query: true}
}

// updateStmt writes UPDATE ... SET sets WHERE ..., with the model value's
// primary key when it has one set (Model(&acc).Update(...)).
func (q *gormQuery) updateStmt(sets []gormCond) gormStmt {
	q.modelKey()
	var b strings.Builder
	var args []ast.Expr
	b.WriteString("UPDATE " + q.tableSQL() + " SET ")
	for i, s := range sets {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.text)
		args = append(args, nonNil(s.args)...)
	}
	w, wargs := q.whereClause()
	b.WriteString(w)
	args = append(args, wargs...)
	return gormStmt{text: b.String(), args: args}
}

// deleteStmt writes DELETE, or for a model with gorm.DeletedAt the UPDATE
// GORM sends instead (unless Unscoped).
func (q *gormQuery) deleteStmt() gormStmt {
	if gm := q.model(); gm != nil && gm.m != nil && gm.m.SoftDelete != "" && !q.unscoped {
		return q.updateStmt([]gormCond{{text: quoteColumn(gm.m.SoftDelete) + " = ?"}})
	}
	q.modelKey()
	w, args := q.whereClause()
	return gormStmt{text: "DELETE FROM " + q.tableSQL() + w, args: args}
}

// modelKey adds the primary-key condition of the model value, unless the
// value is known to have none set.
func (q *gormQuery) modelKey() {
	if q.modelArg != nil && !q.pkZero(q.modelArg) {
		q.pkFrom(q.modelArg)
		q.modelArg = nil
	}
}

// insertStmt writes INSERT INTO t (the literal's columns) VALUES (...).
func (q *gormQuery) insertStmt(v ast.Expr) gormStmt {
	var cols []string
	var args []ast.Expr
	if lit := compositeOf(q.c, v); lit != nil {
		if gm := q.c.gormModelOf(q.c.info.TypeOf(lit), q.v1); gm != nil {
			for _, elt := range lit.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok {
						if col := gm.column(key.Name); col != "" {
							cols = append(cols, quoteColumn(col))
							args = append(args, kv.Value)
						}
					}
				}
			}
		}
	}
	text := "INSERT INTO " + q.tableSQL()
	if len(cols) > 0 {
		text += " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	} else {
		text += " VALUES " + sqltext.Hole
		args = nil
	}
	if q.onConflict {
		if pk := q.model().pk(); pk != "" {
			text += " ON DUPLICATE KEY UPDATE " + quoteColumn(pk) + " = " + quoteColumn(pk)
		} else {
			text += " ON DUPLICATE KEY UPDATE " + sqltext.Hole + " = 1"
		}
	}
	return gormStmt{text: text, args: args}
}
