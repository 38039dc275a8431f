package extract

import (
	"go/ast"
	"go/constant"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// squirrel builds statements from method chains:
//
//	sq.Select("id").From("jobs").Where(sq.Eq{"status": 0}).
//		OrderBy("run_at").Limit(10).Suffix("FOR UPDATE")
//
// The chain is read back to the SQL text squirrel renders, followed
// through the local variables a builder is kept in (also when code adds
// WHERE conditions under an if), package-level builders and fields that
// only ever hold one builder. The text is sent either by the builder
// itself after RunWith(handle) (Exec, Query, QueryRow, Scan), which runs
// on that handle, or through ToSql() and a database/sql call. Parts known
// only at run time become sqltext.Hole, as for fmt.Sprintf.

// sqFormat is a builder's placeholder format.
type sqFormat uint8

const (
	sqFormatUnknown  sqFormat = iota
	sqFormatQuestion          // ?: MySQL
	sqFormatDollar            // $1: PostgreSQL
	sqFormatColon             // :1: Oracle
	sqFormatAtP               // @p1: SQL Server
)

// sqPart is a rendered clause fragment and the arguments it binds, in
// order; argsKnown is false when how many it binds is not known.
type sqPart struct {
	text      string
	args      []ast.Expr
	argsKnown bool
	holes     []string
}

func sqText(text string, holes ...string) sqPart {
	return sqPart{text: text, argsKnown: true, holes: holes}
}

// sqBuilder is what a chain has built so far.
type sqBuilder struct {
	kind   string // SELECT, INSERT, REPLACE, UPDATE, DELETE; "" for a StatementBuilder
	format sqFormat
	runner ast.Expr // the RunWith argument, nil when not run with one
	// runnerType is the RunWith argument's type, kept when the builder
	// comes from another function (a field, a function result) and its
	// runner expression means nothing here.
	runnerType types.Type
	prefix     []sqPart
	options    []string
	columns    []sqPart
	table      sqPart
	joins      []sqPart
	where      []sqPart
	groupBy    []sqPart
	having     []sqPart
	orderBy    []sqPart
	limit      string
	offset     string
	suffix     []sqPart
	set        []sqPart   // UPDATE ... SET
	values     [][]sqPart // INSERT rows
	insertQ    *sqBuilder // INSERT ... SELECT
	// open is set when conditions added at run time follow the WHERE
	// conjuncts (a builder extended under an if).
	open bool
}

func (b *sqBuilder) clone() *sqBuilder {
	c := *b
	c.prefix = append([]sqPart(nil), b.prefix...)
	c.options = append([]string(nil), b.options...)
	c.columns = append([]sqPart(nil), b.columns...)
	c.joins = append([]sqPart(nil), b.joins...)
	c.where = append([]sqPart(nil), b.where...)
	c.groupBy = append([]sqPart(nil), b.groupBy...)
	c.having = append([]sqPart(nil), b.having...)
	c.orderBy = append([]sqPart(nil), b.orderBy...)
	c.suffix = append([]sqPart(nil), b.suffix...)
	c.set = append([]sqPart(nil), b.set...)
	c.values = make([][]sqPart, len(b.values))
	for i, row := range b.values {
		c.values[i] = append([]sqPart(nil), row...)
	}
	return &c
}

// sqBuilderType reports whether t is one of squirrel's builder types.
func sqBuilderType(t types.Type) bool {
	pkg, name := named(t)
	if pkg != pkgSquirrel {
		return false
	}
	switch name {
	case "SelectBuilder", "InsertBuilder", "UpdateBuilder", "DeleteBuilder", "StatementBuilderType":
		return true
	}
	return false
}

// sqWalk reads builder chains in one function.
type sqWalk struct {
	info *types.Info
	d    defs
	// memo holds the builder of each expression read so far (nil: not
	// known), so that a builder extended under many ifs is read once per
	// assignment, not once per path. Its builders are never changed:
	// every step works on a clone.
	memo map[ast.Expr]*sqBuilder
}

const maxSquirrelDepth = 24

// builder reads the builder e evaluates to, nil when it is not known.
func (w *sqWalk) builder(e ast.Expr, depth int) *sqBuilder {
	if depth > maxSquirrelDepth || e == nil {
		return nil
	}
	e = ast.Unparen(e)
	if b, ok := w.memo[e]; ok {
		return b
	}
	b := w.read(e, depth)
	if w.memo == nil {
		w.memo = map[ast.Expr]*sqBuilder{}
	}
	w.memo[e] = b
	return b
}

func (w *sqWalk) read(e ast.Expr, depth int) *sqBuilder {
	switch x := e.(type) {
	case *ast.Ident:
		as, init, ok := w.d.reachingAssigns(w.info, x)
		if !ok {
			return nil
		}
		if init != nil {
			return w.builder(init, depth+1)
		}
		return w.alternatives(as, depth)
	case *ast.SelectorExpr:
		if v, ok := w.info.Uses[x.Sel].(*types.Var); ok {
			if v.Pkg() != nil && v.Pkg().Path() == pkgSquirrel && v.Name() == "StatementBuilder" {
				return &sqBuilder{format: sqFormatQuestion}
			}
			if v.IsField() {
				return w.fieldBuilder(v, depth)
			}
		}
		return nil
	case *ast.CallExpr:
		return w.call(x, depth)
	}
	return nil
}

// alternatives joins the builders several assignments may leave in a
// variable: they must be one statement, or the same statement with WHERE
// conditions added to the shortest one, which then ends with a hole.
func (w *sqWalk) alternatives(as []*assignment, depth int) *sqBuilder {
	bs := make([]*sqBuilder, len(as))
	for i, a := range as {
		if a.value == nil {
			return nil
		}
		if bs[i] = w.builder(a.value, depth+1); bs[i] == nil {
			return nil
		}
	}
	base := bs[0]
	for _, b := range bs {
		if len(b.where) < len(base.where) {
			base = b
		}
	}
	open := false
	for _, b := range bs {
		if !sameBesidesWhere(base, b) {
			return nil
		}
		open = open || b.open || len(b.where) > len(base.where)
	}
	if !open {
		return base
	}
	m := base.clone()
	m.open = true
	return m
}

// sameBesidesWhere reports whether b is a with WHERE conditions appended.
func sameBesidesWhere(a, b *sqBuilder) bool {
	if len(b.where) < len(a.where) {
		return false
	}
	for i := range a.where {
		if a.where[i].text != b.where[i].text {
			return false
		}
	}
	if a.kind != b.kind {
		return false
	}
	x, y := a.clone(), b.clone()
	if a.kind == "" {
		// Statement builders: only their format and runner.
		return a.format == b.format && sameExpr(a.runner, b.runner) && sameType(a.runnerType, b.runnerType)
	}
	x.where, y.where, x.open, y.open = nil, nil, false, false
	x.runner, y.runner = nil, nil
	tx, _, _, okx := x.render()
	ty, _, _, oky := y.render()
	return okx && oky && tx == ty && a.format == b.format && sameExpr(a.runner, b.runner) && sameType(a.runnerType, b.runnerType)
}

func sameType(a, b types.Type) bool {
	if a == nil || b == nil {
		return a == b
	}
	return types.Identical(a, b)
}

func sameExpr(a, b ast.Expr) bool {
	if a == nil || b == nil {
		return a == b
	}
	return types.ExprString(a) == types.ExprString(b)
}

// fieldBuilder is the builder a field holds when the package only ever
// stores one builder in it (a store's StatementBuilder set by its
// constructor).
func (w *sqWalk) fieldBuilder(field *types.Var, depth int) *sqBuilder {
	if w.d.pkg == nil {
		return nil
	}
	sets := w.d.pkg.fieldSets[field]
	if len(sets) == 0 {
		return nil
	}
	var out *sqBuilder
	for _, s := range sets {
		if s.value == nil {
			return nil
		}
		b := (&sqWalk{info: w.info, d: s.defs}).builder(s.value, depth+1)
		if b == nil || out != nil && (out.format != b.format || out.kind != b.kind || !sameType(out.runnerType, b.runnerType) || b.kind != "" && !sameBesidesWhere(out, b)) {
			return nil
		}
		out = b
	}
	if out != nil {
		out = out.clone()
		out.runner = nil // a handle from another function
	}
	return out
}

// call applies one call of a chain.
func (w *sqWalk) call(call *ast.CallExpr, depth int) *sqBuilder {
	fn, ok := calleeFunc(w.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return nil
	}
	if fn.Pkg().Path() != pkgSquirrel {
		return w.returned(fn, depth)
	}
	sig := fn.Type().(*types.Signature)
	var b *sqBuilder
	if sig.Recv() == nil {
		b = &sqBuilder{format: sqFormatQuestion}
		if !b.start(w, fn.Name(), call) {
			return nil
		}
		return b
	}
	recv := w.builder(receiver(call), depth+1)
	if recv == nil {
		return nil
	}
	b = recv.clone()
	args := call.Args
	str := func(i int) (sqPart, bool) {
		if i >= len(args) {
			return sqPart{}, false
		}
		return w.textPart(args[i]), true
	}
	switch fn.Name() {
	case "Select":
		if b.kind == "INSERT" || b.kind == "REPLACE" {
			if b.insertQ = w.builder(args[0], depth+1); b.insertQ == nil {
				return nil
			}
			break
		}
		if b.kind != "" || !b.start(w, fn.Name(), call) {
			return nil
		}
	case "Insert", "Replace", "Update", "Delete":
		if b.kind != "" || !b.start(w, fn.Name(), call) {
			return nil
		}
	case "PlaceholderFormat":
		b.format = w.format(args[0])
	case "RunWith":
		b.runner, b.runnerType = args[0], w.info.TypeOf(args[0])
	case "Prefix", "Suffix":
		p, ok := str(0)
		if !ok {
			return nil
		}
		p = w.withArgs(p, call, 1)
		if fn.Name() == "Prefix" {
			b.prefix = append(b.prefix, p)
		} else {
			b.suffix = append(b.suffix, p)
		}
	case "Options":
		for _, a := range args {
			b.options = append(b.options, w.textPart(a).text)
		}
	case "Distinct":
		b.options = append(b.options, "DISTINCT")
	case "Columns":
		b.columns = append(b.columns, w.textParts(call)...)
	case "Column":
		if p, ok := w.predicate(call, 0); ok {
			b.columns = append(b.columns, p)
		}
	case "From", "Into", "Table":
		if b.kind == "UPDATE" && fn.Name() == "From" {
			return nil // UPDATE ... FROM, PostgreSQL's join
		}
		p, ok := str(0)
		if !ok {
			return nil
		}
		b.table = p
	case "Join", "LeftJoin", "RightJoin", "InnerJoin", "CrossJoin":
		p, ok := str(0)
		if !ok {
			return nil
		}
		kw := map[string]string{"Join": "JOIN", "LeftJoin": "LEFT JOIN", "RightJoin": "RIGHT JOIN", "InnerJoin": "INNER JOIN", "CrossJoin": "CROSS JOIN"}[fn.Name()]
		p.text = kw + " " + p.text
		b.joins = append(b.joins, w.withArgs(p, call, 1))
	case "Where":
		if p, ok := w.predicate(call, 0); ok {
			if b.open {
				break // one more condition added at run time: the hole holds it
			}
			if p.text != "" {
				b.where = append(b.where, p)
			}
		}
	case "Having":
		if p, ok := w.predicate(call, 0); ok && p.text != "" {
			b.having = append(b.having, p)
		}
	case "GroupBy":
		b.groupBy = append(b.groupBy, w.textParts(call)...)
	case "OrderBy":
		b.orderBy = append(b.orderBy, w.textParts(call)...)
	case "Limit", "Offset":
		n := ""
		if len(args) > 0 {
			if v := w.info.Types[args[0]].Value; v != nil {
				n = v.ExactString()
			} else {
				n = sqltext.Hole // a run-time count: the clause is there, its value unknown
			}
		}
		if fn.Name() == "Limit" {
			b.limit = n
		} else {
			b.offset = n
		}
	case "RemoveLimit":
		b.limit = ""
	case "RemoveOffset":
		b.offset = ""
	case "Set":
		if len(args) < 2 {
			return nil
		}
		col := w.textPart(args[0])
		v := w.value(args[1])
		v.text = col.text + " = " + v.text
		v.holes = append(col.holes, v.holes...)
		b.set = append(b.set, v)
	case "SetMap":
		cols, vals, ok := w.mapEntries(args[0])
		if !ok {
			return nil
		}
		if b.kind == "UPDATE" {
			for i := range cols {
				v := vals[i]
				v.text = cols[i] + " = " + v.text
				b.set = append(b.set, v)
			}
		} else {
			b.columns = nil
			for _, c := range cols {
				b.columns = append(b.columns, sqText(c))
			}
			b.values = [][]sqPart{vals}
		}
	case "Values":
		var row []sqPart
		for _, a := range args {
			row = append(row, w.value(a))
		}
		if call.Ellipsis.IsValid() {
			return nil
		}
		b.values = append(b.values, row)
	default:
		return nil // a method this reading does not know
	}
	return b
}

// start sets the statement a Select/Insert/Replace/Update/Delete call
// begins.
func (b *sqBuilder) start(w *sqWalk, name string, call *ast.CallExpr) bool {
	switch name {
	case "Select":
		b.kind = "SELECT"
		b.columns = w.textParts(call)
	case "Insert", "Replace", "Update", "Delete":
		b.kind = strings.ToUpper(name)
		if len(call.Args) == 1 {
			b.table = w.textPart(call.Args[0])
			if b.table.text == "" {
				b.table = sqPart{}
			}
		}
	default:
		return false
	}
	return true
}

// format reads a PlaceholderFormat argument.
func (w *sqWalk) format(e ast.Expr) sqFormat {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return sqFormatUnknown
	}
	v, ok := w.info.Uses[sel.Sel].(*types.Var)
	if !ok || v.Pkg() == nil || v.Pkg().Path() != pkgSquirrel {
		return sqFormatUnknown
	}
	switch v.Name() {
	case "Question":
		return sqFormatQuestion
	case "Dollar":
		return sqFormatDollar
	case "Colon":
		return sqFormatColon
	case "AtP":
		return sqFormatAtP
	}
	return sqFormatUnknown
}

