package extract

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// gormQuery is the statement a builder chain has described so far.
type gormQuery struct {
	c     *call
	scope *gormScope
	v1    bool

	// modelT is the model's type: Model(&x), G[T], or else the
	// finisher's value; gm is it read as a model.
	modelT   types.Type
	modelArg ast.Expr
	gm       *gormModel

	table    string // Table("...") text, "" when Table was not called
	tableSet bool
	sel      string
	distinct bool
	joins    []gormCond
	conds    []gormCond
	// partial is set when conditions locklint cannot read may apply: the
	// statement's WHERE is then known to be incomplete.
	partial bool
	group   string
	having  []gormCond
	order   []string
	limit   *gormCond

	// lock is the locking clause written after the statement: "FOR
	// UPDATE NOWAIT" from clause.Locking, or v1's gorm:query_option text.
	lock string
	// lockUnknown is set for a clause.Locking whose strength cannot be
	// read: the statement is then unknown.
	lockUnknown bool
	// lockSet is set once the chain sets or clears a lock itself: the
	// lock of the handle it starts from no longer matters.
	lockSet bool
	// ignored is GORM v1's gorm:query_option set on a v2 builder, which
	// v2 ignores.
	ignored     *ast.CallExpr
	ignoredText string

	raw        *gormCond // Raw(sql, values...)
	onConflict bool
	unscoped   bool
}

func newGORMQuery(c *call, scope *gormScope, v1 bool) *gormQuery {
	return &gormQuery{c: c, scope: scope, v1: v1}
}

// model returns the statement's model, nil when unknown.
func (q *gormQuery) model() *gormModel {
	if q.gm == nil && q.modelT != nil {
		q.gm = q.c.gormModelOf(q.modelT, q.v1)
	}
	return q.gm
}

// setModel makes t the model unless Model(), G[T] or Table() named one.
func (q *gormQuery) setModel(t types.Type, arg ast.Expr) {
	if q.modelT == nil && t != nil {
		q.modelT, q.modelArg = t, arg
	}
}

