package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// github.com/huandu/go-sqlbuilder builds statements in builders that
// change in place:
//
//	ub := sqlbuilder.NewUpdateBuilder()
//	ub.Update("jobs").Set(ub.Assign("status", 1))
//	ub.Where(ub.Equal("id", id))
//	q, args := ub.Build()
//	tx.Exec(q, args...)
//
// The statement a Build() call renders is read from the builder's
// variable: the constructor it was assigned once, then every call made on
// it before the Build in the same function, in source order. A call made
// only under an if or in a loop adds WHERE conditions (the WHERE then
// ends with a hole), or rows of VALUES (their number unknown); any other
// change made there, or any other use of the variable (passed to a
// function, stored, aliased, used in a function literal), leaves the
// statement unknown. Only the MySQL flavor is read: sqlbuilder.MySQL's
// builders, and the default flavor's unless the package assigns
// sqlbuilder.DefaultFlavor. SQLite's builders write the same `?`
// placeholders, so another flavor's statement is never taken for MySQL's.
// The text is sent through database/sql or sqlx, and is read there as any
// other text (also after sqlx's Rebind).

const pkgSQLBuilder = "github.com/huandu/go-sqlbuilder"

// flavor values of sqlbuilder.Flavor.
const sbFlavorMySQL = 1

type sbFlavor uint8

const (
	sbFlavorUnknown sbFlavor = iota
	sbMySQL
	sbOther
)

// sbBuilder is what a builder holds so far.
type sbBuilder struct {
	kind     string // SELECT, UPDATE, DELETE, INSERT
	flavor   sbFlavor
	verb     string // INSERT, INSERT IGNORE, REPLACE
	distinct bool
	columns  []sqPart
	tables   []sqPart
	joins    []sqPart
	where    []sqPart
	open     bool // conditions added at run time follow the WHERE
	groupBy  []sqPart
	having   []sqPart
	orderBy  []sqPart
	order    string
	limit    *sqPart
	offset   *sqPart
	forWhat  string
	set      []sqPart
	cols     []sqPart
	values   [][]sqPart
	// rowsOpen is set when rows are added under an if or in a loop: how
	// many is not known.
	rowsOpen bool
}

// sbBuilderType reports whether t is one of go-sqlbuilder's statement
// builders.
func sbBuilderType(t types.Type) bool {
	pkg, name := named(t)
	if pkg != pkgSQLBuilder {
		return false
	}
	switch name {
	case "SelectBuilder", "UpdateBuilder", "DeleteBuilder", "InsertBuilder":
		return true
	}
	return false
}

// sbFunc returns the go-sqlbuilder function or method call calls, nil for
// any other.
func sbFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgSQLBuilder {
		return nil
	}
	return fn
}

// sbReads are the builder methods that read it and change nothing.
var sbReads = map[string]bool{
	"Build": true, "BuildWithFlavor": true, "String": true, "Flavor": true,
	"NumCol": true, "NumValue": true, "NumAssignment": true, "TableNames": true,
}

// sbCondMethods are the methods that return condition or assignment text
// (and record its values in the builder's arguments).
var sbCondMethods = map[string]string{
	"Equal": "=", "E": "=", "EQ": "=",
	"NotEqual": "<>", "NE": "<>", "NEQ": "<>",
	"GreaterThan": ">", "G": ">", "GT": ">",
	"GreaterEqualThan": ">=", "GE": ">=", "GTE": ">=",
	"LessThan": "<", "L": "<", "LT": "<",
	"LessEqualThan": "<=", "LE": "<=", "LTE": "<=",
	"Like": "LIKE", "NotLike": "NOT LIKE",
	"In": "IN", "NotIn": "NOT IN",
	"IsNull": "", "IsNotNull": "", "Between": "", "NotBetween": "",
	"Or": "", "And": "", "Not": "", "Var": "",
	"Assign": "", "Incr": "", "Decr": "", "Add": "", "Sub": "", "Mul": "", "Div": "",
	"As": "",
	// Known to return text, whose SQL is not read.
	"ILike": "", "NotILike": "", "Exists": "", "NotExists": "", "Any": "", "All": "", "Some": "",
	"IsDistinctFrom": "", "IsNotDistinctFrom": "", "BuilderAs": "", "LateralAs": "",
}

// sbWalk reads one builder variable's statement at a Build call.
type sbWalk struct {
	info *types.Info
	d    defs
	// self is the builder variable whose condition helpers fill the
	// statement's placeholders; nil for a chain with no variable.
	self types.Object
}

