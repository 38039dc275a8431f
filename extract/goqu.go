package extract

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// goqu (github.com/doug-martin/goqu/v9) builds statements as immutable
// datasets: db.From("jobs").Where(goqu.Ex{"status": 0}).Order(goqu.C("id")
// .Asc()).Limit(10).ForUpdate(exp.SkipLocked). A dataset started on a
// *goqu.Database (the pool) or a *goqu.TxDatabase (a transaction, from
// Begin or the parameter WithTx hands its callback) runs there when a
// finisher (ScanStructs, ScanStruct, Count, Executor().Exec(), ...) is
// called; one started by the package (goqu.From, goqu.Dialect("mysql")
// .From) is rendered with ToSQL and sent through database/sql. Each
// dataset method returns a new dataset, so a variable holds one value.

const (
	pkgGoquExec = "github.com/doug-martin/goqu/v9/exec"
)

// goquDatasetKind maps goqu's dataset types to the statement they build.
var goquDatasetKind = map[string]string{
	"SelectDataset": "SELECT", "InsertDataset": "INSERT",
	"UpdateDataset": "UPDATE", "DeleteDataset": "DELETE",
}

// goquFinishers send a dataset's statement (on SelectDataset).
var goquFinishers = map[string]bool{
	"ScanStructs": true, "ScanStructsContext": true, "ScanStruct": true, "ScanStructContext": true,
	"ScanVals": true, "ScanValsContext": true, "ScanVal": true, "ScanValContext": true,
	"Count": true, "CountContext": true, "Pluck": true, "PluckContext": true,
}

// goquExecMethods run an Executor()'s statement.
var goquExecMethods = map[string]bool{
	"Exec": true, "ExecContext": true, "Query": true, "QueryContext": true,
	"ScanStructs": true, "ScanStructsContext": true, "ScanStruct": true, "ScanStructContext": true,
	"ScanVals": true, "ScanValsContext": true, "ScanVal": true, "ScanValContext": true,
}

func isGoquDataset(t types.Type) bool {
	pkg, name := named(t)
	return pkg == pkgGoqu && goquDatasetKind[name] != ""
}

// isGoquWithTx reports whether fn is Database.WithTx, which begins a
// transaction, hands it to its callback and ends it.
func isGoquWithTx(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgGoqu || fn.Name() != "WithTx" {
		return false
	}
	_, recv := recvNamed(fn)
	return recv == "Database"
}

// recognizeGoqu claims calls into goqu and its exec package.
func recognizeGoqu(c *call) bool {
	if c.fn == nil || c.fn.Pkg() == nil {
		return false
	}
	switch c.fn.Pkg().Path() {
	case pkgGoquExec:
		if _, recv := recvNamed(c.fn); recv == "QueryExecutor" && goquExecMethods[c.fn.Name()] {
			goquSite(c, receiver(c.expr), true)
		}
		return true
	case pkgGoqu, pkgGoquExp:
	default:
		return false
	}
	sig := c.fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return true
	}
	_, recv := named(sig.Recv().Type())
	name := c.fn.Name()
	switch {
	case goquDatasetKind[recv] == "SELECT" && goquFinishers[name]:
		goquSite(c, receiver(c.expr), false)
	case recv == "Database" || recv == "TxDatabase":
		switch {
		case (queryMethods[name] || goquFinishers[name]) && firstStringParam(sig) >= 0:
			// db.ExecContext(ctx, q), db.ScanStructs(&dest, q, args...)
			return addSite(c, sig, handleOf(c, receiver(c.expr)), Goqu)
		case recv == "Database" && (name == "Begin" || name == "BeginTx"):
			c.out.Events = append(c.out.Events, &TxEvent{
				Kind:      TxBegin,
				Call:      c.expr,
				Tx:        c.resultRef(),
				From:      handleOf(c, receiver(c.expr)),
				Isolation: isolationArg(c),
				Framework: Goqu,
			})
		case recv == "TxDatabase" && (name == "Commit" || name == "Rollback" || name == "Wrap"):
			// Wrap commits when its function returns nil and rolls
			// back otherwise: either way the transaction ends there.
			c.endTx(Goqu)
		}
	}
	return true
}