// textPart is the text of a string argument, a hole when it is not known.
func (w *sqWalk) textPart(e ast.Expr) sqPart {
	if t, holes, ok := textAndHoles(w.info, w.d, e); ok {
		return sqText(t, holes...)
	}
	return sqText(sqltext.Hole, describeExpr(w.info, w.d, e))
}

// textParts are the texts of a variadic string argument list.
func (w *sqWalk) textParts(call *ast.CallExpr) []sqPart {
	if call.Ellipsis.IsValid() {
		return []sqPart{sqText(sqltext.Hole, describeExpr(w.info, w.d, call.Args[len(call.Args)-1]))}
	}
	var out []sqPart
	for _, a := range call.Args {
		out = append(out, w.textPart(a))
	}
	return out
}

// withArgs binds the arguments from call.Args[from:] to p.
func (w *sqWalk) withArgs(p sqPart, call *ast.CallExpr, from int) sqPart {
	if from < len(call.Args) {
		p.args = append(p.args, call.Args[from:]...)
		if call.Ellipsis.IsValid() || strings.Contains(p.text, sqltext.Hole) {
			// A slice of values, or text chosen at run time that may
			// hold placeholders: which value binds which is not known.
			p.argsKnown = false
		}
	}
	return p
}

// value is a value squirrel binds: a placeholder, or the SQL of an
// expression given as sq.Expr.
func (w *sqWalk) value(e ast.Expr) sqPart {
	if p, ok := w.sqlizer(e, 0); ok {
		return p
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name == "nil" {
		if _, isNil := w.info.Uses[id].(*types.Nil); isNil {
			return sqText("NULL")
		}
	}
	return sqPart{text: "?", args: []ast.Expr{e}, argsKnown: true}
}

// predicate reads the condition of Where(pred, args...), Having or Column.
func (w *sqWalk) predicate(call *ast.CallExpr, i int) (sqPart, bool) {
	if i >= len(call.Args) {
		return sqPart{}, false
	}
	e := call.Args[i]
	if t := w.info.TypeOf(e); t != nil {
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			p := w.textPart(e)
			return w.withArgs(p, call, i+1), true
		}
	}
	if p, ok := w.sqlizer(e, 0); ok {
		return p, true
	}
	return sqPart{text: sqltext.Hole, holes: []string{describeExpr(w.info, w.d, e)}}, true
}