// sqlbuilderBuild recovers the text of b.Build() (BuildWithFlavor with
// the MySQL flavor, String), the arguments bound to its placeholders
// (nil when not known one by one) and what fills its holes.
func sqlbuilderBuild(info *types.Info, d defs, call *ast.CallExpr) (string, []ast.Expr, []string, bool) {
	fn := sbFunc(info, call)
	if fn == nil {
		return "", nil, nil, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil || !sbBuilderType(sig.Recv().Type()) {
		return "", nil, nil, false
	}
	var forced sbFlavor
	switch fn.Name() {
	case "Build", "String":
	case "BuildWithFlavor":
		if len(call.Args) != 1 {
			return "", nil, nil, false // initial arguments shift the placeholders
		}
		if forced = sbFlavorOf(info, call.Args[0]); forced == sbFlavorUnknown {
			return "", nil, nil, false
		}
	default:
		return "", nil, nil, false
	}
	w := &sbWalk{info: info, d: d}
	b := w.chain(receiver(call), call, 0)
	if b == nil {
		return "", nil, nil, false
	}
	if forced != sbFlavorUnknown {
		b.flavor = forced
	}
	if b.flavor != sbMySQL {
		return "", nil, nil, false
	}
	return b.render()
}

// sbFlavorOf reads a constant sqlbuilder.Flavor.
func sbFlavorOf(info *types.Info, e ast.Expr) sbFlavor {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return sbFlavorUnknown
	}
	if pkg, name := named(tv.Type); pkg != pkgSQLBuilder || name != "Flavor" {
		return sbFlavorUnknown
	}
	if v, ok := constant.Int64Val(tv.Value); ok && v == sbFlavorMySQL {
		return sbMySQL
	}
	return sbOther
}

// defaultFlavor is the flavor of builders made without one: MySQL, unless
// the package assigns sqlbuilder.DefaultFlavor.
func (w *sbWalk) defaultFlavor() sbFlavor {
	if w.d.pkg == nil {
		return sbMySQL
	}
	for _, f := range w.d.pkg.files {
		assigned := false
		ast.Inspect(f, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || assigned {
				return !assigned
			}
			for _, l := range as.Lhs {
				if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
					if v, ok := w.info.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == pkgSQLBuilder && v.Name() == "DefaultFlavor" {
						assigned = true
					}
				}
			}
			return true
		})
		if assigned {
			return sbFlavorUnknown
		}
	}
	return sbMySQL
}

// chain reads the builder e evaluates to, where e is the receiver of
// the call at (a Build, or a method of a chain that ends in one).
func (w *sbWalk) chain(e ast.Expr, at *ast.CallExpr, depth int) *sbBuilder {
	if depth > maxSquirrelDepth || e == nil {
		return nil
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return w.variable(x, at)
	case *ast.CallExpr:
		fn := sbFunc(w.info, x)
		if fn == nil {
			return nil
		}
		sig := fn.Type().(*types.Signature)
		if sig.Recv() == nil || !sbBuilderType(sig.Recv().Type()) {
			return w.constructor(fn, x)
		}
		b := w.chain(receiver(x), at, depth+1)
		if b == nil || !w.apply(b, fn, x) {
			return nil
		}
		return b
	}
	return nil
}

// constructor starts a builder: sqlbuilder.NewSelectBuilder(),
// sqlbuilder.MySQL.NewUpdateBuilder(), sqlbuilder.Select("id"), ...
func (w *sbWalk) constructor(fn *types.Func, call *ast.CallExpr) *sbBuilder {
	sig := fn.Type().(*types.Signature)
	b := &sbBuilder{}
	if sig.Recv() != nil {
		if pkg, name := named(sig.Recv().Type()); pkg != pkgSQLBuilder || name != "Flavor" {
			return nil
		}
		b.flavor = sbFlavorOf(w.info, receiver(call))
	} else {
		b.flavor = w.defaultFlavor()
	}
	switch fn.Name() {
	case "NewSelectBuilder":
		b.kind = "SELECT"
	case "NewUpdateBuilder":
		b.kind = "UPDATE"
	case "NewDeleteBuilder":
		b.kind = "DELETE"
	case "NewInsertBuilder":
		b.kind, b.verb = "INSERT", "INSERT"
	case "Select", "SelectMore":
		b.kind = "SELECT"
		return w.applied(b, "Select", call)
	case "Update":
		b.kind = "UPDATE"
		return w.applied(b, "Update", call)
	case "DeleteFrom":
		b.kind = "DELETE"
		return w.applied(b, "DeleteFrom", call)
	case "InsertInto", "InsertIgnoreInto", "ReplaceInto":
		b.kind, b.verb = "INSERT", "INSERT"
		return w.applied(b, fn.Name(), call)
	default:
		return nil
	}
	if sig.Recv() == nil && len(call.Args) != 0 {
		return nil
	}
	return b
}

func (w *sbWalk) applied(b *sbBuilder, name string, call *ast.CallExpr) *sbBuilder {
	if !w.applyNamed(b, name, call) {
		return nil
	}
	return b
}

