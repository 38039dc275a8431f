package sqltext

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"
)

// cond converts a WHERE (or ON) expression. Only what an index lookup can
// use is kept as a predicate; the question for every comparison is whether
// InnoDB could seek to the matching rows through an index on the column.
func (b *builder) cond(e ast.ExprNode, sc *scope) *Cond {
	switch e := e.(type) {
	case *ast.ParenthesesExpr:
		return b.cond(e.Expr, sc)
	case *ast.BinaryOperationExpr:
		switch e.Op {
		case opcode.LogicAnd, opcode.LogicOr:
			c := &Cond{Op: CondAnd}
			if e.Op == opcode.LogicOr {
				c.Op = CondOr
			}
			b.flatten(c, e.Op, e, sc)
			return c
		case opcode.EQ, opcode.NullEQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE:
			return b.compare(e.Op, e.L, e.R, sc)
		}
	case *ast.PatternInExpr:
		return b.in(e, sc)
	case *ast.PatternLikeOrIlikeExpr:
		return b.like(e, sc)
	case *ast.BetweenExpr:
		return b.between(e, sc)
	case *ast.IsNullExpr:
		c := column(e.Expr)
		switch {
		case c == nil:
			return b.notSargable(e.Expr, nil, sc)
		case e.Not:
			return b.pred(c, OpRange, nil, sc) // IS NOT NULL: the range above NULL
		default:
			return b.pred(c, OpEq, []Value{{Kind: ValueConst, Param: -1, Text: "NULL"}}, sc)
		}
	case *ast.CompareSubqueryExpr:
		return b.compareSubquery(e, sc)
	case *ast.PatternRegexpExpr:
		return b.notSargable(e.Expr, []Value{b.value(e.Pattern)}, sc)
	}
	return opaque()
}

// flatten appends to c the operands of a chain of op (AND or OR), however
// nested: a long generated chain takes linear time.
func (b *builder) flatten(c *Cond, op opcode.Op, e ast.ExprNode, sc *scope) {
	if x, ok := unparen(e).(*ast.BinaryOperationExpr); ok && x.Op == op {
		b.flatten(c, op, x.L, sc)
		b.flatten(c, op, x.R, sc)
		return
	}
	if a := b.cond(e, sc); a.Op == c.Op {
		c.Args = append(c.Args, a.Args...) // (a, b) = (1, 2) is an AND too
	} else {
		c.Args = append(c.Args, a)
	}
}

func opaque() *Cond { return &Cond{Op: CondOpaque} }

// junction joins conditions with AND or OR, flattening nested ones.
func junction(op CondOp, args ...*Cond) *Cond {
	if len(args) == 1 {
		return args[0]
	}
	var out []*Cond
	for _, a := range args {
		if a.Op == op {
			out = append(out, a.Args...)
		} else {
			out = append(out, a)
		}
	}
	return &Cond{Op: op, Args: out}
}

func (b *builder) pred(c *ast.ColumnName, op Op, values []Value, sc *scope) *Cond {
	// One allocation for both: a predicate is the commonest node.
	x := &struct {
		c Cond
		p Pred
	}{
		c: Cond{Op: CondPred},
		p: Pred{Table: sc.table(c.Table.L), Column: c.Name.L, Op: op, Values: values},
	}
	x.c.Pred = &x.p
	return &x.c
}

// notSargable is the predicate for a condition whose column sits inside an
// expression (f(col) = v, col + 1 > v, ...): no index on it can be used.
// Without any column it constrains nothing we can name.
func (b *builder) notSargable(e ast.ExprNode, values []Value, sc *scope) *Cond {
	if c := firstColumn(e); c != nil {
		return b.pred(c, OpNotSargable, values, sc)
	}
	return opaque()
}

func classOf(op opcode.Op) Op {
	switch op {
	case opcode.EQ, opcode.NullEQ:
		return OpEq
	case opcode.LT, opcode.LE, opcode.GT, opcode.GE:
		return OpRange
	}
	return OpNotSargable
}