// sqlizer renders a squirrel expression: sq.Eq{...} and its relatives,
// sq.And / sq.Or, sq.Expr, and map literals (as sq.Eq).
func (w *sqWalk) sqlizer(e ast.Expr, depth int) (sqPart, bool) {
	if depth > maxTextDepth {
		return sqPart{}, false
	}
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		if w.d.elemWritten[w.info.ObjectOf(id)] {
			return sqPart{}, false // eq[k] = v: not the literal's conditions
		}
		if v := w.d.value(w.info, id); v != nil {
			return w.sqlizer(v, depth+1)
		}
		return sqPart{}, false
	}
	if call, ok := e.(*ast.CallExpr); ok {
		if isFunc(w.info, call, pkgSquirrel, "Expr") && len(call.Args) > 0 {
			return w.withArgs(w.textPart(call.Args[0]), call, 1), true
		}
		return sqPart{}, false
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return sqPart{}, false
	}
	t := w.info.TypeOf(lit)
	if t == nil {
		return sqPart{}, false
	}
	pkg, name := named(t)
	if pkg != pkgSquirrel {
		if _, isMap := t.Underlying().(*types.Map); !isMap {
			return sqPart{}, false
		}
		name = "Eq"
	}
	switch name {
	case "And", "Or":
		var parts []string
		out := sqPart{argsKnown: true}
		for _, elt := range lit.Elts {
			p, ok := w.sqlizer(elt, depth+1)
			if !ok {
				p = sqPart{text: sqltext.Hole, holes: []string{describeExpr(w.info, w.d, elt)}}
			}
			parts = append(parts, p.text)
			out.args = append(out.args, p.args...)
			out.argsKnown = out.argsKnown && p.argsKnown
			out.holes = append(out.holes, p.holes...)
		}
		if len(parts) == 0 {
			// squirrel renders an empty And as true and an empty Or as false.
			return sqText(map[string]string{"And": "(1=1)", "Or": "(1=0)"}[name]), true
		}
		out.text = "(" + strings.Join(parts, " "+strings.ToUpper(name)+" ") + ")"
		return out, true
	}
	op, ok := map[string]string{"Eq": "=", "NotEq": "<>", "Lt": "<", "LtOrEq": "<=", "Gt": ">", "GtOrEq": ">=", "Like": "LIKE", "NotLike": "NOT LIKE"}[name]
	if !ok {
		return sqPart{}, false
	}
	cols, vals, ok := w.mapEntries(lit)
	if !ok {
		return sqPart{text: sqltext.Hole, holes: []string{describeExpr(w.info, w.d, lit)}}, true
	}
	out := sqPart{argsKnown: true}
	var conds []string
	for i, c := range cols {
		v := vals[i]
		switch {
		case v.text == "NULL" && (op == "=" || op == "<>"):
			if op == "=" {
				conds = append(conds, c+" IS NULL")
			} else {
				conds = append(conds, c+" IS NOT NULL")
			}
			continue
		case len(v.args) == 1 && isList(w.info.TypeOf(v.args[0])) && (op == "=" || op == "<>"):
			// squirrel expands a slice to one placeholder per element.
			in := " IN "
			if op == "<>" {
				in = " NOT IN "
			}
			conds = append(conds, c+in+"(?)")
			out.argsKnown = false
		default:
			conds = append(conds, c+" "+op+" "+v.text)
		}
		out.args = append(out.args, v.args...)
		out.argsKnown = out.argsKnown && v.argsKnown
		out.holes = append(out.holes, v.holes...)
	}
	if len(conds) == 0 {
		return sqText("(1=1)"), true
	}
	out.text = strings.Join(conds, " AND ")
	if len(conds) > 1 {
		out.text = "(" + out.text + ")"
	}
	return out, true
}