// sbUse is one use of a builder variable: the calls of a chain rooted at
// it, innermost first, and the statement it sits in.
type sbUse struct {
	calls []*ast.CallExpr
	fns   []*types.Func
	stack []ast.Node // the ancestors of the outermost call
}

// variable reads the builder a variable holds at the call at: its one
// assignment, then the calls that change it before at.
func (w *sbWalk) variable(id *ast.Ident, at *ast.CallExpr) *sbBuilder {
	v, ok := w.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() || !sbBuilderType(v.Type()) {
		return nil
	}
	d := w.d
	as := d.assigns[v]
	if len(as) != 1 || as[0].value == nil || d.escaped[v] || d.handedOn[v] || d.root == nil {
		return nil
	}
	def := as[0]
	home := d.litAround(def.pos)
	if d.litAround(at.Pos()) != home {
		return nil // built in one function, rendered in another that may run at any time
	}
	uses, ok := w.uses(v, def)
	if !ok {
		return nil
	}
	// A Build in a loop that the assignment is outside of sees what
	// earlier iterations changed.
	for _, l := range loopsAround(d.root, at.Pos()) {
		if l.Pos() <= def.pos && def.pos < l.End() {
			continue
		}
		for _, u := range uses {
			if p := u.calls[0].Pos(); l.Pos() <= p && p < l.End() {
				return nil
			}
		}
	}
	ww := &sbWalk{info: w.info, d: d, self: v}
	b := ww.chain(def.value, at, 1)
	if b == nil {
		return nil
	}
	for _, u := range uses {
		outer := u.calls[len(u.calls)-1]
		if outer.Pos() >= at.Pos() {
			continue // after the Build (or the Build's own chain, read by chain)
		}
		if d.litAround(outer.Pos()) != home {
			return nil
		}
		mode := sbPlacement(u.stack, at.Pos())
		for i, c := range u.calls {
			if !ww.applyAt(b, u.fns[i], c, mode) {
				return nil
			}
		}
	}
	w.self = v
	return b
}

// sbPlace says how a change reaches the Build: on every path, only under
// a condition, or repeated in a loop.
type sbPlace uint8

const (
	sbAlways sbPlace = iota
	sbMaybe
	sbRepeated
)

// sbPlacement places the statement whose ancestors are stack relative to
// the position at it precedes: it runs on every path to at when its
// innermost block also holds at.
func sbPlacement(stack []ast.Node, at token.Pos) sbPlace {
	place := sbAlways
	for i := len(stack) - 1; i >= 0; i-- {
		n := stack[i]
		if n.Pos() <= at && at < n.End() {
			return place
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			place = sbRepeated
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.CaseClause, *ast.CommClause:
			if place == sbAlways {
				place = sbMaybe
			}
		case *ast.FuncLit:
			return sbRepeated
		}
	}
	return place
}

// loopsAround lists the loop statements of root around pos.
func loopsAround(root ast.Node, pos token.Pos) []ast.Node {
	var out []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil || !(n.Pos() <= pos && pos < n.End()) {
			return false
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			out = append(out, n)
		}
		return true
	})
	return out
}

// uses lists the chains that change the variable v, in source order. It
// reports false when v is used in any way other than as the receiver of
// its own methods in a statement of its own, its condition helpers, and
// the calls that read it.
func (w *sbWalk) uses(v *types.Var, def *assignment) ([]sbUse, bool) {
	var out []sbUse
	ok := true
	ast.PreorderStack(w.d.root, nil, func(n ast.Node, stack []ast.Node) bool {
		if !ok {
			return false
		}
		id, isIdent := n.(*ast.Ident)
		if !isIdent || w.info.Uses[id] != v {
			return true
		}
		if id.Pos() >= def.pos && id.End() <= def.end && len(stack) > 0 {
			if as, isAssign := stack[len(stack)-1].(*ast.AssignStmt); isAssign && len(as.Lhs) > 0 && as.Lhs[0] == id {
				return true // the assignment itself
			}
		}
		// Climb the chain rooted at the variable.
		var u sbUse
		i := len(stack) - 1
		var cur ast.Expr = id
		for i >= 1 {
			sel, isSel := stack[i].(*ast.SelectorExpr)
			call, isCall := stack[i-1].(*ast.CallExpr)
			if !isSel || sel.X != cur || !isCall || call.Fun != sel {
				break
			}
			fn := sbFunc(w.info, call)
			if fn == nil {
				ok = false
				return false
			}
			if _, isCond := sbCondMethods[fn.Name()]; isCond && len(u.calls) == 0 {
				return true // a condition helper: it only records values
			}
			if sbReads[fn.Name()] {
				if len(u.calls) > 0 {
					u.stack = append([]ast.Node(nil), stack[:i-1]...)
					out = append(out, u)
				}
				return true
			}
			if fn.Name() == "SetFlavor" && len(u.calls) == 0 && i >= 2 {
				if _, isStmt := stack[i-2].(*ast.ExprStmt); isStmt {
					out = append(out, sbUse{calls: []*ast.CallExpr{call}, fns: []*types.Func{fn}, stack: append([]ast.Node(nil), stack[:i-1]...)})
					return true
				}
			}
			sig := fn.Type().(*types.Signature)
			if sig.Results().Len() != 1 || !sbBuilderType(sig.Results().At(0).Type()) {
				ok = false // Select on an InsertBuilder, SetFlavor's result kept, ...
				return false
			}
			u.calls = append(u.calls, call)
			u.fns = append(u.fns, fn)
			cur = call
			i -= 2
		}
		if len(u.calls) == 0 {
			ok = false // the variable itself passed, stored or aliased
			return false
		}
		if i < 0 {
			ok = false
			return false
		}
		if _, isStmt := stack[i].(*ast.ExprStmt); !isStmt {
			ok = false // the changed builder kept or passed on
			return false
		}
		u.stack = append([]ast.Node(nil), stack[:i+1]...)
		out = append(out, u)
		return true
	})
	return out, ok
}