func (b *builder) compare(op opcode.Op, l, r ast.ExprNode, sc *scope) *Cond {
	if lr, ok := unparen(l).(*ast.RowExpr); ok {
		return b.compareRows(op, lr, r, sc)
	}
	lc, rc := column(l), column(r)
	swapped := false
	if lc == nil && rc != nil {
		l, r, lc, rc = r, l, rc, nil
		swapped = true
	}
	if lc == nil {
		if firstColumn(l) == nil {
			l, r = r, l
		}
		return b.notSargable(l, []Value{b.value(r)}, sc)
	}
	if rc != nil {
		// col = col: a join condition between two tables can use an index
		// on either; within one row it is no lookup at all.
		v := []Value{b.value(r)}
		if sc.same(lc.Table.L, rc.Table.L) {
			return b.pred(lc, OpNotSargable, v, sc)
		}
		return b.pred(lc, classOf(op), v, sc)
	}
	if b.usesRow(r, lc, sc) {
		return b.pred(lc, OpNotSargable, []Value{b.value(r)}, sc) // a = b + 1
	}
	v := b.value(r)
	if q, ok := unparen(r).(*ast.SubqueryExpr); ok && uncorrelated(q) {
		// a >= (SELECT MAX(a) FROM t): the subquery does not depend on
		// the row, so its result is one run-time value, like a
		// placeholder's.
		v = Value{Kind: ValueExpr, Param: -1}
	}
	c := b.pred(lc, classOf(op), []Value{v}, sc)
	c.Pred.Excludes = op == opcode.NE
	// col < v, or v > col: the value bounds the range from above.
	c.Pred.Below = (op == opcode.LT || op == opcode.LE) != swapped && (op == opcode.LT || op == opcode.LE || op == opcode.GT || op == opcode.GE)
	return c
}

// uncorrelated reports whether a subquery reads only its own tables: every
// qualified column names a table of its own FROM clauses (an unqualified
// column is taken to be its own, as SQL resolves it first).
func uncorrelated(q *ast.SubqueryExpr) bool {
	own := map[string]bool{}
	q.Accept(&tableNameVisitor{fn: func(ts *ast.TableSource) {
		if ts.AsName.L != "" {
			own[ts.AsName.L] = true
		}
		if tn, ok := ts.Source.(*ast.TableName); ok {
			own[tn.Name.L] = true
		}
	}})
	ok := true
	q.Accept(&allColumns{fn: func(c *ast.ColumnName) {
		if c.Table.L != "" && !own[c.Table.L] {
			ok = false
		}
	}})
	return ok
}

// tableNameVisitor calls fn for every table source, subqueries included.
type tableNameVisitor struct{ fn func(*ast.TableSource) }

func (v *tableNameVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if ts, ok := n.(*ast.TableSource); ok {
		v.fn(ts)
	}
	return n, false
}