// goquCallbackEvent gives the function literal passed to WithTx its
// transaction: its parameter, which goqu began and ends.
func goquCallbackEvent(f *Func) {
	lit, ok := f.Node.(*ast.FuncLit)
	if !ok || f.PassedTo == nil || f.PassedAt != 0 || !isGoquWithTx(f.PassedTo.Fn) {
		return
	}
	obj := paramObject(f.info, lit.Type, 0)
	if obj == nil {
		return
	}
	pc := &call{info: f.info, defs: f.defs, expr: f.PassedTo.Expr, fn: f.PassedTo.Fn, out: f.PassedTo.InFunc}
	f.Events = append([]*TxEvent{{
		Kind:      TxBegin,
		Call:      f.PassedTo.Expr,
		Tx:        Ref{Root: obj},
		From:      handleOf(pc, receiver(f.PassedTo.Expr)),
		Callback:  true,
		Framework: Goqu,
	}}, f.Events...)
}

// goquSite records the statement a finisher runs. e is the dataset, or
// for an executor's method the Executor() call.
func goquSite(c *call, e ast.Expr, executor bool) {
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: Goqu,
		Method:    c.fn.Name(),
		Handle:    Handle{Type: "goqu dataset"},
		Loop:      c.loop,
		info:      c.info,
	}
	c.out.Sites = append(c.out.Sites, s)
	if executor {
		if v := c.defs.value(c.info, e); v != nil {
			e = v
		}
		ex, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return
		}
		if fn, _ := calleeFunc(c.info, ex).(*types.Func); fn == nil || fn.Name() != "Executor" || !isGoquDataset(c.info.TypeOf(receiver(ex))) {
			return
		}
		e = receiver(ex)
	}
	w := &goquWalk{info: c.info, d: c.defs}
	ds := w.dataset(e, 0)
	if ds == nil {
		return
	}
	if ds.db != nil {
		s.Handle = handleOf(c, ds.db)
	}
	name := c.fn.Name()
	switch {
	case strings.HasPrefix(name, "ScanStruct") && !strings.HasPrefix(name, "ScanStructs"),
		strings.HasPrefix(name, "ScanVal") && !strings.HasPrefix(name, "ScanVals"):
		if !executor {
			ds.limit = "1" // goqu adds LIMIT 1
		}
		xormNotFoundCheck(c) // found, err := ...; if !found: the missing-row check
	case strings.HasPrefix(name, "Count"):
		ds.count = true
		ds.limit = "1"
	}
	text, args, ok := ds.render()
	if !ok {
		return
	}
	if args := c.expr.Args; len(args) > 0 && !strings.HasPrefix(name, "Count") && !strings.HasPrefix(name, "Exec") && !strings.HasPrefix(name, "Query") {
		if isContext(c.info.TypeOf(args[0])) {
			args = args[1:]
		}
		if len(args) > 0 {
			s.Dest = args[:1]
		}
	}
	s.Text, s.Args = text, args
	s.SQL = summarize(text)
}

// goquDataset is what a chain has built.
type goquDataset struct {
	kind string
	// dialect is the dialect a package-level dataset is rendered in
	// (goqu.Dialect("mysql"), WithDialect), "" for goqu's default.
	dialect string
	db      ast.Expr // the Database or TxDatabase it runs on; nil for goqu.From
	table   string
	conds   []string
	args    []ast.Expr
	order   []string
	limit   string
	lock    string
	sets    []string
	setArgs []ast.Expr
	cols    []string
	vals    []ast.Expr
	onDup   string
	ignore  bool
	count   bool
}

func (d *goquDataset) clone() *goquDataset {
	c := *d
	c.conds = append([]string(nil), d.conds...)
	c.args = append([]ast.Expr(nil), d.args...)
	c.order = append([]string(nil), d.order...)
	c.sets = append([]string(nil), d.sets...)
	c.setArgs = append([]ast.Expr(nil), d.setArgs...)
	c.cols = append([]string(nil), d.cols...)
	c.vals = append([]ast.Expr(nil), d.vals...)
	return &c
}

type goquWalk struct {
	info *types.Info
	d    defs
}