// applyAt applies one call of a chain that changes the variable, made
// always, maybe or repeatedly before the Build.
func (w *sbWalk) applyAt(b *sbBuilder, fn *types.Func, call *ast.CallExpr, mode sbPlace) bool {
	if mode == sbAlways {
		return w.apply(b, fn, call)
	}
	switch fn.Name() {
	case "Where":
		if !b.open {
			b.open = true
		}
		return true
	case "Values":
		row, ok := w.row(call)
		if !ok || !b.sameRows(row) {
			return false
		}
		if len(b.values) == 0 {
			b.values = [][]sqPart{row}
		}
		b.rowsOpen = true
		return true
	}
	return false
}

// sameRows reports whether row renders as the rows already added.
func (b *sbBuilder) sameRows(row []sqPart) bool {
	for _, r := range b.values {
		if len(r) != len(row) {
			return false
		}
		for i := range r {
			if r[i].text != row[i].text {
				return false
			}
		}
	}
	return true
}

func (w *sbWalk) apply(b *sbBuilder, fn *types.Func, call *ast.CallExpr) bool {
	return w.applyNamed(b, fn.Name(), call)
}

// applyNamed applies one call that changes the builder.
func (w *sbWalk) applyNamed(b *sbBuilder, name string, call *ast.CallExpr) bool {
	args := call.Args
	// strs reads a list of expressions; names (tables, columns) known
	// only at run time are taken to bind no arguments.
	strs := func(from int) ([]sqPart, bool) {
		if call.Ellipsis.IsValid() {
			return nil, false
		}
		names := !strings.HasSuffix(name, "Where") && name != "Having" && name != "Set" && name != "SetMore"
		var out []sqPart
		for _, a := range args[from:] {
			p := w.str(a, 0)
			if names && p.text == sqltext.Hole && len(p.args) == 0 {
				p.argsKnown = true
			}
			if p.text == "" {
				continue // go-sqlbuilder drops empty expressions
			}
			out = append(out, p)
		}
		return out, true
	}
	one := func(i int) (sqPart, bool) {
		if i >= len(args) || call.Ellipsis.IsValid() {
			return sqPart{}, false
		}
		return w.literal(args[i]), true
	}
	switch b.kind + "." + name {
	case "SELECT.Select":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.columns = ps
	case "SELECT.SelectMore":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.columns = append(b.columns, ps...)
	case "SELECT.Distinct":
		b.distinct = true
	case "SELECT.From", "UPDATE.Update", "DELETE.DeleteFrom":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.tables = ps
	case "SELECT.Join", "SELECT.JoinWithOption":
		opt := ""
		if name == "JoinWithOption" {
			if len(args) == 0 {
				return false
			}
			tv := w.info.Types[args[0]]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return false
			}
			opt = constant.StringVal(tv.Value)
			args = args[1:]
		}
		if len(args) == 0 || call.Ellipsis.IsValid() {
			return false
		}
		p := w.literal(args[0])
		kw := "JOIN "
		if opt != "" {
			kw = opt + " JOIN "
		}
		j := sqPart{text: kw + p.text, argsKnown: p.argsKnown, holes: p.holes, args: p.args}
		var on []sqPart
		for _, a := range args[1:] {
			if c := w.str(a, 0); c.text != "" {
				on = append(on, c)
			}
		}
		if len(on) > 0 {
			j = joinParts(append([]sqPart{j, sqText(" ON ")}, joinSep(on, " AND ")...))
		}
		b.joins = append(b.joins, j)
	case "SELECT.Where", "UPDATE.Where", "DELETE.Where":
		ps, ok := strs(0)
		if !ok {
			if b.open {
				return true
			}
			b.open = true
			return true
		}
		if !b.open {
			b.where = append(b.where, ps...)
		}
	case "SELECT.Having":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.having = append(b.having, ps...)
	case "SELECT.GroupBy":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.groupBy = append(b.groupBy, ps...)
	case "SELECT.OrderBy":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.orderBy = append(b.orderBy, ps...)
	case "UPDATE.OrderBy", "DELETE.OrderBy":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.orderBy = ps
	case "SELECT.Asc", "UPDATE.Asc", "DELETE.Asc":
		b.order = "ASC"
	case "SELECT.Desc", "UPDATE.Desc", "DELETE.Desc":
		b.order = "DESC"
	case "SELECT.Limit", "UPDATE.Limit", "DELETE.Limit", "SELECT.Offset":
		if len(args) != 1 {
			return false
		}
		var p *sqPart
		if v := w.info.Types[args[0]].Value; v != nil {
			if n, ok := constant.Int64Val(constant.ToInt(v)); ok && n < 0 {
				p = nil // a negative count removes the clause
			} else {
				p = &sqPart{text: "?", args: []ast.Expr{args[0]}, argsKnown: true}
			}
		} else {
			p = &sqPart{text: "?", args: []ast.Expr{args[0]}, argsKnown: true}
		}
		if name == "Offset" {
			b.offset = p
		} else {
			b.limit = p
		}
	case "SELECT.ForUpdate":
		b.forWhat = "UPDATE"
	case "SELECT.ForShare":
		b.forWhat = "SHARE"
	case "UPDATE.Set":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.set = ps
	case "UPDATE.SetMore":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.set = append(b.set, ps...)
	case "UPDATE.Returning", "DELETE.Returning", "INSERT.Returning":
		// Not written for MySQL.
	case "INSERT.InsertInto", "INSERT.InsertIgnoreInto", "INSERT.ReplaceInto":
		p, ok := one(0)
		if !ok {
			return false
		}
		b.tables = []sqPart{p}
		switch name {
		case "InsertInto":
			// The verb stays as it was.
		case "InsertIgnoreInto":
			if b.flavor != sbMySQL {
				return false // the verb depends on the flavor at this call
			}
			b.verb = "INSERT IGNORE"
		case "ReplaceInto":
			b.verb = "REPLACE"
		}
	case "INSERT.Cols":
		ps, ok := strs(0)
		if !ok {
			return false
		}
		b.cols = ps
	case "INSERT.Values":
		row, ok := w.row(call)
		if !ok {
			return false
		}
		if !b.sameRows(row) && b.rowsOpen {
			return false
		}
		if !b.rowsOpen {
			b.values = append(b.values, row)
		}
	case "SELECT.SetFlavor", "UPDATE.SetFlavor", "DELETE.SetFlavor", "INSERT.SetFlavor":
		if len(args) != 1 {
			return false
		}
		b.flavor = sbFlavorOf(w.info, args[0])
	default:
		return false // SQL(...), With, AddWhereClause, Clone, ...: not read
	}
	return true
}

