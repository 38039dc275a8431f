package extract

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// xorm's builder package (xorm.io/builder) writes conditions as Go values,
// which xorm's Where, And, Or and the condition of Update(bean, cond) or
// Find(&rows, cond) take, and whole statements, which xorm's Exec runs:
//
//	sess.Where(builder.Eq{"owner": id}.And(builder.Lt{"status": 3})).ForUpdate().Find(&rows)
//	sess.Exec(builder.Update(builder.Eq{"state": "done"}).From("jobs").Where(builder.Eq{"kind": k}))
//
// They are read back to the text the builder renders: a map condition
// (Eq, Neq, Lt, Lte, Gt, Gte) compares each key with its value, keys in
// sorted order, a slice value of Eq or Neq becoming IN or NOT IN; And, Or,
// In, NotIn, Expr, Like, IsNull, NotNull, Between and Not are what their
// names say. A Like's value is matched anywhere in the column ('%v%'),
// which no index can seek. What cannot be read (a condition assembled in
// a loop, a function's result) leaves the whole condition unknown.

// xormCondType reports whether t is one of the builder's condition types.
func xormCondType(t types.Type) bool {
	pkg, _ := named(t)
	return pkg == pkgXORMBuilder
}

// xormCond renders a builder condition.
func (w *sqWalk) xormCond(e ast.Expr, depth int) (sqPart, bool) {
	if depth > maxTextDepth || e == nil {
		return sqPart{}, false
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		if w.d.elemWritten[w.info.ObjectOf(x)] {
			return sqPart{}, false // cond[k] = v: not the literal's conditions
		}
		if v := w.d.value(w.info, x); v != nil {
			return w.xormCond(v, depth+1)
		}
		return sqPart{}, false
	case *ast.CompositeLit:
		return w.xormCondLit(x, depth)
	case *ast.CallExpr:
		return w.xormCondCall(x, depth)
	}
	return sqPart{}, false
}

func (w *sqWalk) xormCondLit(lit *ast.CompositeLit, depth int) (sqPart, bool) {
	pkg, name := named(w.info.TypeOf(lit))
	if pkg != pkgXORMBuilder {
		return sqPart{}, false
	}
	column := func(i int) (string, bool) {
		if i >= len(lit.Elts) {
			return "", false
		}
		return w.stringConst(lit.Elts[i])
	}
	switch name {
	case "Like":
		col, ok := column(0)
		if !ok || len(lit.Elts) != 2 {
			return sqPart{}, false
		}
		if pattern, ok := w.stringConst(lit.Elts[1]); ok {
			if !strings.HasPrefix(pattern, "%") && !strings.HasSuffix(pattern, "%") {
				pattern = "%" + pattern + "%"
			}
			return sqText(col + " LIKE '" + strings.ReplaceAll(pattern, "'", "''") + "'"), true
		}
		return sqPart{text: col + " LIKE CONCAT('%', ?, '%')", args: []ast.Expr{lit.Elts[1]}, argsKnown: true}, true
	case "IsNull", "NotNull":
		col, ok := column(0)
		if !ok {
			return sqPart{}, false
		}
		if name == "IsNull" {
			return sqText(col + " IS NULL"), true
		}
		return sqText(col + " IS NOT NULL"), true
	case "Between":
		var col string
		var lo, hi ast.Expr
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				return sqPart{}, false
			}
			key, _ := kv.Key.(*ast.Ident)
			if key == nil {
				return sqPart{}, false
			}
			switch key.Name {
			case "Col":
				if col, ok = w.stringConst(kv.Value); !ok {
					return sqPart{}, false
				}
			case "LessVal":
				lo = kv.Value
			case "MoreVal":
				hi = kv.Value
			}
		}
		if col == "" || lo == nil || hi == nil {
			return sqPart{}, false
		}
		return sqPart{text: col + " BETWEEN ? AND ?", args: []ast.Expr{lo, hi}, argsKnown: true}, true
	case "Not":
		if len(lit.Elts) != 1 {
			return sqPart{}, false
		}
		p, ok := w.xormCond(lit.Elts[0], depth+1)
		if !ok {
			return sqPart{}, false
		}
		p.text = "NOT (" + p.text + ")"
		return p, true
	}
	op, ok := map[string]string{"Eq": "=", "Neq": "<>", "Lt": "<", "Lte": "<=", "Gt": ">", "Gte": ">="}[name]
	if !ok {
		return sqPart{}, false
	}
	cols, vals, ok := sortedStringMap(w.info, lit)
	if !ok {
		return sqPart{}, false
	}
	out := sqPart{argsKnown: true}
	var conds []string
	for i, col := range cols {
		v := vals[i]
		switch {
		case isList(w.info.TypeOf(v)) && (op == "=" || op == "<>"):
			in := " IN (?)"
			if op == "<>" {
				in = " NOT IN (?)"
			}
			conds = append(conds, col+in) // one placeholder for the list, as xorm's In
		default:
			conds = append(conds, col+" "+op+" ?")
		}
		out.args = append(out.args, v)
	}
	if len(conds) == 0 {
		return sqPart{}, false // renders nothing: the call adds no condition
	}
	out.text = strings.Join(conds, " AND ")
	if len(conds) > 1 {
		out.text = "(" + out.text + ")"
	}
	return out, true
}

