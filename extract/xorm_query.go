package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/sqltext"
)

// xormQuery is the statement an xorm chain builds. Whatever the extractor
// cannot read (a builder.Cond, a bean of unknown content, a join) makes
// it unknown: the site then has no SQL, and no rule judges it.
type xormQuery struct {
	c       *call
	table   string
	conds   []string
	args    []ast.Expr
	idArg   ast.Expr
	must    []string
	cols    []string
	order   string
	limit   string
	lock    bool
	raw     ast.Expr
	rawArgs []ast.Expr
	noAuto  bool
	unknown bool
	// unscoped is set by Unscoped(): a soft-deleting model's Delete
	// really deletes.
	unscoped bool
	// onPool is set when the statement autocommits (engine, or a
	// session that never begins).
	onPool bool
	// needs is a model whose TableName method is declared in another
	// package: its facts may name the table (NameModels).
	needs *types.TypeName
}

// xormHarmless are builder methods that change nothing the rules read.
var xormHarmless = map[string]bool{
	"Context": true, "AllCols": true, "Select": true, "Omit": true,
	"Distinct": true, "NoCache": true, "NoCascade": true, "UseBool": true, "Nullable": true, "Incr": true, "Decr": true, "SetExpr": true,
	"Prepare": true, "NoAutoTime": true, "Charset": true, "StoreEngine": true,
	"NoVersionCheck": true, "Before": true, "After": true, "ContextCache": true,
	"MustLogSQL": true, "NoAutoCondition": true,
}

func (q *xormQuery) apply(link *ast.CallExpr) {
	fn, _ := calleeFunc(q.c.info, link).(*types.Func)
	if fn == nil {
		q.unknown = true
		return
	}
	args := link.Args
	switch name := fn.Name(); name {
	case "ForUpdate":
		q.lock = true
	case "Where", "And", "Or":
		if len(args) == 0 {
			return
		}
		s, ok := q.str(args[0])
		if !ok {
			q.unknown = true
			return
		}
		if name == "Or" && len(q.conds) > 0 {
			q.conds = []string{"((" + strings.Join(q.conds, " AND ") + ") OR (" + s + "))"}
		} else {
			q.conds = append(q.conds, "("+s+")")
		}
		q.args = append(q.args, args[1:]...)
	case "In", "NotIn":
		if len(args) == 0 {
			return
		}
		col, ok := q.str(args[0])
		if !ok {
			q.unknown = true
			return
		}
		op := " IN (?)"
		if name == "NotIn" {
			op = " NOT IN (?)"
		}
		q.conds = append(q.conds, col+op)
		q.args = append(q.args, args[1:]...)
	case "ID":
		if len(args) == 1 {
			q.idArg = args[0]
		}
	case "Table":
		if len(args) != 1 {
			return
		}
		if s, ok := q.str(args[0]); ok {
			q.table = s
		} else if m := q.model(q.c.info.TypeOf(args[0])); m != nil && m.Table != "" {
			q.table = m.Table
		} else {
			q.unknown = true
		}
	case "MustCols", "Cols":
		for _, a := range args {
			s, ok := q.str(a)
			if !ok {
				continue
			}
			for _, col := range strings.Split(s, ",") {
				col = strings.ToLower(strings.Trim(strings.TrimSpace(col), "`"))
				if name == "Cols" {
					q.cols = append(q.cols, col)
				} else {
					q.must = append(q.must, col)
				}
			}
		}
	case "OrderBy", "Asc", "Desc":
		var cols []string
		for _, a := range args {
			s, ok := q.str(a)
			if !ok {
				q.unknown = true
				return
			}
			if name != "OrderBy" {
				s += " " + strings.ToUpper(name)
			}
			cols = append(cols, s)
		}
		if q.order != "" {
			q.order += ", "
		}
		q.order += strings.Join(cols, ", ")
	case "Limit":
		if len(args) == 0 {
			return
		}
		q.limit = "?"
		if tv := q.c.info.Types[args[0]]; tv.Value != nil {
			q.limit = tv.Value.ExactString()
		}
	case "SQL":
		if len(args) > 0 {
			q.raw, q.rawArgs = args[0], args[1:]
		}
	case "NoAutoCondition":
		q.noAuto = true
	case "Unscoped":
		q.unscoped = true
	default:
		if !xormHarmless[name] {
			q.unknown = true // Join, GroupBy, Having, Alias, ...
		}
	}
}