// row reads the values of one Values call.
func (w *sbWalk) row(call *ast.CallExpr) ([]sqPart, bool) {
	if call.Ellipsis.IsValid() {
		return nil, false
	}
	var row []sqPart
	for _, a := range call.Args {
		row = append(row, w.value(a))
	}
	return row, true
}

// literal is the text of a string argument written as it is (a table,
// a column): go-sqlbuilder escapes $ in it.
func (w *sbWalk) literal(e ast.Expr) sqPart {
	if t, holes, ok := textAndHoles(w.info, w.d, e); ok {
		return sqText(t, holes...)
	}
	return sqText(sqltext.Hole, describeExpr(w.info, w.d, e))
}

// str is the text of an expression string: a condition helper of the
// builder, or text in go-sqlbuilder's format, where $$ is a $ and $0,
// $?, ${name} refer to arguments.
func (w *sbWalk) str(e ast.Expr, depth int) sqPart {
	unknown := sqPart{text: sqltext.Hole, holes: []string{describeExpr(w.info, w.d, e)}}
	if depth > maxTextDepth {
		return unknown
	}
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		if fn := sbFunc(w.info, call); fn != nil {
			if _, isCond := sbCondMethods[fn.Name()]; isCond {
				if p, ok := w.cond(fn, call, depth); ok {
					return p
				}
				return unknown
			}
		}
	}
	if id, ok := e.(*ast.Ident); ok {
		// cond := b.Equal("id", id); b.Where(cond)
		if v := w.d.value(w.info, id); v != nil {
			if call, ok := ast.Unparen(v).(*ast.CallExpr); ok && sbFunc(w.info, call) != nil {
				return w.str(v, depth+1)
			}
		}
	}
	t, holes, ok := textAndHoles(w.info, w.d, e)
	if !ok {
		return unknown
	}
	var sb strings.Builder
	for i := 0; i < len(t); i++ {
		if t[i] != '$' {
			sb.WriteByte(t[i])
			continue
		}
		if i+1 < len(t) && t[i+1] == '$' {
			sb.WriteByte('$')
			i++
			continue
		}
		if i+1 < len(t) && (t[i+1] == '?' || t[i+1] == '{' || '0' <= t[i+1] && t[i+1] <= '9') {
			return unknown // a reference to the builder's arguments
		}
		sb.WriteByte('$')
	}
	out := sqText(sb.String(), holes...)
	if strings.Contains(out.text, "?") || strings.Contains(out.text, sqltext.Hole) {
		out.argsKnown = false // placeholders bound by values not shown here
	}
	return out
}