// apply adds one chain call to the statement.
func (q *gormQuery) apply(link *ast.CallExpr) {
	c := q.c
	fn, _ := calleeFunc(c.info, link).(*types.Func)
	if fn == nil {
		return
	}
	args := link.Args
	arg := func(i int) ast.Expr {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	text := func(i int) (string, bool) {
		if a := arg(i); a != nil {
			return textOf(c.info, c.defs, a)
		}
		return "", false
	}
	switch fn.Name() {
	case "Model":
		if a := arg(0); a != nil {
			q.modelT, q.modelArg, q.gm = c.info.TypeOf(a), a, nil
		}
	case "Table":
		q.tableSet = true
		q.table, _ = text(0)
	case "Select":
		if s, ok := text(0); ok {
			q.sel = s
		}
	case "Distinct":
		q.distinct = true
		if s, ok := text(0); ok {
			q.sel = s
		}
	case "Where", "Or", "Not", "Having":
		if len(args) == 0 {
			return
		}
		cond, ok := q.condition(args[0], args[1:])
		if !ok {
			q.partial = true
			return
		}
		if cond.text == "" {
			return
		}
		switch fn.Name() {
		case "Or":
			cond.or = true
		case "Not":
			cond.text = "NOT (" + cond.text + ")"
		case "Having":
			q.having = append(q.having, cond)
			return
		}
		q.conds = append(q.conds, cond)
	case "Joins", "InnerJoins":
		s, ok := text(0)
		if ok && isSQLJoin(s) {
			q.joins = append(q.joins, gormCond{text: s, args: args[1:]})
		} else {
			// An association name (Joins("Company")), or text we cannot
			// read: another table of unknown name.
			q.joins = append(q.joins, gormCond{text: "LEFT JOIN " + sqltext.Hole + " ON 1 = 1"})
		}
	case "Group":
		if s, ok := text(0); ok {
			q.group = s
		}
	case "Order":
		if s, ok := text(0); ok {
			q.order = append(q.order, s)
		}
	case "Limit":
		q.limit = nil
		if tv := c.info.Types[arg(0)]; tv.Value != nil && tv.Value.Kind() == constant.Int {
			if n, ok := constant.Int64Val(tv.Value); ok {
				if n >= 0 {
					q.limit = &gormCond{text: "LIMIT " + strconv.FormatInt(n, 10)}
				}
				return
			}
		}
		if a := arg(0); a != nil {
			q.limit = &gormCond{text: "LIMIT ?", args: []ast.Expr{a}}
		}
	case "Scopes":
		q.partial = true // scopes may add conditions
	case "Clauses":
		for _, a := range args {
			q.clause(a)
		}
	case "Set", "InstanceSet", "InstantSet":
		q.option(link, args)
	case "Raw":
		if s, ok := text(0); ok {
			q.raw = &gormCond{text: s, args: args[1:]}
		} else {
			q.raw = &gormCond{}
		}
	case "Unscoped":
		q.unscoped = true
	case "New":
		// v1: a new builder without the conditions of the old one, but
		// with its settings: the query option stays.
		lock, set, unknown := q.lock, q.lockSet, q.lockUnknown
		*q = *newGORMQuery(q.c, q.scope, q.v1)
		q.lock, q.lockSet, q.lockUnknown = lock, set, unknown
	case "Session":
		if sessionNewDB(c, arg(0)) {
			*q = *newGORMQuery(q.c, q.scope, q.v1)
			q.lockSet = true // a new statement: the handle's clauses are gone
		}
	}
}

// isSQLJoin reports whether a Joins argument is SQL ("LEFT JOIN x ON
// ...") rather than an association name.
func isSQLJoin(s string) bool {
	u := strings.ToUpper(strings.TrimSpace(s))
	for _, p := range []string{"JOIN ", "LEFT ", "RIGHT ", "INNER ", "CROSS ", "STRAIGHT_JOIN ", "NATURAL ", "FULL "} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// sessionNewDB reports Session(&gorm.Session{NewDB: true}), which drops
// the conditions built so far.
func sessionNewDB(c *call, e ast.Expr) bool {
	lit := compositeOf(c, e)
	if lit == nil {
		return false
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "NewDB" {
				tv := c.info.Types[kv.Value]
				return tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
			}
		}
	}
	return false
}

// queryOption is GORM v1's setting whose value v1 appends to SELECTs:
// Set("gorm:query_option", "FOR UPDATE") is v1's locking read. GORM v2
// keeps the setting and never reads it.
const queryOption = "gorm:query_option"

func (q *gormQuery) option(link *ast.CallExpr, args []ast.Expr) {
	if len(args) != 2 {
		return
	}
	key := q.c.info.Types[args[0]]
	if key.Value == nil || key.Value.Kind() != constant.String || constant.StringVal(key.Value) != queryOption {
		return
	}
	val, ok := textOf(q.c.info, q.c.defs, args[1])
	if tv := q.c.info.Types[args[1]]; !ok && tv.Value != nil && tv.Value.Kind() == constant.String && strings.TrimSpace(constant.StringVal(tv.Value)) == "" {
		val, ok = "", true // Set("gorm:query_option", ""): the lock cleared
	}
	if q.v1 {
		q.lockSet = true
		if !ok {
			q.lockUnknown = true
			return
		}
		q.lock = val
		return
	}
	if ok && isLockText(val) {
		q.ignored, q.ignoredText = link, val
	}
}

// isLockText reports whether a query option asks for a row lock.
func isLockText(s string) bool {
	u := strings.Join(strings.Fields(strings.ToUpper(s)), " ")
	return strings.Contains(u, "FOR UPDATE") || strings.Contains(u, "FOR SHARE") || strings.Contains(u, "LOCK IN SHARE MODE")
}
