package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// A finisher turns the builder into one statement: First and Last read one
// row in primary-key order, Take any one, Find all of them; Update and
// Updates write, with the model value's primary key as a condition when it
// has one; Delete deletes (or, for a soft-delete model, sets deleted_at);
// Create and Save insert. After Raw, and for Exec, the statement is the
// text given.

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
				q.order = append(q.order, quoteColumn(pk))
			}
			q.limit = &gormCond{text: "LIMIT 1"}
		case "Last":
			if pk != "" {
				q.order = append(q.order, quoteColumn(pk)+" DESC")
			}
			q.limit = &gormCond{text: "LIMIT 1"}
		case "Take":
			q.limit = &gormCond{text: "LIMIT 1"}
		case "FindInBatches":
			if pk != "" {
				q.order = append(q.order, quoteColumn(pk))
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
	case "Related":
		return q.related(arg(0), len(args) > 1)
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
		if len(args) < 2 {
			return gormStmt{}
		}
		return q.rawStmt(args[1], args[1:])
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
				q.order = append(q.order, quoteColumn(pk)+dir)
			}
			q.limit = &gormCond{text: "LIMIT 1"}
		case "Take":
			q.limit = &gormCond{text: "LIMIT 1"}
		case "FindInBatches":
			if pk != "" {
				q.order = append(q.order, quoteColumn(pk))
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
	case "Related":
		return q.related(arg(0), len(args) > 1)
	case "Create", "CreateInBatches":
		return q.insertStmt(arg(1))
	}
	return gormStmt{}
}

// rawStmt is Exec(sql, values...) or Raw(sql, values...).
func (q *gormQuery) rawStmt(sql ast.Expr, args []ast.Expr) gormStmt {
	if sql == nil || len(args) == 0 {
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
	if q.filledBefore(v) {
		return false // read into first: the key is the row's
	}
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
	q.conds = append(q.conds, gormCond{text: quoteColumn(pk) + op, args: []ast.Expr{v}})
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

// filledBefore reports whether the variable v names (x or &x) is handed
// to another call before this one: m := &Bundle{}; tx.Find(m, ...);
// tx.Save(m) saves the row the read loaded, whatever the literal said.
func (q *gormQuery) filledBefore(v ast.Expr) bool {
	e := ast.Unparen(v)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	obj := q.c.info.Uses[id]
	body := q.c.out.Body()
	if obj == nil || body == nil || q.c.expr == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok || call == q.c.expr || call.End() > q.c.expr.Pos() {
			return !found
		}
		for _, a := range call.Args {
			a = ast.Unparen(a)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = ast.Unparen(u.X)
			}
			if aid, ok := a.(*ast.Ident); ok && q.c.info.Uses[aid] == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// related builds GORM v1's db.Model(&src).Related(&dest): a SELECT of
// dest's table by the key that links it to src. v1 looks for the key
// field by name, dest's type name + "Id" first, then src's: held by src
// (src belongs to dest: WHERE dest.pk = src's key), or by dest (src has
// dest rows: WHERE dest.fk = src's primary key). Explicit foreign keys
// and many2many links are not followed: unknown.
func (q *gormQuery) related(dest ast.Expr, explicit bool) gormStmt {
	src, srcArg := q.model(), q.modelArg
	if !q.v1 || dest == nil || explicit || src == nil || srcArg == nil || src.obj == nil {
		return gormStmt{}
	}
	if u, ok := ast.Unparen(srcArg).(*ast.UnaryExpr); ok && u.Op == token.AND {
		srcArg = u.X
	}
	q.modelT, q.modelArg, q.gm = q.c.info.TypeOf(dest), dest, nil
	dst := q.model()
	if dst == nil || dst.obj == nil {
		return gormStmt{}
	}
	for _, key := range []string{dst.obj.Name() + "Id", src.obj.Name() + "Id"} {
		if f := fieldNamed(src.obj, key); f != "" {
			if pk := dst.pk(); pk != "" {
				q.conds = append(q.conds, gormCond{text: quoteColumn(pk) + " = ?", args: []ast.Expr{srcArg}})
				break
			}
			return gormStmt{}
		}
		if f := fieldNamed(dst.obj, key); f != "" {
			col := dst.column(f)
			if col == "" || src.pk() == "" {
				return gormStmt{}
			}
			q.conds = append(q.conds, gormCond{text: quoteColumn(col) + " = ?", args: []ast.Expr{srcArg}})
			break
		}
	}
	if len(q.conds) == 0 {
		return gormStmt{}
	}
	st := q.selectStmt()
	st.dest = []ast.Expr{dest}
	return st
}

// fieldNamed is the name of the field of struct obj that GORM v1 finds
// by name: the same name, ignoring case (v1 also matches "Id" with "ID").
func fieldNamed(obj *types.TypeName, name string) string {
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); strings.EqualFold(f.Name(), name) {
			return f.Name()
		}
	}
	return ""
}