// cond renders a condition helper's text.
func (w *sbWalk) cond(fn *types.Func, call *ast.CallExpr, depth int) (sqPart, bool) {
	// The helper must be the builder's own: another builder's (or
	// NewCond's) placeholders refer to other arguments.
	if w.self == nil {
		return sqPart{}, false
	}
	id, ok := ast.Unparen(receiver(call)).(*ast.Ident)
	if !ok || w.info.Uses[id] != w.self {
		return sqPart{}, false
	}
	args := call.Args
	field := func() (sqPart, bool) {
		if len(args) == 0 {
			return sqPart{}, false
		}
		p := w.literal(args[0])
		if strings.Contains(p.text, "$") {
			return sqPart{}, false
		}
		return p, true
	}
	name := fn.Name()
	if op := sbCondMethods[name]; op != "" {
		f, ok := field()
		if !ok {
			return sqPart{}, false
		}
		if op == "IN" || op == "NOT IN" {
			vals := args[1:]
			if call.Ellipsis.IsValid() {
				// A slice spread: one placeholder per element.
				p := joinParts([]sqPart{f, sqText(" " + op + " ("), {text: "?", args: []ast.Expr{vals[len(vals)-1]}}, sqText(")")})
				p.argsKnown = false
				return p, true
			}
			if len(vals) == 0 {
				if op == "IN" {
					return sqText("0 = 1"), true
				}
				return sqText("0 = 0"), true
			}
			parts := []sqPart{f, sqText(" " + op + " (")}
			for i, v := range vals {
				if i > 0 {
					parts = append(parts, sqText(", "))
				}
				parts = append(parts, w.value(v))
			}
			return joinParts(append(parts, sqText(")"))), true
		}
		if len(args) != 2 || call.Ellipsis.IsValid() {
			return sqPart{}, false
		}
		return joinParts([]sqPart{f, sqText(" " + op + " "), w.value(args[1])}), true
	}
	switch name {
	case "IsNull", "IsNotNull":
		f, ok := field()
		if !ok {
			return sqPart{}, false
		}
		kw := " IS NULL"
		if name == "IsNotNull" {
			kw = " IS NOT NULL"
		}
		return joinParts([]sqPart{f, sqText(kw)}), true
	case "Between", "NotBetween":
		f, ok := field()
		if !ok || len(args) != 3 {
			return sqPart{}, false
		}
		kw := " BETWEEN "
		if name == "NotBetween" {
			kw = " NOT BETWEEN "
		}
		return joinParts([]sqPart{f, sqText(kw), w.value(args[1]), sqText(" AND "), w.value(args[2])}), true
	case "Or", "And":
		if call.Ellipsis.IsValid() {
			return sqPart{}, false
		}
		var ps []sqPart
		for _, a := range args {
			if p := w.str(a, depth+1); p.text != "" {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			return sqText(""), true
		}
		sep := " " + strings.ToUpper(name) + " "
		return joinParts(append(append([]sqPart{sqText("(")}, joinSep(ps, sep)...), sqText(")"))), true
	case "Not":
		if len(args) != 1 {
			return sqPart{}, false
		}
		p := w.str(args[0], depth+1)
		if p.text == "" {
			return sqText(""), true
		}
		return joinParts([]sqPart{sqText("NOT "), p}), true
	case "Var":
		if len(args) != 1 {
			return sqPart{}, false
		}
		return w.value(args[0]), true
	case "Assign", "Add", "Sub", "Mul", "Div":
		f, ok := field()
		if !ok || len(args) != 2 {
			return sqPart{}, false
		}
		if name == "Assign" {
			return joinParts([]sqPart{f, sqText(" = "), w.value(args[1])}), true
		}
		op := map[string]string{"Add": "+", "Sub": "-", "Mul": "*", "Div": "/"}[name]
		return joinParts([]sqPart{f, sqText(" = "), f, sqText(" " + op + " "), w.value(args[1])}), true
	case "Incr", "Decr":
		f, ok := field()
		if !ok {
			return sqPart{}, false
		}
		op := " + 1"
		if name == "Decr" {
			op = " - 1"
		}
		return joinParts([]sqPart{f, sqText(" = "), f, sqText(op)}), true
	case "As":
		if len(args) != 2 {
			return sqPart{}, false
		}
		return joinParts([]sqPart{w.literal(args[0]), sqText(" AS "), w.literal(args[1])}), true
	}
	return sqPart{}, false
}

// value is a value go-sqlbuilder binds: a placeholder, unless it is a
// builder (a subquery), Raw, List, Tuple or a named argument, which are
// written otherwise.
func (w *sbWalk) value(e ast.Expr) sqPart {
	hole := sqPart{text: sqltext.Hole, holes: []string{describeExpr(w.info, w.d, e)}}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if fn := sbFunc(w.info, call); fn != nil {
			if fn.Name() == "Raw" && len(call.Args) == 1 {
				if t, ok := textOf(w.info, w.d, call.Args[0]); ok {
					p := sqText(t)
					p.argsKnown = !strings.Contains(t, "?")
					return p
				}
			}
			return hole
		}
	}
	t := w.info.TypeOf(e)
	if t == nil {
		return hole
	}
	if pkg, _ := named(t); pkg == pkgSQLBuilder || pkg == pkgSQL {
		return hole // a builder, or sql.NamedArg
	}
	if i, ok := t.Underlying().(*types.Interface); ok && !i.Empty() {
		return hole // may be a builder
	}
	return sqPart{text: "?", args: []ast.Expr{e}, argsKnown: true}
}

