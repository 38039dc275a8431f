package extract

import (
	"go/ast"
	"go/constant"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// gormCond is one part of a WHERE clause (or a SET assignment) in SQL,
// with the Go values bound to its placeholders.
type gormCond struct {
	text string
	args []ast.Expr
	or   bool // joined to what precedes it with OR (db.Or)
}

// inPlaceholder matches `IN ?`, which GORM expands to `IN (?,?,...)`.
var inPlaceholder = regexp.MustCompile(`(?i)\bIN\s*\?`)

// condition reads the arguments of Where, Or, Not, Having and of a
// finisher's inline conditions as GORM's BuildCondition does: a SQL
// fragment with its arguments, a primary-key value or list, a struct
// (its non-zero fields), a map, a gorm.Expr or clause expression, or a
// builder whose WHERE is grouped in parentheses. ok is false when the
// condition cannot be read; an empty text means no condition at all.
func (q *gormQuery) condition(query ast.Expr, args []ast.Expr) (gormCond, bool) {
	c := q.c
	t := c.info.TypeOf(query)
	if t == nil {
		return gormCond{}, false
	}
	if tv := c.info.Types[query]; tv.IsNil() {
		return gormCond{}, true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			return q.stringCondition(query, args)
		case u.Info()&types.IsInteger != 0:
			return q.pkCondition("= ?", query)
		}
		return gormCond{}, false
	case *types.Slice:
		if _, ok := u.Elem().Underlying().(*types.Basic); ok {
			return q.pkCondition("IN (?)", query)
		}
		if isClause(u.Elem(), "Expression") {
			return gormCond{}, false
		}
	case *types.Map:
		return q.mapCondition(query)
	}
	if call, ok := ast.Unparen(query).(*ast.CallExpr); ok && isGORMFunc(c.info, call, "Expr", true) {
		return q.exprCondition(call)
	}
	if pkg, name := named(t); pkg == pkgGORMClause {
		return q.clauseCondition(query, name)
	}
	if pkg, name := named(t); (pkg == gormPath || pkg == pkgGORMv1) && name == "DB" {
		return q.groupCondition(query)
	}
	if len(args) == 0 && q.c.gormModelOf(t, q.v1) != nil {
		return q.structCondition(query, t)
	}
	return gormCond{}, false
}

// stringCondition reads a string argument: a fragment ("status = ?"), a
// number (a primary key), or a column name followed by its value.
func (q *gormQuery) stringCondition(query ast.Expr, args []ast.Expr) (gormCond, bool) {
	text, ok := textOf(q.c.info, q.c.defs, query)
	if !ok {
		return gormCond{}, false
	}
	if _, err := strconv.Atoi(text); err == nil {
		return q.pkCondition("= ?", query)
	}
	switch {
	case text == "" && len(args) == 0:
		return gormCond{}, true
	case len(args) == 0, strings.Contains(text, "?"), strings.Contains(text, "@"), strings.Contains(strings.TrimSpace(text), " "):
		return gormCond{text: "(" + inPlaceholder.ReplaceAllString(text, "IN (?)") + ")", args: args}, true
	case len(args) == 1:
		op := "= ?"
		if isSliceValue(q.c.info, args[0]) {
			op = "IN (?)"
		}
		return gormCond{text: quoteColumn(text) + " " + op, args: args}, true
	}
	return gormCond{}, false
}

// pkCondition is a condition on the model's primary key.
func (q *gormQuery) pkCondition(op string, value ast.Expr) (gormCond, bool) {
	pk := q.model().pk()
	if pk == "" {
		return gormCond{}, false
	}
	return gormCond{text: quoteColumn(pk) + " " + op, args: []ast.Expr{value}}, true
}