// dataset reads the dataset e evaluates to, nil when it is not known.
func (w *goquWalk) dataset(e ast.Expr, depth int) *goquDataset {
	if depth > maxChain || e == nil {
		return nil
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if w.d.handedOn[w.info.ObjectOf(x)] {
			return nil // an option function may change what it points to
		}
		vs, ok := w.d.reaching(w.info, x)
		if !ok || len(vs) != 1 || vs[0] == nil {
			return nil
		}
		return w.dataset(vs[0], depth+1)
	case *ast.CallExpr:
		return w.call(x, depth)
	}
	return nil
}

func (w *goquWalk) call(call *ast.CallExpr, depth int) *goquDataset {
	fn, ok := calleeFunc(w.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgGoqu {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	name := fn.Name()
	args := call.Args
	if sig.Recv() != nil {
		switch _, recv := named(sig.Recv().Type()); recv {
		case "Database", "TxDatabase", "DialectWrapper":
			d := w.start(name, args)
			if d == nil {
				return nil
			}
			if recv == "DialectWrapper" {
				d.dialect = w.dialectOf(receiver(call))
			} else {
				d.db = receiver(call)
			}
			return d
		}
		if !isGoquDataset(sig.Recv().Type()) {
			return nil
		}
	} else {
		return w.start(name, args)
	}
	prev := w.dataset(receiver(call), depth+1)
	if prev == nil {
		return nil
	}
	d := prev.clone()
	switch name {
	case "Where":
		for _, a := range args {
			s, as, ok := w.expr(a, 0)
			if !ok {
				return nil
			}
			d.conds = append(d.conds, s)
			d.args = append(d.args, as...)
		}
	case "ForUpdate", "ForShare":
		if len(args) != 1 {
			return nil // FOR UPDATE OF ...
		}
		lock := "FOR UPDATE"
		if name == "ForShare" {
			lock = "FOR SHARE"
		}
		switch w.constName(args[0]) {
		case "Wait":
		case "NoWait":
			lock += " NOWAIT"
		case "SkipLocked":
			lock += " SKIP LOCKED"
		default:
			return nil
		}
		d.lock = lock
	case "Order", "OrderAppend":
		if name == "Order" {
			d.order = nil
		}
		for _, a := range args {
			s, ok := w.ordered(a)
			if !ok {
				return nil
			}
			d.order = append(d.order, s)
		}
	case "Limit":
		if len(args) != 1 {
			return nil
		}
		d.limit = "?"
		if tv := w.info.Types[args[0]]; tv.Value != nil {
			d.limit = tv.Value.ExactString()
		}
	case "ClearLimit":
		d.limit = ""
	case "From", "Table", "Into":
		if len(args) != 1 {
			return nil
		}
		t, ok := w.table(args[0])
		if !ok {
			return nil
		}
		d.table = t
	case "Set":
		if len(args) != 1 {
			return nil
		}
		cols, vals, ok := w.record(args[0])
		if !ok {
			return nil
		}
		for i, col := range cols {
			d.sets = append(d.sets, col+" = ?")
			d.setArgs = append(d.setArgs, vals[i])
		}
	case "Rows":
		if len(args) != 1 {
			return nil // several rows: one statement, columns of the first
		}
		cols, vals, ok := w.record(args[0])
		if !ok {
			return nil
		}
		d.cols, d.vals = cols, vals
	case "OnConflict":
		if len(args) != 1 {
			return nil
		}
		ocall, ok := ast.Unparen(args[0]).(*ast.CallExpr)
		if !ok {
			return nil
		}
		ofn, ok := calleeFunc(w.info, ocall).(*types.Func)
		if !ok || ofn.Pkg() == nil || ofn.Pkg().Path() != pkgGoqu {
			return nil
		}
		switch ofn.Name() {
		case "DoNothing":
			d.ignore = true // MySQL: INSERT IGNORE
		case "DoUpdate":
			if len(ocall.Args) != 2 {
				return nil
			}
			cols, _, ok := w.record(ocall.Args[1])
			if !ok {
				return nil
			}
			var sets []string
			for _, c := range cols {
				sets = append(sets, c+" = ?")
			}
			d.onDup = strings.Join(sets, ", ")
			d.ignore = true // goqu's MySQL dialect writes INSERT IGNORE ... ON DUPLICATE KEY UPDATE
		default:
			return nil
		}
	case "WithDialect":
		if len(args) == 1 {
			d.dialect, _ = w.str(args[0])
		}
	case "Select", "SelectAppend", "ClearSelect", "Prepared", "Distinct", "Returning", "As", "Offset", "ClearOffset":
	default:
		return nil // Join, GroupBy, With, Union, ...
	}
	return d
}

// dialectOf reads the dialect of goqu.Dialect("mysql"), directly, through
// a variable set once, or through a field the package always sets to the
// same dialect (a repository's dialect field).
func (w *goquWalk) dialectOf(e ast.Expr) string {
	return w.dialectDepth(e, 0)
}

func (w *goquWalk) dialectDepth(e ast.Expr, depth int) string {
	if depth > maxChain {
		return ""
	}
	for range maxChain {
		e = ast.Unparen(e)
		if v := w.d.value(w.info, e); v != nil {
			e = ast.Unparen(v)
		}
		if sel, ok := e.(*ast.SelectorExpr); ok && w.d.pkg != nil {
			field, ok := w.info.Uses[sel.Sel].(*types.Var)
			if !ok || !field.IsField() {
				return ""
			}
			out := ""
			for i, s := range w.d.pkg.fieldSets[field] {
				if s.value == nil {
					return ""
				}
				d := (&goquWalk{info: w.info, d: s.defs}).dialectDepth(s.value, depth+1)
				if d == "" || i > 0 && d != out {
					return ""
				}
				out = d
			}
			return out
		}
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return ""
		}
		fn, ok := calleeFunc(w.info, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgGoqu || fn.Name() != "Dialect" {
			return ""
		}
		s, _ := w.str(call.Args[0])
		return s
	}
	return ""
}

// start reads the call that starts a dataset: From("t"), Update("t"), ...
func (w *goquWalk) start(name string, args []ast.Expr) *goquDataset {
	kind := map[string]string{"From": "SELECT", "Select": "SELECT", "Update": "UPDATE", "Insert": "INSERT", "Delete": "DELETE"}[name]
	if kind == "" {
		return nil
	}
	d := &goquDataset{kind: kind}
	if name != "Select" {
		if len(args) != 1 {
			return nil
		}
		t, ok := w.table(args[0])
		if !ok {
			return nil
		}
		d.table = t
	}
	return d
}

// table reads a table argument: "t", goqu.T("t"), goqu.I("t").
func (w *goquWalk) table(e ast.Expr) (string, bool) {
	if s, ok := w.str(e); ok {
		return s, true
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if fn, ok := calleeFunc(w.info, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == pkgGoqu && (fn.Name() == "T" || fn.Name() == "I") {
			return w.str(call.Args[0])
		}
	}
	return "", false
}

func (w *goquWalk) str(e ast.Expr) (string, bool) {
	if tv := w.info.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	t := w.info.TypeOf(e)
	if t == nil {
		return "", false
	}
	if b, ok := t.Underlying().(*types.Basic); !ok || b.Kind() != types.String {
		return "", false
	}
	return textOf(w.info, w.d, e)
}

// constName is the name of the package-level constant e names
// (exp.SkipLocked).
func (w *goquWalk) constName(e ast.Expr) string {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		id = x.Sel
	case *ast.Ident:
		id = x
	default:
		return ""
	}
	if c, ok := w.info.Uses[id].(*types.Const); ok && c.Pkg() != nil && c.Pkg().Path() == pkgGoquExp {
		return c.Name()
	}
	return ""
}

// goquOps are goqu.Op's keys and the comparison methods of goqu.C(...),
// as SQL operators.
var goquOps = map[string]string{
	"eq": "=", "neq": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=",
	"in": "IN", "notin": "NOT IN", "like": "LIKE", "notlike": "NOT LIKE",
	"Eq": "=", "Neq": "!=", "Gt": ">", "Gte": ">=", "Lt": "<", "Lte": "<=",
	"In": "IN", "NotIn": "NOT IN", "Like": "LIKE", "NotLike": "NOT LIKE",
	"IsNull": "IS NULL", "IsNotNull": "IS NOT NULL",
}

// expr renders a WHERE expression: goqu.Ex{...}, goqu.C("c").Eq(v),
// goqu.And/Or(...), goqu.L("sql ?", v).
func (w *goquWalk) expr(e ast.Expr, depth int) (string, []ast.Expr, bool) {
	if depth > maxChain {
		return "", nil, false
	}
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		if w.d.elemWritten[w.info.ObjectOf(id)] {
			return "", nil, false
		}
		if v := w.d.value(w.info, id); v != nil {
			return w.expr(v, depth+1)
		}
		return "", nil, false
	}
	if lit, ok := e.(*ast.CompositeLit); ok {
		if _, name := named(w.info.TypeOf(lit)); name != "Ex" {
			return "", nil, false
		}
		cols, vals, ok := sortedStringMap(w.info, lit)
		if !ok {
			return "", nil, false
		}
		var conds []string
		var args []ast.Expr
		for i, col := range cols {
			s, as, ok := w.compare(col, vals[i])
			if !ok {
				return "", nil, false
			}
			conds = append(conds, s)
			args = append(args, as...)
		}
		if len(conds) == 0 {
			return "", nil, false
		}
		return "(" + strings.Join(conds, " AND ") + ")", args, true
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return "", nil, false
	}
	fn, ok := calleeFunc(w.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgGoqu && fn.Pkg().Path() != pkgGoquExp {
		return "", nil, false
	}
	sig := fn.Type().(*types.Signature)
	switch {
	case sig.Recv() == nil && (fn.Name() == "And" || fn.Name() == "Or"):
		var parts []string
		var args []ast.Expr
		for _, a := range call.Args {
			s, as, ok := w.expr(a, depth+1)
			if !ok {
				return "", nil, false
			}
			parts = append(parts, s)
			args = append(args, as...)
		}
		if len(parts) == 0 {
			return "", nil, false
		}
		return "(" + strings.Join(parts, " "+strings.ToUpper(fn.Name())+" ") + ")", args, true
	case sig.Recv() == nil && fn.Name() == "L" && len(call.Args) > 0:
		s, ok := w.str(call.Args[0])
		if !ok {
			return "", nil, false
		}
		return "(" + s + ")", call.Args[1:], true
	case sig.Recv() != nil && goquOps[fn.Name()] != "":
		col, ok := w.column(receiver(call))
		if !ok {
			return "", nil, false
		}
		op := goquOps[fn.Name()]
		switch {
		case strings.HasPrefix(op, "IS"):
			return "(" + col + " " + op + ")", nil, true
		case len(call.Args) != 1:
			return "", nil, false
		case strings.HasSuffix(op, "IN"):
			return "(" + col + " " + op + " (?))", call.Args, true
		}
		return "(" + col + " " + op + " ?)", call.Args, true
	}
	return "", nil, false
}

// column reads goqu.C("c") or goqu.I("t.c").
func (w *goquWalk) column(e ast.Expr) (string, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return "", false
	}
	fn, ok := calleeFunc(w.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgGoqu || fn.Name() != "C" && fn.Name() != "I" {
		return "", false
	}
	return w.str(call.Args[0])
}

// compare renders one entry of goqu.Ex: a value (=, IN for a list, IS
// NULL for nil) or a goqu.Op{"gt": v}.
func (w *goquWalk) compare(col string, v ast.Expr) (string, []ast.Expr, bool) {
	v = ast.Unparen(v)
	if id, ok := v.(*ast.Ident); ok && id.Name == "nil" {
		if _, isNil := w.info.Uses[id].(*types.Nil); isNil {
			return col + " IS NULL", nil, true
		}
	}
	if lit, ok := v.(*ast.CompositeLit); ok {
		if _, name := named(w.info.TypeOf(lit)); name == "Op" {
			ops, vals, ok := sortedStringMap(w.info, lit)
			if !ok || len(ops) != 1 {
				return "", nil, false
			}
			op := goquOps[strings.ToLower(ops[0])]
			if op == "" || strings.HasPrefix(op, "IS") {
				return "", nil, false
			}
			if strings.HasSuffix(op, "IN") {
				return col + " " + op + " (?)", vals[:1], true
			}
			return col + " " + op + " ?", vals[:1], true
		}
	}
	if isList(w.info.TypeOf(v)) {
		return col + " IN (?)", []ast.Expr{v}, true
	}
	return col + " = ?", []ast.Expr{v}, true
}

// record reads a goqu.Record{...} (or another map literal).
func (w *goquWalk) record(e ast.Expr) ([]string, []ast.Expr, bool) {
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
	if _, isMap := w.info.TypeOf(lit).Underlying().(*types.Map); !isMap {
		return nil, nil, false
	}
	return sortedStringMap(w.info, lit)
}

// ordered reads goqu.C("c").Asc() / .Desc().
func (w *goquWalk) ordered(e ast.Expr) (string, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	fn, ok := calleeFunc(w.info, call).(*types.Func)
	if !ok || fn.Name() != "Asc" && fn.Name() != "Desc" {
		return "", false
	}
	col, ok := w.column(receiver(call))
	if !ok {
		return "", false
	}
	return col + " " + strings.ToUpper(fn.Name()), true
}

// render writes the statement with ? placeholders and its arguments.
func (d *goquDataset) render() (string, []ast.Expr, bool) {
	if d.table == "" {
		return "", nil, false
	}
	where := ""
	if len(d.conds) > 0 {
		where = " WHERE " + strings.Join(d.conds, " AND ")
	}
	switch d.kind {
	case "SELECT":
		sel := "SELECT *"
		if d.count {
			sel = "SELECT COUNT(*) AS count"
		}
		text := sel + " FROM " + d.table + where
		if len(d.order) > 0 && !d.count {
			text += " ORDER BY " + strings.Join(d.order, ", ")
		}
		if d.limit != "" {
			text += " LIMIT " + d.limit
		}
		if d.lock != "" {
			text += " " + d.lock
		}
		return text, d.args, true
	case "UPDATE":
		if len(d.sets) == 0 {
			return "", nil, false
		}
		text := "UPDATE " + d.table + " SET " + strings.Join(d.sets, ", ") + where
		if len(d.order) > 0 {
			text += " ORDER BY " + strings.Join(d.order, ", ")
		}
		if d.limit != "" {
			text += " LIMIT " + d.limit
		}
		return text, append(append([]ast.Expr(nil), d.setArgs...), d.args...), true
	case "DELETE":
		text := "DELETE FROM " + d.table + where
		if len(d.order) > 0 {
			text += " ORDER BY " + strings.Join(d.order, ", ")
		}
		if d.limit != "" {
			text += " LIMIT " + d.limit
		}
		return text, d.args, true
	case "INSERT":
		if len(d.cols) == 0 {
			return "", nil, false
		}
		text := "INSERT "
		if d.ignore {
			text += "IGNORE "
		}
		text += "INTO " + d.table + " (" + strings.Join(d.cols, ", ") + ") VALUES (" +
			strings.TrimSuffix(strings.Repeat("?, ", len(d.cols)), ", ") + ")"
		if d.onDup != "" {
			text += " ON DUPLICATE KEY UPDATE " + d.onDup
		}
		return text, d.vals, true
	}
	return "", nil, false
}

// goquToSQL recovers the text of ds.ToSQL(), the call whose first result
// a variable holds.
func goquToSQL(info *types.Info, d defs, call *ast.CallExpr) (string, bool) {
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgGoqu || fn.Name() != "ToSQL" {
		return "", false
	}
	if sig := fn.Type().(*types.Signature); sig.Recv() == nil || !isGoquDataset(sig.Recv().Type()) {
		return "", false
	}
	ds := (&goquWalk{info: info, d: d}).dataset(receiver(call), 0)
	if ds == nil || ds.db == nil && ds.dialect != "mysql" {
		// goqu's default dialect quotes names with " and other
		// dialects are not MySQL's: the text sent is not this one.
		return "", false
	}
	text, _, ok := ds.render()
	if !ok {
		return "", false
	}
	return text, !strings.Contains(text, sqltext.Hole)
}