// str reads a constant or recoverable string.
func (q *xormQuery) str(e ast.Expr) (string, bool) {
	if tv := q.c.info.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	t := q.c.info.TypeOf(e)
	if t == nil {
		return "", false
	}
	if b, ok := t.Underlying().(*types.Basic); !ok || b.Kind() != types.String {
		return "", false
	}
	return textOf(q.c.info, q.c.defs, e)
}

// model reads the xorm model a value of type t holds.
func (q *xormQuery) model(t types.Type) *models.Model {
	if t == nil {
		return nil
	}
	obj := models.StructOf(t)
	if obj == nil {
		return nil
	}
	st := q.c.out.gorm()
	src := st.source(q.c.info).Source
	if st.xorm == nil {
		n := models.XORMMapperIn(*src)
		if p := q.c.defs.pkg; !n.Known && p != nil {
			n = p.xormNames
		}
		st.xorm = &n
	}
	table, ok := models.XORMTableName(obj, *src, *st.xorm)
	if !ok {
		table = st.xormTables[obj] // named by its package's facts (NameModels)
		if table == "" && models.HasTableNameMethod(obj) && obj.Pkg() != nil {
			q.needs = obj
		}
	}
	return models.ParseXORM(obj.Type(), table, *st.xorm)
}

// beanFields returns the fields of the bean e that are set (non-zero)
// where the statement runs, as far as the function shows them: a literal
// (&Account{Name: n}), new(T) or `var a T`, plus the fields assigned to
// the variable before pos. ok is false when the bean's content is not
// known (a parameter, a value some call returned).
func (q *xormQuery) beanFields(e ast.Expr, pos token.Pos) (fields []string, vals []ast.Expr, ok bool) {
	e = ast.Unparen(e)
	if u, isU := e.(*ast.UnaryExpr); isU && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return q.litFields(x)
	case *ast.CallExpr:
		if id, isID := ast.Unparen(x.Fun).(*ast.Ident); isID && id.Name == "new" && len(x.Args) == 1 {
			return nil, nil, true
		}
		return nil, nil, false
	case *ast.Ident:
		v, isVar := q.c.info.ObjectOf(x).(*types.Var)
		if !isVar {
			return nil, nil, false
		}
		return q.varFields(v, pos)
	}
	return nil, nil, false
}

// varFields reads the bean variable v at pos: the last value assigned to
// it before pos in the function (a literal, new(T), or `var v T`), in a
// block around pos, plus the fields assigned after it. A variable of an
// enclosing function that this one does not assign, or one handed by
// address to a call since, is unknown.
func (q *xormQuery) varFields(v *types.Var, pos token.Pos) (fields []string, vals []ast.Expr, ok bool) {
	body := q.c.out.Body()
	if body == nil {
		return nil, nil, false
	}
	inited, good, dirty := false, true, false
	reset := func(init ast.Expr, block ast.Node) {
		fields, vals = nil, nil
		inited, dirty = true, false
		good = block.Pos() <= pos && pos < block.End()
		if init != nil && good {
			fields, vals, good = q.initFields(init)
		}
	}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if n.Pos() >= pos {
			return false
		}
		if lit, isLit := n.(*ast.FuncLit); isLit && lit != q.c.out.Node {
			return false // runs some other time
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if q.c.info.Defs[name] != v {
					continue
				}
				var init ast.Expr
				if len(n.Values) == len(n.Names) {
					init = n.Values[i]
				} else if len(n.Values) > 0 {
					init = n.Values[0] // v, err := f(): not a literal
				}
				// ValueSpec < GenDecl < DeclStmt < its block.
				reset(init, stack[max(len(stack)-3, 0)])
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				l = ast.Unparen(l)
				if id, isID := l.(*ast.Ident); isID && q.c.info.ObjectOf(id) == v {
					if len(n.Lhs) != len(n.Rhs) || n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
						inited, good = true, false
						continue
					}
					reset(n.Rhs[i], stack[len(stack)-1])
				}
				if sel, isSel := l.(*ast.SelectorExpr); isSel {
					if id, isID := ast.Unparen(sel.X).(*ast.Ident); isID && q.c.info.ObjectOf(id) == v && len(n.Lhs) == len(n.Rhs) {
						fields, vals = append(fields, sel.Sel.Name), append(vals, n.Rhs[i])
					}
				}
			}
		case *ast.UnaryExpr:
			// &v passed somewhere before the statement: it may fill it.
			if id, isID := ast.Unparen(n.X).(*ast.Ident); isID && n.Op == token.AND && q.c.info.ObjectOf(id) == v && !within(n, q.c.expr) {
				dirty = true
			}
		}
		return true
	})
	return fields, vals, inited && good && !dirty
}