// mapCondition reads map[string]interface{}{"status": s, "id": ids}: an
// equality (IN for a slice) per key, in key order as GORM sorts them.
func (q *gormQuery) mapCondition(e ast.Expr) (gormCond, bool) {
	lit := compositeOf(q.c, e)
	if lit == nil {
		return gormCond{}, false
	}
	type kv struct {
		key string
		val ast.Expr
	}
	var kvs []kv
	for _, elt := range lit.Elts {
		pair, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return gormCond{}, false
		}
		tv := q.c.info.Types[pair.Key]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return gormCond{}, false
		}
		kvs = append(kvs, kv{constant.StringVal(tv.Value), pair.Value})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].key < kvs[j].key })
	var parts []string
	var args []ast.Expr
	for _, p := range kvs {
		op := "= ?"
		if isSliceValue(q.c.info, p.val) {
			op = "IN (?)"
		}
		parts = append(parts, quoteColumn(p.key)+" "+op)
		args = append(args, p.val)
	}
	return andCond(parts, args), true
}

// structCondition reads &User{Name: "x", Age: 3}: an equality per
// non-zero field. A struct whose field values are not written out
// (a variable) cannot be read.
func (q *gormQuery) structCondition(e ast.Expr, t types.Type) (gormCond, bool) {
	lit := compositeOf(q.c, e)
	if lit == nil {
		return gormCond{}, false
	}
	gm := q.c.gormModelOf(t, q.v1)
	var parts []string
	var args []ast.Expr
	var visit func(lit *ast.CompositeLit, path []string) bool
	visit = func(lit *ast.CompositeLit, path []string) bool {
		for _, elt := range lit.Elts {
			pair, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				return false
			}
			key, ok := pair.Key.(*ast.Ident)
			if !ok {
				return false
			}
			fpath := append(append([]string(nil), path...), key.Name)
			if isZeroValue(q.c.info, pair.Value) {
				continue // GORM skips zero fields
			}
			if col := gm.column(fpath...); col != "" {
				parts = append(parts, quoteColumn(col)+" = ?")
				args = append(args, pair.Value)
				continue
			}
			if sub := compositeOf(q.c, pair.Value); sub != nil {
				if !visit(sub, fpath) { // an embedded struct: gorm.Model{ID: 1}
					return false
				}
			}
		}
		return true
	}
	if !visit(lit, nil) {
		return gormCond{}, false
	}
	return andCond(parts, args), true
}

// exprCondition reads gorm.Expr("balance >= ?", n).
func (q *gormQuery) exprCondition(call *ast.CallExpr) (gormCond, bool) {
	if len(call.Args) == 0 {
		return gormCond{}, false
	}
	text, ok := textOf(q.c.info, q.c.defs, call.Args[0])
	if !ok {
		return gormCond{}, false
	}
	return gormCond{text: "(" + inPlaceholder.ReplaceAllString(text, "IN (?)") + ")", args: call.Args[1:]}, true
}

// clauseOps are the clause package's comparison expressions.
var clauseOps = map[string]string{
	"Eq": "= ?", "Neq": "<> ?", "Gt": "> ?", "Gte": ">= ?", "Lt": "< ?", "Lte": "<= ?",
	"Like": "LIKE ?", "IN": "IN (?)",
}

// clauseCondition reads clause.Eq{Column: "id", Value: id} and its
// siblings, and clause.Expr{SQL: "..."}.
func (q *gormQuery) clauseCondition(e ast.Expr, name string) (gormCond, bool) {
	lit := compositeOf(q.c, e)
	if lit == nil {
		return gormCond{}, false
	}
	fields := map[string]ast.Expr{}
	for _, elt := range lit.Elts {
		pair, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return gormCond{}, false
		}
		if key, ok := pair.Key.(*ast.Ident); ok {
			fields[key.Name] = pair.Value
		}
	}
	if name == "Expr" || name == "NamedExpr" {
		text, ok := textOf(q.c.info, q.c.defs, fields["SQL"])
		if !ok {
			return gormCond{}, false
		}
		return gormCond{text: "(" + text + ")", args: []ast.Expr{fields["Vars"]}}, true
	}
	op, ok := clauseOps[name]
	if !ok {
		return gormCond{}, false
	}
	col := q.clauseColumn(fields["Column"])
	if col == "" {
		return gormCond{}, false
	}
	val := fields["Value"]
	if name == "IN" {
		val = fields["Values"]
	}
	return gormCond{text: quoteColumn(col) + " " + op, args: []ast.Expr{val}}, true
}