// isList reports whether squirrel (and GORM) expand a value of type t to
// a list: slices and arrays other than []byte.
func isList(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return !ok || b.Kind() != types.Byte
	case *types.Array:
		return true
	}
	return false
}

// mapEntries reads a map literal with constant string keys, in the order
// squirrel renders them (sorted by key).
func (w *sqWalk) mapEntries(e ast.Expr) ([]string, []sqPart, bool) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		if w.d.elemWritten[w.info.ObjectOf(id)] {
			return nil, nil, false
		}
		e = ast.Unparen(w.d.value(w.info, id))
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, nil, false
	}
	keys, vs, ok := sortedStringMap(w.info, lit)
	if !ok {
		return nil, nil, false
	}
	vals := make([]sqPart, len(vs))
	for i, v := range vs {
		vals[i] = w.value(v)
	}
	return keys, vals, true
}

// sortedStringMap reads a map literal with constant string keys, sorted
// by key, as query builders (squirrel's Eq, goqu's Ex and Record) render
// them.
func sortedStringMap(info *types.Info, lit *ast.CompositeLit) (keys []string, vals []ast.Expr, ok bool) {
	type entry struct {
		key string
		val ast.Expr
	}
	var es []entry
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil, nil, false
		}
		k := info.Types[kv.Key].Value
		if k == nil || k.Kind() != constant.String {
			return nil, nil, false
		}
		es = append(es, entry{constant.StringVal(k), kv.Value})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].key < es[j].key })
	for _, e := range es {
		keys, vals = append(keys, e.key), append(vals, e.val)
	}
	return keys, vals, true
}