func within(n ast.Node, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// initFields reads the initial value of a bean variable: a literal's
// set fields, or none for new(T).
func (q *xormQuery) initFields(e ast.Expr) ([]string, []ast.Expr, bool) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return q.litFields(x)
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && id.Name == "new" {
			return nil, nil, true
		}
	}
	return nil, nil, false
}

// litFields reads the fields a keyed literal sets to something other
// than a constant zero.
func (q *xormQuery) litFields(l *ast.CompositeLit) (fields []string, vals []ast.Expr, ok bool) {
	var st *types.Struct
	if t := q.c.info.TypeOf(l); t != nil {
		st, _ = t.Underlying().(*types.Struct)
	}
	for i, elt := range l.Elts {
		kv, isKV := elt.(*ast.KeyValueExpr)
		if !isKV {
			// Positional: the i'th field.
			if st == nil || i >= st.NumFields() {
				return nil, nil, false
			}
			if !isZeroValue(q.c.info, elt) {
				fields, vals = append(fields, st.Field(i).Name()), append(vals, elt)
			}
			continue
		}
		key, isID := kv.Key.(*ast.Ident)
		if !isID {
			return nil, nil, false
		}
		if !isZeroValue(q.c.info, kv.Value) {
			fields, vals = append(fields, key.Name), append(vals, kv.Value)
		}
	}
	return fields, vals, true
}

// bind returns the SQL for the Go value e: a constant as its literal (a
// key fixed in the code is not chosen at run time), else a placeholder
// bound to e.
func (q *xormQuery) bind(e ast.Expr) string {
	if tv := q.c.info.Types[e]; tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.Int:
			return tv.Value.ExactString()
		case constant.String:
			return "'" + strings.ReplaceAll(constant.StringVal(tv.Value), "'", "''") + "'"
		}
	}
	q.args = append(q.args, e)
	return "?"
}

// beanConds turns the bean's set fields into conditions.
func (q *xormQuery) beanConds(m *models.Model, bean ast.Expr) bool {
	if q.noAuto {
		return true
	}
	fields, vals, ok := q.beanFields(bean, q.c.expr.Pos())
	if !ok {
		return false
	}
	seen := map[string]bool{}
	for i, f := range fields {
		col := m.Field(f)
		if col == nil {
			return false
		}
		if seen[col.Name] {
			continue
		}
		seen[col.Name] = true
		q.conds = append(q.conds, col.Name+" = "+q.bind(vals[i]))
	}
	for _, c := range q.must {
		if !seen[strings.ToLower(c)] {
			q.conds = append(q.conds, strings.ToLower(c)+" = ?")
			q.args = append(q.args, nil)
		}
	}
	return true
}

// xormSite records the statement an xorm finisher sends.
func xormSite(c *call) {
	ch := xormChainOf(c, receiver(c.expr))
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: XORM,
		Method:    c.fn.Name(),
		Handle:    xormHandle(c, ch),
		Loop:      c.loop,
		info:      c.info,
	}
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