func (v *tableNameVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// allColumns calls fn for every column reference, subqueries included.
type allColumns struct{ fn func(*ast.ColumnName) }

func (v *allColumns) Enter(n ast.Node) (ast.Node, bool) {
	if c, ok := n.(*ast.ColumnNameExpr); ok && c.Name != nil {
		v.fn(c.Name)
	}
	return n, false
}

func (v *allColumns) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// compareRows handles (a, b) = (x, y) as a = x AND b = y, and a row range
// by its leading column, which is all an index seek can use of it.
func (b *builder) compareRows(op opcode.Op, l *ast.RowExpr, r ast.ExprNode, sc *scope) *Cond {
	rr, ok := unparen(r).(*ast.RowExpr)
	if !ok || len(rr.Values) != len(l.Values) || len(l.Values) == 0 {
		return b.notSargable(l, nil, sc)
	}
	switch op {
	case opcode.EQ, opcode.NullEQ:
		args := make([]*Cond, len(l.Values))
		for i := range l.Values {
			args[i] = b.compare(op, l.Values[i], rr.Values[i], sc)
		}
		return junction(CondAnd, args...)
	case opcode.NE:
		return b.notSargable(l, nil, sc)
	}
	return b.compare(op, l.Values[0], rr.Values[0], sc)
}

func (b *builder) in(e *ast.PatternInExpr, sc *scope) *Cond {
	if row, ok := unparen(e.Expr).(*ast.RowExpr); ok && !e.Not {
		return b.inRows(e, row, sc)
	}
	var values []Value
	if e.Sel != nil {
		values = []Value{b.value(e.Sel)}
	} else {
		values = make([]Value, len(e.List))
		for i, v := range e.List {
			values[i] = b.value(v)
		}
	}
	c := column(e.Expr)
	if c != nil && e.Not {
		x := b.pred(c, OpNotSargable, values, sc)
		x.Pred.Excludes = true // col NOT IN (...)
		return x
	}
	if c == nil || e.Not {
		return b.notSargable(e.Expr, values, sc)
	}
	for _, v := range e.List {
		if b.usesRow(v, c, sc) {
			return b.pred(c, OpNotSargable, values, sc)
		}
	}
	return b.pred(c, OpIn, values, sc)
}

// inRows handles (a, b) IN ((1, 2), (3, 4)) as a IN (1, 3) AND b IN (2, 4),
// which is what an index on the columns can use.
func (b *builder) inRows(e *ast.PatternInExpr, row *ast.RowExpr, sc *scope) *Cond {
	args := make([]*Cond, len(row.Values))
	for i, x := range row.Values {
		c := column(x)
		if c == nil {
			args[i] = b.notSargable(x, nil, sc)
			continue
		}
		var values []Value
		if e.Sel != nil {
			values = []Value{b.value(e.Sel)}
		} else {
			for _, item := range e.List {
				r, ok := unparen(item).(*ast.RowExpr)
				if !ok || len(r.Values) != len(row.Values) {
					return opaque()
				}
				values = append(values, b.value(r.Values[i]))
			}
		}
		args[i] = b.pred(c, OpIn, values, sc)
	}
	if len(args) == 0 {
		return opaque()
	}
	return junction(CondAnd, args...)
}

func (b *builder) like(e *ast.PatternLikeOrIlikeExpr, sc *scope) *Cond {
	values := []Value{b.value(e.Pattern)}
	c := column(e.Expr)
	if c == nil || e.Not || !e.IsLike || !likePrefix(e.Pattern, e.Escape) {
		return b.notSargable(e.Expr, values, sc)
	}
	return b.pred(c, OpLikePrefix, values, sc)
}

// likePrefix reports whether a LIKE pattern may start with fixed text, so
// that an index range scan can find the rows: a constant without a leading
// wildcard, or a pattern known only at run time (a placeholder, a hole,
// CONCAT(?, '%')).
func likePrefix(p ast.ExprNode, esc byte) bool {
	switch p := unparen(p).(type) {
	case *driver.ValueExpr:
		if p.Kind() != driver.KindString && p.Kind() != driver.KindBytes {
			return true
		}
		s := p.GetString()
		if strings.HasPrefix(s, Hole) {
			return true // '%s%%': the prefix comes at run time
		}
		return s == "" || s[0] != '%' && s[0] != '_' || s[0] == esc
	case *ast.ColumnNameExpr:
		return isHole(p.Name.Name.L)
	case *ast.FuncCallExpr:
		if p.FnName.L == "concat" && len(p.Args) > 0 {
			return likePrefix(p.Args[0], esc)
		}
	}
	return firstColumn(p) == nil
}

func (b *builder) between(e *ast.BetweenExpr, sc *scope) *Cond {
	values := []Value{b.value(e.Left), b.value(e.Right)}
	if c := column(e.Expr); c != nil {
		if e.Not || b.usesRow(e.Left, c, sc) || b.usesRow(e.Right, c, sc) {
			return b.pred(c, OpNotSargable, values, sc)
		}
		return b.pred(c, OpRange, values, sc)
	}
	// ? BETWEEN start_col AND end_col is start_col <= ? AND end_col >= ?.
	lc, rc := column(e.Left), column(e.Right)
	if !e.Not && firstColumn(e.Expr) == nil && (lc != nil || rc != nil) {
		v := []Value{b.value(e.Expr)}
		var args []*Cond
		if lc != nil {
			args = append(args, b.pred(lc, OpRange, v, sc))
		}
		if rc != nil {
			args = append(args, b.pred(rc, OpRange, v, sc))
		}
		return junction(CondAnd, args...)
	}
	return b.notSargable(e, values, sc)
}

func (b *builder) compareSubquery(e *ast.CompareSubqueryExpr, sc *scope) *Cond {
	values := []Value{b.value(e.R)}
	c := column(e.L)
	if c == nil {
		return b.notSargable(e.L, values, sc)
	}
	switch {
	case e.Op == opcode.EQ && !e.All: // = ANY is IN
		return b.pred(c, OpIn, values, sc)
	case e.Op == opcode.EQ:
		return b.pred(c, OpEq, values, sc)
	}
	return b.pred(c, classOf(e.Op), values, sc)
}

// value converts an operand.
func (b *builder) value(e ast.ExprNode) Value {
	switch e := unparen(e).(type) {
	case *driver.ValueExpr:
		if k := e.Kind(); (k == driver.KindString || k == driver.KindBytes) && isHole(e.GetString()) {
			return Value{Kind: ValueOpaque, Param: -1} // '%s'
		}
		return Value{Kind: ValueConst, Param: -1, Text: constText(e)}
	case *driver.ParamMarkerExpr:
		return Value{Kind: ValueParam, Param: b.param(e.Offset)}
	case *ast.ColumnNameExpr:
		if isHole(e.Name.Name.L) || isHole(e.Name.Table.L) {
			return Value{Kind: ValueOpaque, Param: -1}
		}
		return Value{Kind: ValueColumn, Param: -1, Text: e.Name.Name.L}
	case *ast.SubqueryExpr:
		return Value{Kind: ValueSubquery, Param: -1}
	case *ast.UnaryOperationExpr:
		if t, ok := signedConst(e); ok {
			return Value{Kind: ValueConst, Param: -1, Text: t}
		}
	}
	return Value{Kind: ValueExpr, Param: -1}
}

// signedConst returns the text of -1, +2.5, ...: the parser reads the sign
// as an operator.
func signedConst(e *ast.UnaryOperationExpr) (string, bool) {
	v, ok := unparen(e.V).(*driver.ValueExpr)
	if !ok || e.Op != opcode.Minus && e.Op != opcode.Plus {
		return "", false
	}
	switch v.Kind() {
	case driver.KindInt64, driver.KindUint64, driver.KindFloat32, driver.KindFloat64, driver.KindMysqlDecimal:
		if e.Op == opcode.Minus {
			return "-" + constText(v), true
		}
		return constText(v), true
	}
	return "", false
}

// constText is a literal's text: numbers as written (canonically), strings
// unquoted.
func constText(v *driver.ValueExpr) string {
	switch v.Kind() {
	case driver.KindNull:
		return "NULL"
	case driver.KindInt64:
		if v.Type.GetFlag()&mysql.IsBooleanFlag != 0 {
			if v.GetInt64() != 0 {
				return "TRUE"
			}
			return "FALSE"
		}
		return strconv.FormatInt(v.GetInt64(), 10)
	case driver.KindUint64:
		return strconv.FormatUint(v.GetUint64(), 10)
	case driver.KindFloat32, driver.KindFloat64:
		return strconv.FormatFloat(v.GetFloat64(), 'g', -1, 64)
	case driver.KindString, driver.KindBytes:
		return v.GetString()
	case driver.KindMysqlDecimal:
		if d := v.GetMysqlDecimal(); d != nil {
			return d.String()
		}
	case driver.KindBinaryLiteral:
		return v.GetBinaryLiteral().String()
	}
	return ""
}

func unparen(e ast.ExprNode) ast.ExprNode {
	for {
		p, ok := e.(*ast.ParenthesesExpr)
		if !ok {
			return e
		}
		e = p.Expr
	}
}

// column returns the column e is, if it is a bare column reference that is
// not a Sprintf hole.
func column(e ast.ExprNode) *ast.ColumnName {
	c, ok := unparen(e).(*ast.ColumnNameExpr)
	if !ok || c.Name == nil || isHole(c.Name.Name.L) {
		return nil
	}
	return c.Name
}

// columnVisitor calls fn for each column reference outside subqueries and
// VALUES(col) (which in ON DUPLICATE KEY UPDATE is the inserted value,
// not the row's), until fn returns false.
type columnVisitor struct {
	fn   func(*ast.ColumnName) bool
	done bool
}

func (v *columnVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if v.done {
		return n, true
	}
	switch n := n.(type) {
	case *ast.SubqueryExpr, *ast.ValuesExpr:
		return n, true
	case *ast.ColumnNameExpr:
		if n.Name != nil && !isHole(n.Name.Name.L) && !v.fn(n.Name) {
			v.done = true
		}
		return n, true
	}
	return n, false
}

func (v *columnVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func eachColumn(e ast.ExprNode, fn func(*ast.ColumnName) bool) {
	switch x := e.(type) {
	case nil, *driver.ParamMarkerExpr, *driver.ValueExpr:
		// The commonest operands have no column; skip the walk.
		return
	case *ast.ColumnNameExpr:
		if x.Name != nil && !isHole(x.Name.Name.L) {
			fn(x.Name)
		}
		return
	}
	e.Accept(&columnVisitor{fn: fn})
}

func firstColumn(e ast.ExprNode) *ast.ColumnName {
	var first *ast.ColumnName
	eachColumn(e, func(c *ast.ColumnName) bool {
		first = c
		return false
	})
	return first
}

// usesRow reports whether e reads a column of the same table reference as
// c: such a value differs per row, so no index seek on c can use it.
func (b *builder) usesRow(e ast.ExprNode, c *ast.ColumnName, sc *scope) bool {
	found := false
	eachColumn(e, func(x *ast.ColumnName) bool {
		found = sc.same(x.Table.L, c.Table.L)
		return !found
	})
	return found
}

// refersTo reports whether an assignment's new value reads the column it
// assigns (col = col + ?), on the same table reference.
func (b *builder) refersTo(e ast.ExprNode, c *ast.ColumnName, sc *scope) bool {
	found := false
	eachColumn(e, func(x *ast.ColumnName) bool {
		found = x.Name.L == c.Name.L && (x.Table.L == c.Table.L || sc.same(x.Table.L, c.Table.L))
		return !found
	})
	return found
}