// render writes the statement as squirrel sends it (with ? placeholders),
// the arguments bound to them in order (nil when not all are known), the
// Go values that fill its holes, and whether it is a statement at all.
func (b *sqBuilder) render() (string, []ast.Expr, []string, bool) {
	if b.kind == "" {
		return "", nil, nil, false
	}
	var sb strings.Builder
	var args []ast.Expr
	var holes []string
	known := true
	add := func(p sqPart) {
		sb.WriteString(p.text)
		holes = append(holes, p.holes...)
		if known {
			args = append(args, p.args...)
			known = p.argsKnown
		}
	}
	list := func(ps []sqPart, sep string) {
		for i, p := range ps {
			if i > 0 {
				sb.WriteString(sep)
			}
			add(p)
		}
	}
	for _, p := range b.prefix {
		add(p)
		sb.WriteString(" ")
	}
	table := b.table
	if table.text == "" {
		table = sqText(sqltext.Hole, "the table")
	}
	whereClause := func() {
		if len(b.where) == 0 && !b.open {
			return
		}
		sb.WriteString(" WHERE ")
		list(b.where, " AND ")
		if b.open {
			if len(b.where) > 0 {
				sb.WriteString(" ")
			}
			sb.WriteString(sqltext.Hole)
			holes = append(holes, "conditions added at run time")
			known = false
		}
	}
	orderLimit := func() {
		if len(b.orderBy) > 0 {
			sb.WriteString(" ORDER BY ")
			list(b.orderBy, ", ")
		}
		if b.limit != "" {
			sb.WriteString(" LIMIT " + b.limit)
			if b.limit == sqltext.Hole {
				holes = append(holes, "the limit")
			}
		}
		if b.offset != "" {
			sb.WriteString(" OFFSET " + b.offset)
			if b.offset == sqltext.Hole {
				holes = append(holes, "the offset")
			}
		}
	}
	switch b.kind {
	case "SELECT":
		sb.WriteString("SELECT ")
		for _, o := range b.options {
			sb.WriteString(o + " ")
		}
		if len(b.columns) == 0 {
			sb.WriteString("*")
		}
		list(b.columns, ", ")
		if b.table.text != "" {
			sb.WriteString(" FROM ")
			add(b.table)
		}
		for _, j := range b.joins {
			sb.WriteString(" ")
			add(j)
		}
		whereClause()
		if len(b.groupBy) > 0 {
			sb.WriteString(" GROUP BY ")
			list(b.groupBy, ", ")
		}
		if len(b.having) > 0 {
			sb.WriteString(" HAVING ")
			list(b.having, " AND ")
		}
		orderLimit()
	case "UPDATE":
		if len(b.set) == 0 {
			return "", nil, nil, false
		}
		sb.WriteString("UPDATE ")
		add(table)
		sb.WriteString(" SET ")
		list(b.set, ", ")
		whereClause()
		orderLimit()
	case "DELETE":
		sb.WriteString("DELETE FROM ")
		add(table)
		whereClause()
		orderLimit()
	case "INSERT", "REPLACE":
		sb.WriteString(b.kind + " ")
		for _, o := range b.options {
			sb.WriteString(o + " ")
		}
		sb.WriteString("INTO ")
		add(table)
		if len(b.columns) > 0 {
			sb.WriteString(" (")
			list(b.columns, ", ")
			sb.WriteString(")")
		}
		switch {
		case b.insertQ != nil:
			t, a, h, ok := b.insertQ.render()
			if !ok {
				return "", nil, nil, false
			}
			sb.WriteString(" " + t)
			holes = append(holes, h...)
			if known {
				args = append(args, a...)
				known = a != nil
			}
		case len(b.values) > 0:
			sb.WriteString(" VALUES ")
			for i, row := range b.values {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(")
				list(row, ", ")
				sb.WriteString(")")
			}
		default:
			return "", nil, nil, false
		}
	}
	for _, p := range b.suffix {
		sb.WriteString(" ")
		add(p)
	}
	text := sb.String()
	switch b.format {
	case sqFormatDollar:
		text = numberPlaceholders(text, "$")
	case sqFormatColon:
		text = numberPlaceholders(text, ":")
	case sqFormatAtP:
		text = numberPlaceholders(text, "@p")
	}
	if !known {
		args = nil
	} else if args == nil {
		args = []ast.Expr{}
	}
	return text, args, holes, true
}

// numberPlaceholders rewrites ? to numbered placeholders as squirrel's
// Dollar, Colon and AtP formats do (?? stays a literal ?).
func numberPlaceholders(text, prefix string) string {
	var sb strings.Builder
	n := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '?' {
			sb.WriteByte(text[i])
			continue
		}
		if i+1 < len(text) && text[i+1] == '?' {
			sb.WriteByte('?')
			i++
			continue
		}
		n++
		sb.WriteString(prefix + strconv.Itoa(n))
	}
	return sb.String()
}