func (w *sqWalk) xormCondCall(call *ast.CallExpr, depth int) (sqPart, bool) {
	fn, _ := calleeFunc(w.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgXORMBuilder {
		return sqPart{}, false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		// c.And(more...) / c.Or(more...) of a condition.
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || fn.Name() != "And" && fn.Name() != "Or" {
			return sqPart{}, false
		}
		return w.xormJoin(fn.Name(), append([]ast.Expr{sel.X}, call.Args...), call.Ellipsis.IsValid(), depth)
	}
	switch fn.Name() {
	case "And", "Or":
		return w.xormJoin(fn.Name(), call.Args, call.Ellipsis.IsValid(), depth)
	case "In", "NotIn":
		if len(call.Args) < 2 {
			return sqPart{}, false
		}
		col, ok := w.stringConst(call.Args[0])
		if !ok {
			return sqPart{}, false
		}
		in := " IN "
		if fn.Name() == "NotIn" {
			in = " NOT IN "
		}
		vals := call.Args[1:]
		if len(vals) == 1 || call.Ellipsis.IsValid() {
			return sqPart{text: col + in + "(?)", args: vals[:1], argsKnown: true}, true
		}
		return sqPart{text: col + in + "(" + strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ") + ")", args: vals, argsKnown: true}, true
	case "Expr":
		if len(call.Args) == 0 {
			return sqPart{}, false
		}
		return w.withArgs(w.textPart(call.Args[0]), call, 1), true
	}
	return sqPart{}, false
}

// xormJoin renders conditions joined by AND or OR; one the builder leaves
// out (an empty Eq) adds nothing.
func (w *sqWalk) xormJoin(op string, conds []ast.Expr, spread bool, depth int) (sqPart, bool) {
	if spread {
		return sqPart{}, false // And(conds...): built at run time
	}
	out := sqPart{argsKnown: true}
	var parts []string
	for _, c := range conds {
		p, ok := w.xormCond(c, depth+1)
		if !ok {
			return sqPart{}, false
		}
		parts = append(parts, p.text)
		out.args = append(out.args, p.args...)
		out.argsKnown = out.argsKnown && p.argsKnown
		out.holes = append(out.holes, p.holes...)
	}
	if len(parts) == 0 {
		return sqPart{}, false
	}
	out.text = parts[0]
	if len(parts) > 1 {
		out.text = "(" + strings.Join(parts, " "+strings.ToUpper(op)+" ") + ")"
	}
	return out, true
}

// xormStatement renders a builder statement that xorm's Exec runs:
// Select, Update or Delete, with From, Where, And, Or,
// OrderBy and Limit. Anything else (joins, unions, a builder kept in a
// variable that changes) leaves it unknown.
func (w *sqWalk) xormStatement(e ast.Expr, depth int) (string, []ast.Expr, bool) {
	// The chain's calls, outermost first.
	var chain []*ast.CallExpr
	for ; ; depth++ {
		if depth > maxTextDepth {
			return "", nil, false
		}
		e = ast.Unparen(e)
		if id, ok := e.(*ast.Ident); ok {
			if e = w.d.value(w.info, id); e == nil {
				return "", nil, false
			}
			continue
		}
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return "", nil, false
		}
		fn, _ := calleeFunc(w.info, call).(*types.Func)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgXORMBuilder {
			return "", nil, false
		}
		chain = append(chain, call)
		if fn.Type().(*types.Signature).Recv() == nil {
			break
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return "", nil, false
		}
		e = sel.X
	}
	st := xormStmt{argsKnown: true}
	for i := len(chain) - 1; i >= 0; i-- {
		if !w.xormStep(&st, chain[i], depth) {
			return "", nil, false
		}
	}
	return st.render()
}

// xormStmt is what a builder chain has built so far.
type xormStmt struct {
	kind, table, order, limit string
	cols, sets                []string
	setArgs                   []ast.Expr
	where                     []sqPart
	argsKnown                 bool
}