// joinParts concatenates parts.
func joinParts(ps []sqPart) sqPart {
	out := sqPart{argsKnown: true}
	var sb strings.Builder
	for _, p := range ps {
		sb.WriteString(p.text)
		out.args = append(out.args, p.args...)
		out.argsKnown = out.argsKnown && p.argsKnown
		out.holes = append(out.holes, p.holes...)
	}
	out.text = sb.String()
	return out
}

// joinSep puts sep between parts.
func joinSep(ps []sqPart, sep string) []sqPart {
	var out []sqPart
	for i, p := range ps {
		if i > 0 {
			out = append(out, sqText(sep))
		}
		out = append(out, p)
	}
	return out
}

// render writes the statement as go-sqlbuilder's MySQL flavor builds it.
func (b *sbBuilder) render() (string, []ast.Expr, []string, bool) {
	var parts []sqPart
	add := func(ps ...sqPart) { parts = append(parts, ps...) }
	list := func(ps []sqPart, sep string) { add(joinSep(ps, sep)...) }
	where := func() {
		if len(b.where) == 0 && !b.open {
			return
		}
		add(sqText(" WHERE "))
		list(b.where, " AND ")
		if b.open {
			if len(b.where) > 0 {
				add(sqText(" "))
			}
			add(sqPart{text: sqltext.Hole, holes: []string{"conditions added at run time"}})
		}
	}
	orderBy := func() {
		if len(b.orderBy) == 0 {
			return
		}
		add(sqText(" ORDER BY "))
		list(b.orderBy, ", ")
		if b.order != "" {
			add(sqText(" " + b.order))
		}
	}
	limit := func() {
		if b.limit != nil {
			add(sqText(" LIMIT "), *b.limit)
		}
	}
	if len(b.tables) == 0 {
		return "", nil, nil, false
	}
	switch b.kind {
	case "SELECT":
		if len(b.columns) == 0 {
			return "", nil, nil, false
		}
		add(sqText("SELECT "))
		if b.distinct {
			add(sqText("DISTINCT "))
		}
		list(b.columns, ", ")
		add(sqText(" FROM "))
		list(b.tables, ", ")
		for _, j := range b.joins {
			add(sqText(" "), j)
		}
		where()
		if len(b.groupBy) > 0 {
			add(sqText(" GROUP BY "))
			list(b.groupBy, ", ")
			if len(b.having) > 0 {
				add(sqText(" HAVING "))
				list(b.having, " AND ")
			}
		}
		orderBy()
		if b.limit != nil {
			limit()
			if b.offset != nil {
				add(sqText(" OFFSET "), *b.offset)
			}
		}
		if b.forWhat != "" {
			add(sqText(" FOR " + b.forWhat))
		}
	case "UPDATE":
		if len(b.set) == 0 {
			return "", nil, nil, false
		}
		add(sqText("UPDATE "))
		list(b.tables, ", ")
		add(sqText(" SET "))
		list(b.set, ", ")
		where()
		orderBy()
		limit()
	case "DELETE":
		add(sqText("DELETE FROM "))
		list(b.tables, ", ")
		where()
		orderBy()
		limit()
	case "INSERT":
		if len(b.values) == 0 {
			return "", nil, nil, false
		}
		add(sqText(b.verb+" INTO "), b.tables[0])
		if len(b.cols) > 0 {
			add(sqText(" ("))
			list(b.cols, ", ")
			add(sqText(")"))
		}
		add(sqText(" VALUES "))
		for i, row := range b.values {
			if i > 0 {
				add(sqText(", "))
			}
			add(sqText("("))
			list(row, ", ")
			add(sqText(")"))
		}
	default:
		return "", nil, nil, false
	}
	all := joinParts(parts)
	args := all.args
	if !all.argsKnown || b.open || b.rowsOpen {
		args = nil
	} else if args == nil {
		args = []ast.Expr{}
	}
	return all.text, args, all.holes, true
}