// finish writes the statement of finisher name.
func (q *xormQuery) finish(name string, args []ast.Expr) (string, []ast.Expr, []ast.Expr) {
	switch name {
	case "Exec", "Query", "QueryString", "QueryInterface", "QueryResult", "QuerySliceString":
		if len(args) > 0 {
			s, ok := q.str(args[0])
			if !ok {
				return "", nil, nil
			}
			return s, args[1:], nil
		}
		if name == "Exec" || q.raw == nil {
			return "", nil, nil
		}
	}
	if q.raw != nil {
		s, ok := q.str(q.raw)
		if !ok {
			return "", nil, nil
		}
		var dest []ast.Expr
		if len(args) > 0 {
			dest = args[:1]
		}
		return s, q.rawArgs, dest
	}
	var bean, cond ast.Expr
	switch name {
	case "Get", "Exist", "Count", "Iterate", "Delete", "Insert", "InsertOne", "Update", "Sum", "Sums", "SumInt", "SumsInt", "Rows":
		if len(args) > 0 {
			bean = args[0]
			cond = args[0]
		}
		if name == "Update" {
			cond = nil
			if len(args) > 1 {
				cond = args[1]
			}
		}
		if strings.HasPrefix(name, "Sum") {
			cond = nil
		}
	case "Find", "FindAndCount":
		if len(args) > 0 {
			bean = args[0]
		}
		if len(args) > 1 {
			cond = args[1]
		}
	default:
		return "", nil, nil
	}
	var m *models.Model
	if bean != nil {
		m = q.model(q.c.info.TypeOf(bean))
	}
	table := q.table
	if table == "" && m != nil {
		table = m.Table
	}
	if table == "" {
		return "", nil, nil
	}
	if m == nil && (cond != nil || q.idArg != nil) {
		return "", nil, nil
	}
	if q.idArg != nil {
		pk := m.PrimaryKey()
		if len(pk) != 1 {
			return "", nil, nil
		}
		q.conds = append(q.conds, pk[0]+" = "+q.bind(q.idArg))
	}
	if cond != nil && name != "Insert" && name != "InsertOne" && !q.beanConds(m, cond) {
		if q.onPool && q.lock && (name == "Get" || name == "Find" || name == "Exist" || name == "Count" || name == "Iterate") {
			// Whatever the bean selects, a lock taken in autocommit
			// mode ends with the statement: the WHERE is unknown, the
			// rest is certain.
			return "SELECT * FROM " + table + " WHERE " + sqltext.Hole + " FOR UPDATE", nil, nil
		}
		return "", nil, nil
	}
	where := ""
	if len(q.conds) > 0 {
		where = " WHERE " + strings.Join(q.conds, " AND ")
	}
	switch name {
	case "Insert", "InsertOne":
		fields, vals, ok := q.beanFields(bean, q.c.expr.Pos())
		var cols []string
		if ok && m != nil {
			for _, f := range fields {
				if col := m.Field(f); col != nil {
					cols = append(cols, col.Name)
				}
			}
		}
		if len(cols) == 0 {
			return "INSERT INTO " + table + " VALUES " + "(?)", nil, nil
		}
		return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" +
			strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")", vals, nil
	case "Update":
		if m == nil {
			return "", nil, nil // a map of columns, or no bean: not read
		}
		fields, vals, ok := q.beanFields(bean, q.c.expr.Pos())
		var sets []string
		var setArgs []ast.Expr
		if len(q.cols) > 0 {
			// Cols names what is written, zero values included.
			for _, col := range q.cols {
				sets = append(sets, col+" = ?")
				var v ast.Expr
				for i, f := range fields {
					if c := m.Field(f); c != nil && c.Name == col {
						v = vals[i]
					}
				}
				setArgs = append(setArgs, v)
			}
		} else if ok {
			for i, f := range fields {
				if col := m.Field(f); col != nil && !col.Primary {
					sets = append(sets, col.Name+" = ?")
					setArgs = append(setArgs, vals[i])
				}
			}
		}
		if len(sets) == 0 {
			return "", nil, nil
		}
		return "UPDATE " + table + " SET " + strings.Join(sets, ", ") + where, append(setArgs, q.args...), nil
	case "Delete":
		if where == "" {
			return "", nil, nil // xorm refuses a Delete without conditions
		}
		if m != nil && m.SoftDelete != "" && !q.unscoped {
			// A `deleted` column: xorm marks the rows instead.
			return "UPDATE " + table + " SET " + m.SoftDelete + " = ?" + where, append([]ast.Expr{nil}, q.args...), nil
		}
		return "DELETE FROM " + table + where, q.args, nil
	}
	sel := "SELECT *"
	switch name {
	case "Count":
		sel = "SELECT count(*)"
	case "Exist":
		sel = "SELECT 1"
	}
	text := sel + " FROM " + table + where
	if q.order != "" {
		text += " ORDER BY " + q.order
	}
	switch {
	case name == "Get" || name == "Exist":
		text += " LIMIT 1"
	case q.limit != "":
		text += " LIMIT " + q.limit
	}
	if q.lock {
		text += " FOR UPDATE"
	}
	var dest []ast.Expr
	if bean != nil && name != "Count" && name != "Exist" {
		dest = []ast.Expr{bean}
	}
	return text, q.args, dest
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