// squirrelText is the SQL of the builder e evaluates to.
func squirrelText(info *types.Info, d defs, e ast.Expr) (string, []string, bool) {
	if t := info.TypeOf(e); t == nil || !sqBuilderType(t) {
		return "", nil, false
	}
	b := (&sqWalk{info: info, d: d}).builder(e, 0)
	if b == nil || b.format == sqFormatUnknown {
		return "", nil, false
	}
	text, _, holes, ok := b.render()
	return text, holes, ok
}

// squirrelToSQL recovers the text of b.ToSql() (or MustSql), the call
// whose first result a variable holds.
func squirrelToSQL(info *types.Info, d defs, call *ast.CallExpr) (string, []ast.Expr, []string, bool) {
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgSquirrel || fn.Name() != "ToSql" && fn.Name() != "MustSql" {
		return "", nil, nil, false
	}
	if sig := fn.Type().(*types.Signature); sig.Recv() == nil || !sqBuilderType(sig.Recv().Type()) {
		return "", nil, nil, false
	}
	w := &sqWalk{info: info, d: d}
	b := w.builder(receiver(call), 0)
	if b == nil {
		return "", nil, nil, false
	}
	if b.format == sqFormatUnknown {
		return "", nil, nil, false
	}
	return b.render()
}

// squirrelRunMethods run a builder's statement on its RunWith handle.
var squirrelRunMethods = map[string]bool{
	"Exec": true, "ExecContext": true,
	"Query": true, "QueryContext": true,
	"QueryRow": true, "QueryRowContext": true,
	"Scan": true, "ScanContext": true,
}