// builtArgs returns the arguments a builder binds when call passes the
// ones its build returned beside the text: `q, args := b.Build()` (or
// squirrel's `b.ToSql()`), then `tx.Exec(q, args...)`, also when the
// text was rewritten in between (`q = tx.Rebind(q)`, strings.Replace):
// the same assignment gave the text and the arguments.
func builtArgs(info *types.Info, d defs, call *ast.CallExpr, textExpr ast.Expr) ([]ast.Expr, bool) {
	if !call.Ellipsis.IsValid() || len(call.Args) == 0 || call.Args[len(call.Args)-1] == textExpr {
		return nil, false
	}
	aid, ok := ast.Unparen(call.Args[len(call.Args)-1]).(*ast.Ident)
	if !ok {
		return nil, false
	}
	// The arguments are the build's second result: their assignment
	// has no value of its own, only its position.
	aa, _, ok := d.reachingAssigns(info, aid)
	if !ok || len(aa) != 1 {
		return nil, false
	}
	e := textExpr
	for range maxTextDepth {
		tid, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil, false
		}
		ta, _, ok := d.reachingAssigns(info, tid)
		if !ok || len(ta) != 1 || ta[0].value == nil {
			return nil, false
		}
		tc, ok := ast.Unparen(ta[0].value).(*ast.CallExpr)
		if !ok {
			return nil, false
		}
		if q := rewrittenQuery(info, tc); q != nil {
			e = q
			continue
		}
		if q, _, _, _, ok := stringsReplace(info, tc); ok {
			e = q
			continue
		}
		if aa[0].pos != ta[0].pos {
			return nil, false
		}
		_, args, _, ok := squirrelToSQL(info, d, tc)
		if !ok {
			_, args, _, ok = sqlbuilderBuild(info, d, tc)
		}
		if !ok || args == nil {
			return nil, false
		}
		return args, true
	}
	return nil, false
}

// stringsReplace reads strings.Replace(s, old, new, n) and
// strings.ReplaceAll(s, old, new) with constant old, new and n.
func stringsReplace(info *types.Info, call *ast.CallExpr) (s ast.Expr, old, repl string, n int, ok bool) {
	switch {
	case isFunc(info, call, "strings", "Replace") && len(call.Args) == 4:
		v := info.Types[call.Args[3]].Value
		if v == nil || v.Kind() != constant.Int {
			return nil, "", "", 0, false
		}
		i, exact := constant.Int64Val(v)
		if !exact {
			return nil, "", "", 0, false
		}
		n = int(i)
	case isFunc(info, call, "strings", "ReplaceAll") && len(call.Args) == 3:
		n = -1
	default:
		return nil, "", "", 0, false
	}
	o, r := info.Types[call.Args[1]].Value, info.Types[call.Args[2]].Value
	if o == nil || r == nil || o.Kind() != constant.String || r.Kind() != constant.String {
		return nil, "", "", 0, false
	}
	old, repl = constant.StringVal(o), constant.StringVal(r)
	if old == "" {
		return nil, "", "", 0, false
	}
	return call.Args[0], old, repl, n, true
}

// replaceKnown applies a constant replacement to text whose holes are
// unknown: only where every occurrence it changes lies in known text
// before the first hole, so that no hole can hold one the server would
// see replaced.
func replaceKnown(text, old, repl string, n int) (string, bool) {
	if n == 0 || strings.Contains(old, sqltext.Hole) {
		return text, n == 0
	}
	h := strings.Index(text, sqltext.Hole)
	if h < 0 {
		return strings.Replace(text, old, repl, n), true
	}
	head := text[:h]
	if n < 0 {
		return "", false // occurrences after the hole are not known
	}
	if strings.Count(head, old) < n {
		return "", false
	}
	// The match must lie in the head as a whole, not run into the hole.
	return strings.Replace(head, old, repl, n) + text[h:], true
}
