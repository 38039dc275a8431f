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
	// textExpr is the expression the statement's whole text came from
	// (Exec's or SQL's string argument), for holes its callers fill.
	textExpr ast.Expr
	noAuto   bool
	unknown  bool
	// unscoped is set by Unscoped(): a soft-deleting model's Delete
	// really deletes.
	unscoped bool
	// onPool is set when the statement autocommits (engine, or a
	// session that never begins).
	onPool bool
	// needs is a model whose TableName method is declared in another
	// package: its facts may name the table (NameModels).
	needs *types.TypeName
	// rowBean is an Update's bean whose content is not known here.
	rowBean ast.Expr
	// runnersTable is set when a bean names the table of a migration
	// library's own record type (Site.RunnersTable).
	runnersTable bool
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
			cond, condArgs, ok := xormCondText(q.c.info, q.c.defs, args[0])
			if !ok || condArgs == nil && strings.Contains(cond, "?") {
				q.unknown = true
				return
			}
			q.conds = addCondition(q.conds, cond, name == "Or")
			q.args = append(q.args, condArgs...)
			return
		}
		q.conds = addCondition(q.conds, s, name == "Or")
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
	q.runnersTable = q.runnersTable || obj.Pkg() != nil && obj.Pkg().Path() == xormigratePath
	st := q.c.out.gorm()
	names := q.c.out.xormNames()
	table, ok := models.XORMTableName(obj, *st.source(q.c.info).Source, names)
	if !ok {
		table = st.xormTables[obj] // named by its package's facts (NameModels)
		if table == "" && models.HasTableNameMethod(obj) && obj.Pkg() != nil {
			q.needs = obj
		}
	}
	return models.ParseXORM(obj.Type(), table, names)
}

// xormNames is the xorm mapper that names the function's columns: the
// one its package's syntax shows, else the one its imports agree on.
func (f *Func) xormNames() models.XORMNames {
	st := f.gorm()
	if st.xorm == nil {
		n := models.XORMMapperIn(*st.source(f.info).Source)
		if p := f.defs.pkg; !n.Known && p != nil {
			n = p.xormNames
		}
		st.xorm = &n
	}
	return *st.xorm
}

// finish writes the statement of finisher name.
func (q *xormQuery) finish(name string, args []ast.Expr) (string, []ast.Expr, []ast.Expr) {
	switch name {
	case "Exec", "Query", "QueryString", "QueryInterface", "QueryResult", "QuerySliceString":
		if len(args) > 0 {
			s, ok := q.str(args[0])
			if !ok {
				if text, stmtArgs, ok := xormStatementText(q.c.info, q.c.defs, args[0]); ok && len(args) == 1 {
					return text, stmtArgs, nil
				}
				return "", nil, nil
			}
			q.textExpr = args[0]
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
		q.textExpr = q.raw
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
	// xorm quotes the names it writes: a table called release or
	// order is no keyword there.
	table = quoteColumn(table)
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
		} else if where != "" {
			// A bean whose content is not known here (a slice element,
			// a row a call returned): xorm writes its non-zero fields,
			// some of the model's columns, with values not known here.
			// Which rows it locks is the WHERE's, which is known.
			for _, col := range m.Columns {
				if !col.Primary {
					sets = append(sets, "`"+col.Name+"` = ?") // any name, reserved words too
					setArgs = append(setArgs, nil)
				}
			}
			if plainVar(bean) {
				// A variable (a range value, a row a call returned): the
				// value written is that variable's fields.
				q.rowBean = bean
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

// addCondition adds the condition s to a chain's conditions, which are
// ANDed: with or, s is ORed with all of them, as xorm's Or and bun's
// WhereOr render it.
func addCondition(conds []string, s string, or bool) []string {
	if or && len(conds) > 0 {
		return []string{"((" + strings.Join(conds, " AND ") + ") OR (" + s + "))"}
	}
	return append(conds, "("+s+")")
}

// plainVar reports whether e is a variable or its address: a value whose
// fields the data flow follows by name.
func plainVar(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	_, ok := e.(*ast.Ident)
	return ok
}