// clauseColumn reads a column given as a string, as clause.Column{Name:
// "x"}, or as clause.PrimaryKey.
func (q *gormQuery) clauseColumn(e ast.Expr) string {
	if e == nil {
		return ""
	}
	if tv := q.c.info.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.String {
		s := constant.StringVal(tv.Value)
		if s == "~~~py~~~" { // clause.PrimaryKey
			return q.model().pk()
		}
		return s
	}
	lit := compositeOf(q.c, e)
	if lit == nil {
		return ""
	}
	for _, elt := range lit.Elts {
		if pair, ok := elt.(*ast.KeyValueExpr); ok {
			if key, ok := pair.Key.(*ast.Ident); ok && key.Name == "Name" {
				return q.clauseColumn(pair.Value)
			}
		}
	}
	return ""
}

// groupCondition reads db.Where(db.Where("a = ?", 1).Or("b = ?", 2)): the
// inner builder's WHERE in parentheses.
func (q *gormQuery) groupCondition(e ast.Expr) (gormCond, bool) {
	ch := gormChainOf(q.c, q.scope, e)
	sub := newGORMQuery(q.c, q.scope, q.v1)
	sub.modelT, sub.gm = q.modelT, q.gm
	for _, l := range ch.links {
		sub.apply(l)
	}
	if ch.partial || sub.partial {
		return gormCond{}, false
	}
	text, args := sub.where()
	if text == "" {
		return gormCond{}, true
	}
	return gormCond{text: "(" + text + ")", args: args}, true
}

// andCond joins parts with AND, in parentheses when there are several.
func andCond(parts []string, args []ast.Expr) gormCond {
	switch len(parts) {
	case 0:
		return gormCond{}
	case 1:
		return gormCond{text: parts[0], args: args}
	}
	return gormCond{text: "(" + strings.Join(parts, " AND ") + ")", args: args}
}

// compositeOf returns the composite literal e is, points to, or a local
// variable assigned once holds.
func compositeOf(c *call, e ast.Expr) *ast.CompositeLit {
	for range maxTextDepth {
		if e == nil {
			return nil
		}
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.CompositeLit:
			return x
		case *ast.UnaryExpr:
			if x.Op.String() != "&" {
				return nil
			}
			e = x.X
		case *ast.Ident:
			e = c.defs.value(c.info, x)
		default:
			return nil
		}
	}
	return nil
}

// isZeroValue reports whether e is a constant zero value, or nil.
func isZeroValue(info *types.Info, e ast.Expr) bool {
	tv := info.Types[e]
	if tv.IsNil() {
		return true
	}
	if tv.Value == nil {
		return false
	}
	switch tv.Value.Kind() {
	case constant.String:
		return constant.StringVal(tv.Value) == ""
	case constant.Bool:
		return !constant.BoolVal(tv.Value)
	case constant.Int, constant.Float:
		return constant.Sign(tv.Value) == 0
	}
	return false
}

// isSliceValue reports whether e is a list the library expands into IN
// (...): a slice or array other than []byte.
func isSliceValue(info *types.Info, e ast.Expr) bool { return isList(info.TypeOf(e)) }

func isClause(t types.Type, name string) bool {
	pkg, n := named(t)
	return pkg == pkgGORMClause && n == name
}

// quoteColumn backquotes a plain column name; anything else (a qualified
// name, an expression) is written as given.
func quoteColumn(s string) string {
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return s
		}
	}
	return "`" + s + "`"
}