// xormStep applies one call of a builder chain, in the chain's order.
func (w *sqWalk) xormStep(st *xormStmt, call *ast.CallExpr, depth int) bool {
	fn := calleeFunc(w.info, call).(*types.Func)
	str := func(i int) (string, bool) {
		if i >= len(call.Args) {
			return "", false
		}
		return textOf(w.info, w.d, call.Args[i])
	}
	if call.Ellipsis.IsValid() {
		return false // arguments spread from a slice: built at run time
	}
	switch fn.Name() {
	case "Dialect":
	case "From":
		t, ok := str(0)
		if !ok || len(call.Args) > 1 {
			return false // an alias: a join follows
		}
		st.table = t
	case "Where", "And", "Or":
		if len(call.Args) != 1 {
			return false
		}
		p, ok := w.xormCond(call.Args[0], depth)
		if !ok {
			return false
		}
		if fn.Name() == "Or" && len(st.where) > 0 {
			p = sqPart{text: "(" + joinText(st.where, " AND ") + " OR " + p.text + ")", args: append(joinArgs(st.where), p.args...), argsKnown: p.argsKnown}
			st.where = nil
		}
		st.where = append(st.where, p)
	case "OrderBy":
		o, ok := str(0)
		if !ok {
			return false
		}
		st.order = o
	case "Limit":
		st.limit = "?"
		if tv := w.info.Types[call.Args[0]]; tv.Value != nil {
			st.limit = tv.Value.ExactString()
		}
	case "Select":
		st.kind = "SELECT"
		for i := range call.Args {
			c, ok := str(i)
			if !ok {
				return false
			}
			st.cols = append(st.cols, c)
		}
	case "Update":
		st.kind = "UPDATE"
		for _, a := range call.Args {
			lit, ok := ast.Unparen(a).(*ast.CompositeLit)
			if !ok {
				return false
			}
			keys, vals, ok := sortedStringMap(w.info, lit)
			if !ok {
				return false
			}
			for i, k := range keys {
				set, ok := w.xormSet(k, vals[i])
				if !ok {
					return false
				}
				st.sets = append(st.sets, set)
				st.setArgs = append(st.setArgs, vals[i])
			}
		}
	case "Delete":
		st.kind = "DELETE"
		for _, a := range call.Args {
			p, ok := w.xormCond(a, depth)
			if !ok {
				return false
			}
			st.where = append(st.where, p)
		}
	default:
		return false // Insert, joins, unions, ...: not read
	}
	return true
}

// xormSet renders one column of an Update's Eq: Incr and Decr values add
// to the column, an Expr is the expression's SQL.
func (w *sqWalk) xormSet(col string, v ast.Expr) (string, bool) {
	if call, ok := ast.Unparen(v).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if tv := w.info.Types[call.Fun]; tv.IsType() {
			switch _, name := named(tv.Type); name {
			case "Incr":
				return col + " = " + col + " + ?", true
			case "Decr":
				return col + " = " + col + " - ?", true
			}
		}
	}
	if xormCondType(w.info.TypeOf(v)) {
		return "", false // an Expr or a sub-select: not read
	}
	return col + " = ?", true
}

// render writes the statement with the values bound to its placeholders
// (nil when which value binds which is not known).
func (st *xormStmt) render() (string, []ast.Expr, bool) {
	if st.table == "" {
		return "", nil, false
	}
	var text string
	var args []ast.Expr
	switch st.kind {
	case "SELECT":
		cols := st.cols
		if len(cols) == 0 {
			cols = []string{"*"}
		}
		text = "SELECT " + strings.Join(cols, ", ") + " FROM " + st.table
	case "UPDATE":
		if len(st.sets) == 0 {
			return "", nil, false
		}
		text = "UPDATE " + st.table + " SET " + strings.Join(st.sets, ", ")
		args = append(args, st.setArgs...)
	case "DELETE":
		text = "DELETE FROM " + st.table
	default:
		return "", nil, false
	}
	known := st.argsKnown
	if len(st.where) > 0 {
		text += " WHERE " + joinText(st.where, " AND ")
		args = append(args, joinArgs(st.where)...)
		for _, p := range st.where {
			known = known && p.argsKnown
		}
	}
	if st.order != "" {
		text += " ORDER BY " + st.order
	}
	if st.limit != "" {
		text += " LIMIT " + st.limit
	}
	if !known {
		args = nil
	}
	return text, args, true
}

func joinText(parts []sqPart, sep string) string {
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.text
	}
	return strings.Join(texts, sep)
}

func joinArgs(parts []sqPart) []ast.Expr {
	var out []ast.Expr
	for _, p := range parts {
		out = append(out, p.args...)
	}
	return out
}

// xormCondText renders a builder condition for an xorm chain: its text
// and the values bound to its placeholders (nil when which value binds
// which is not known).
func xormCondText(info *types.Info, d defs, e ast.Expr) (string, []ast.Expr, bool) {
	if !xormCondType(info.TypeOf(e)) {
		return "", nil, false
	}
	w := &sqWalk{info: info, d: d}
	p, ok := w.xormCond(e, 0)
	if !ok || len(p.holes) > 0 || strings.Contains(p.text, sqltext.Hole) {
		return "", nil, false
	}
	if !p.argsKnown {
		p.args = nil
	}
	return p.text, p.args, true
}

// xormStatementText renders a builder statement that Exec runs.
func xormStatementText(info *types.Info, d defs, e ast.Expr) (string, []ast.Expr, bool) {
	if pkg, name := named(info.TypeOf(e)); pkg != pkgXORMBuilder || name != "Builder" {
		return "", nil, false
	}
	w := &sqWalk{info: info, d: d}
	return w.xormStatement(e, 0)
}

// stringConst is the value of e when it is a string constant.
func (w *sqWalk) stringConst(e ast.Expr) (string, bool) {
	tv := w.info.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}