// recognizeSquirrel records a builder that runs its own statement
// (b.RunWith(tx).Exec()), and Scan on the row its QueryRow returns.
func recognizeSquirrel(c *call) bool {
	if c.fn == nil || c.fn.Pkg() == nil || c.fn.Pkg().Path() != pkgSquirrel {
		return false
	}
	sig := c.fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return squirrelWith(c)
	}
	if _, name := named(sig.Recv().Type()); name == "RowScanner" && c.fn.Name() == "Scan" {
		c.out.scans = append(c.out.scans, pendingScan{recv: receiver(c.expr), args: c.expr.Args})
		return true
	}
	if !sqBuilderType(sig.Recv().Type()) || !squirrelRunMethods[c.fn.Name()] {
		return false
	}
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: Squirrel,
		Method:    c.fn.Name(),
		Loop:      c.loop,
		info:      c.info,
	}
	w := &sqWalk{info: c.info, d: c.defs}
	b := w.builder(receiver(c.expr), 0)
	if b == nil {
		// A builder the function is given (`func (s *Store) rows(ctx,
		// b sq.SelectBuilder)`) and only runs: its callers give the
		// statement, as they give the text to a SQL wrapper.
		if root, runner, ok := sqGiven(c.info, receiver(c.expr)); ok {
			s.TextExpr = root
			if runner != nil {
				s.Handle = handleOf(c, runner)
			}
		}
	}
	c.out.Sites = append(c.out.Sites, squirrelSite(c, s, b))
	return true
}

// sqGiven returns the variable at the root of a chain that only adds a
// runner to it (b, b.RunWith(tx)), and that runner.
func sqGiven(info *types.Info, e ast.Expr) (root *ast.Ident, runner ast.Expr, ok bool) {
	for range maxSquirrelDepth {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x, runner, sqBuilderType(info.TypeOf(x))
		case *ast.CallExpr:
			fn, _ := calleeFunc(info, x).(*types.Func)
			if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgSquirrel || fn.Name() != "RunWith" || len(x.Args) != 1 {
				return nil, nil, false
			}
			if runner == nil {
				runner = x.Args[0] // the outermost RunWith is the one that runs
			}
			e = receiver(x)
		default:
			return nil, nil, false
		}
	}
	return nil, nil, false
}

// squirrelWithFuncs run a builder on the handle given beside it:
// sq.ExecContextWith(ctx, tx, b).
var squirrelWithFuncs = map[string]bool{
	"ExecWith": true, "ExecContextWith": true,
	"QueryWith": true, "QueryContextWith": true,
	"QueryRowWith": true, "QueryRowContextWith": true,
}

func squirrelWith(c *call) bool {
	if !squirrelWithFuncs[c.fn.Name()] || len(c.expr.Args) < 2 {
		return false
	}
	args := c.expr.Args
	if isContext(c.info.TypeOf(args[0])) {
		args = args[1:]
	}
	if len(args) != 2 {
		return false
	}
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: Squirrel,
		Method:    c.fn.Name(),
		Loop:      c.loop,
		info:      c.info,
	}
	w := &sqWalk{info: c.info, d: c.defs}
	b := w.builder(args[1], 0)
	if b != nil {
		b = b.clone()
		b.runner, b.runnerType = args[0], c.info.TypeOf(args[0])
	}
	c.out.Sites = append(c.out.Sites, squirrelSite(c, s, b))
	return true
}

// squirrelSite completes s with what builder b (nil: unknown) says: its
// handle, text and arguments.
func squirrelSite(c *call, s *Site, b *sqBuilder) *Site {
	switch {
	case b == nil:
	case b.runner != nil:
		s.Handle = handleOf(c, b.runner)
	case b.runnerType != nil:
		// Run with a handle another function gave the builder: its type
		// is all that is known of it, and it says what it is for
		// *sql.DB, *sql.Tx and *sql.Conn.
		s.Handle = Handle{Kind: handleKindOf(b.runnerType), Type: typeString(b.runnerType)}
	}
	if b != nil && b.format != sqFormatUnknown {
		if text, args, holes, ok := b.render(); ok {
			s.Text, s.Holes, s.Args = text, holes, args
			s.SQL = summarize(text)
		}
	}
	if strings.HasPrefix(c.fn.Name(), "Scan") {
		s.Dest = c.expr.Args
		if len(s.Dest) > 0 && isContext(c.info.TypeOf(s.Dest[0])) {
			s.Dest = s.Dest[1:]
		}
	}
	return s
}

// returned is the builder a function of the package returns (a store's
// base query, `func (s *Store) jobs() sq.SelectBuilder`), when all its
// returns build the same statement. What its parameters fill in is a
// hole, and the arguments it binds are values of that function: they are
// not bound to the caller's variables.
func (w *sqWalk) returned(fn *types.Func, depth int) *sqBuilder {
	sig := fn.Type().(*types.Signature)
	if w.d.pkg == nil || sig.Results().Len() != 1 || !sqBuilderType(sig.Results().At(0).Type()) {
		return nil
	}
	var decl *ast.FuncDecl
	var d defs
	for fd, fdefs := range w.d.pkg.defs {
		if w.info.Defs[fd.Name] == fn {
			decl, d = fd, fdefs
			break
		}
	}
	if decl == nil || decl.Body == nil {
		return nil
	}
	var out *sqBuilder
	ok := eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
		if len(n.Results) != 1 {
			return false
		}
		b := (&sqWalk{info: w.info, d: d}).builder(n.Results[0], depth+1)
		if b == nil || out != nil && (!sameBesidesWhere(out, b) || !sameBesidesWhere(b, out)) {
			return false
		}
		out = b
		return true
	})
	if !ok || out == nil {
		return nil
	}
	out = out.clone()
	out.runner = nil
	out.poisonArgs()
	return out
}

// poisonArgs marks every argument the builder binds as unknown.
func (b *sqBuilder) poisonArgs() {
	for _, ps := range [][]sqPart{b.prefix, b.columns, b.joins, b.where, b.groupBy, b.having, b.orderBy, b.suffix, b.set} {
		for i := range ps {
			ps[i].args, ps[i].argsKnown = nil, false
		}
	}
	b.table.args, b.table.argsKnown = nil, false
	for _, row := range b.values {
		for i := range row {
			row[i].args, row[i].argsKnown = nil, false
		}
	}
	if b.insertQ != nil {
		b.insertQ = b.insertQ.clone()
		b.insertQ.poisonArgs()
	}
}
