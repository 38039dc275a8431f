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

// bun (github.com/uptrace/bun) builds a statement on a query object that
// a handle starts: db.NewSelect().Model(&u).Where("email = ?", e)
// .For("UPDATE").Scan(ctx). The handle is *bun.DB (the pool), bun.Tx
// (from BeginTx, or the parameter RunInTx hands its callback), bun.Conn,
// or bun.IDB (any of them); a query's Conn(x) runs it on x instead. As
// for xorm, the extractor follows each finisher's chain back to the
// handle, writes the SQL bun would send, and lets sqltext summarize it.
// bun's query objects are mutable: a query variable that the function
// changes other than by reassigning it (q.Where(...) as a statement, or
// q passed to a helper) is unknown.

// bunQueryKind maps bun's query types to the statement they send.
var bunQueryKind = map[string]string{
	"SelectQuery": "SELECT", "InsertQuery": "INSERT", "UpdateQuery": "UPDATE",
	"DeleteQuery": "DELETE", "RawQuery": "RAW",
}

// bunStarts are the handle methods that start a query.
var bunStarts = map[string]string{
	"NewSelect": "SELECT", "NewInsert": "INSERT", "NewUpdate": "UPDATE",
	"NewDelete": "DELETE", "NewRaw": "RAW",
}

// bunFinishers send a query's statement.
var bunFinishers = map[string]bool{
	"Scan": true, "Exec": true, "Count": true, "ScanAndCount": true, "Exists": true, "Rows": true,
}

// bunHandleTypes are bun's handles.
func isBunHandle(t types.Type) bool {
	pkg, name := named(t)
	return pkg == pkgBun && (name == "DB" || name == "Tx" || name == "Conn" || name == "IDB")
}

// isBunQuery reports whether t is one of bun's query types.
func isBunQuery(t types.Type) bool {
	pkg, name := named(t)
	return pkg == pkgBun && bunQueryKind[name] != ""
}

// recognizeBun claims every call into bun: finishers and a handle's own
// Exec/Query methods become sites, BeginTx/Commit/Rollback events.
func recognizeBun(c *call) bool {
	if c.fn == nil || c.fn.Pkg() == nil || c.fn.Pkg().Path() != pkgBun {
		return false
	}
	sig := c.fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return true // bun.NewDB, bun.In, bun.Ident, ...
	}
	_, recv := named(sig.Recv().Type())
	name := c.fn.Name()
	switch {
	case bunQueryKind[recv] != "":
		if bunFinishers[name] {
			bunSite(c)
		}
	case recv == "DB" || recv == "Tx" || recv == "Conn" || recv == "IDB":
		switch {
		case queryMethods[name] && firstStringParam(sig) >= 0:
			return addSite(c, sig, handleOf(c, receiver(c.expr)), Bun)
		case (name == "BeginTx" || name == "Begin") && recv != "Tx" && recv != "IDB":
			// On a Tx (or an IDB that may be one) BeginTx is a savepoint.
			c.out.Events = append(c.out.Events, &TxEvent{
				Kind:      TxBegin,
				Call:      c.expr,
				Tx:        c.resultRef(),
				From:      handleOf(c, receiver(c.expr)),
				Isolation: isolationArg(c),
				Framework: Bun,
			})
		case (name == "Commit" || name == "Rollback") && recv == "Tx":
			c.endTx(Bun)
		}
	}
	return true
}

// isBunRunInTx reports whether fn is RunInTx of a bun handle other than
// a transaction (whose RunInTx is a savepoint).
func isBunRunInTx(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgBun || fn.Name() != "RunInTx" {
		return false
	}
	_, recv := recvNamed(fn)
	return recv == "DB" || recv == "Conn"
}

// bunRunInTxArg is the position of RunInTx's callback, and the callback's
// parameter that is the transaction: RunInTx(ctx, opts, func(ctx, tx)).
const (
	bunRunInTxArg = 2
	bunTxParam    = 1
)

// bunCallbackEvent gives the function literal passed to RunInTx its
// transaction: its second parameter, which bun began and ends.
func bunCallbackEvent(f *Func) {
	lit, ok := f.Node.(*ast.FuncLit)
	if !ok || f.PassedTo == nil || f.PassedAt != bunRunInTxArg || !isBunRunInTx(f.PassedTo.Fn) {
		return
	}
	obj := paramObject(f.info, lit.Type, bunTxParam)
	if obj == nil {
		return
	}
	parent := f.PassedTo.InFunc
	pc := &call{info: f.info, defs: f.defs, expr: f.PassedTo.Expr, fn: f.PassedTo.Fn, out: parent}
	f.Events = append([]*TxEvent{{
		Kind:      TxBegin,
		Call:      f.PassedTo.Expr,
		Tx:        Ref{Root: obj},
		From:      handleOf(pc, receiver(f.PassedTo.Expr)),
		Isolation: bunTxOptions(pc),
		Callback:  true,
		Framework: Bun,
	}}, f.Events...)
}

// bunTxOptions reads the isolation level RunInTx's options ask for.
func bunTxOptions(c *call) sqltext.Isolation {
	if len(c.expr.Args) < 2 {
		return 0
	}
	return txOptionsIsolation(c, c.expr.Args[1])
}

// bunChain is a finisher's chain, root first.
type bunChain struct {
	links []*ast.CallExpr
	start *ast.CallExpr // db.NewSelect(), nil when not found
	known bool
}

// bunChainOf follows the query expression e back to the call that
// started it, through builder calls and local variables.
func bunChainOf(c *call, e ast.Expr) bunChain {
	var rev []*ast.CallExpr
	scope := c.out.gormScope(c.out.Body())
	pos := c.expr.Pos()
	for range maxChain {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			fn, _ := calleeFunc(c.info, x).(*types.Func)
			if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgBun {
				return bunChain{}
			}
			sig := fn.Type().(*types.Signature)
			if sig.Recv() == nil {
				return bunChain{}
			}
			if isBunHandle(sig.Recv().Type()) && bunStarts[fn.Name()] != "" {
				ch := bunChain{start: x, known: true}
				for i := len(rev) - 1; i >= 0; i-- {
					ch.links = append(ch.links, rev[i])
				}
				return ch
			}
			if !isBunQuery(sig.Recv().Type()) {
				return bunChain{}
			}
			rev = append(rev, x)
			e = receiver(x)
		case *ast.Ident:
			v, ok := c.info.ObjectOf(x).(*types.Var)
			if !ok || bunQueryChanged(c, v, pos) {
				return bunChain{}
			}
			r := scope.reaching(c, v, x.Pos())
			if r.value == nil || r.partial {
				return bunChain{}
			}
			e, pos = r.value, r.value.Pos()
		default:
			return bunChain{}
		}
	}
	return bunChain{}
}

// bunQueryChanged reports whether the function may change the query in v
// before pos other than by assigning it: a method called on it as a
// statement (q.Where(...)), or v handed to another function.
func bunQueryChanged(c *call, v *types.Var, pos token.Pos) bool {
	body := c.out.Body()
	if body == nil {
		return true
	}
	// The uses that only read v to build a new value assigned back to a
	// variable, or the chain being read, are fine.
	allowed := map[*ast.Ident]bool{}
	root := func(e ast.Expr) {
		for range maxChain {
			switch x := ast.Unparen(e).(type) {
			case *ast.CallExpr:
				e = receiver(x)
				if e == nil {
					return
				}
				continue
			case *ast.Ident:
				allowed[x] = true
			}
			return
		}
	}
	changed := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					allowed[id] = true
				}
			}
			for _, r := range n.Rhs {
				root(r)
			}
		case *ast.ValueSpec:
			for _, r := range n.Values {
				root(r)
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				root(r)
			}
		}
		return true
	})
	root(c.expr)
	ast.Inspect(body, func(n ast.Node) bool {
		if changed {
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok || id.Pos() >= pos || allowed[id] {
			return true
		}
		if c.info.Uses[id] == v {
			changed = true
		}
		return true
	})
	return changed
}

// bunSite records the statement a bun finisher sends.
func bunSite(c *call) {
	ch := bunChainOf(c, receiver(c.expr))
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: Bun,
		Method:    c.fn.Name(),
		Handle:    Handle{Type: "bun query"},
		Loop:      c.loop,
		info:      c.info,
	}
	c.out.Sites = append(c.out.Sites, s)
	if !ch.known {
		return
	}
	s.Handle = handleOf(c, receiver(ch.start))
	q := &bunQuery{c: c, kind: bunStarts[calleeFunc(c.info, ch.start).Name()]}
	if q.kind == "RAW" && len(ch.start.Args) > 0 {
		q.raw, q.args = ch.start.Args[0], ch.start.Args[1:]
	}
	for _, l := range ch.links {
		q.apply(l)
		if conn := q.conn; conn != nil {
			s.Handle = handleOf(c, conn)
			q.conn = nil
		}
	}
	if q.unknown {
		return
	}
	text, args, dest := q.finish(c.fn.Name(), c.expr.Args)
	if len(c.expr.Args) > 1 && c.fn.Name() != "Exec" {
		dest = c.expr.Args[1:] // Scan(ctx, &a, &b): the destinations
	}
	s.Dest = nonNil(dest)
	if text == "" {
		return
	}
	s.Text, s.Args = text, args
	s.SQL = summarize(text)
	if len(q.pkFields) > 0 {
		s.fieldArgs = map[int]fieldArg{}
		for i, f := range q.pkFields {
			// SET values come before the WHERE's.
			s.fieldArgs[i+len(args)-len(q.args)] = f
		}
	}
}

// bunBeanVar is the variable a model argument names: b for &b or b.
func bunBeanVar(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return ast.Unparen(u.X)
	}
	return e
}

// bunQuery is the statement a bun chain builds.
type bunQuery struct {
	c       *call
	kind    string
	model   *models.Model
	bean    ast.Expr
	table   string
	alias   string
	conds   []string
	args    []ast.Expr
	wherePK bool
	order   []string
	limit   string
	lock    string
	sets    []string
	setArgs []ast.Expr
	cols    []string
	on      string
	ignore  bool
	force   bool
	deleted string // "", "deleted" (WhereDeleted), "all" (WhereAllWithDeleted)
	raw     ast.Expr
	conn    ast.Expr
	// pkFields are the WHERE placeholders bound to the model's key
	// fields, by index in args.
	pkFields map[int]fieldArg
	unknown  bool
}

// bunHarmless are query methods that change nothing the rules read.
var bunHarmless = map[string]bool{
	"Comment": true, "Err": true, "Returning": true, "Bulk": true, "OmitZero": true,
	"ExcludeColumn": true, "Distinct": true, "Value": true, "Operation": true,
	"Offset": true,
}

func (q *bunQuery) apply(link *ast.CallExpr) {
	fn, _ := calleeFunc(q.c.info, link).(*types.Func)
	if fn == nil {
		q.unknown = true
		return
	}
	args := link.Args
	switch name := fn.Name(); name {
	case "Model":
		if len(args) != 1 {
			q.unknown = true
			return
		}
		q.bean = args[0]
		if obj := models.StructOf(q.c.info.TypeOf(args[0])); obj != nil {
			q.table, q.alias = models.BunTable(obj)
			q.model = models.ParseBun(obj.Type())
		} else {
			q.unknown = true // a map or a value of unknown type
		}
	case "Table", "TableExpr", "ModelTableExpr":
		if len(args) != 1 {
			q.unknown = true
			return
		}
		s, ok := q.str(args[0])
		if !ok {
			q.unknown = true
			return
		}
		f := strings.Fields(s)
		switch {
		case len(f) == 1:
			q.table, q.alias = strings.Trim(f[0], "`\""), ""
		case len(f) == 3 && strings.EqualFold(f[1], "AS"):
			q.table, q.alias = strings.Trim(f[0], "`\""), strings.Trim(f[2], "`\"")
		case len(f) == 2:
			q.table, q.alias = strings.Trim(f[0], "`\""), strings.Trim(f[1], "`\"")
		default:
			q.unknown = true
		}
		if !sqlName(q.table) || q.alias != "" && !sqlName(q.alias) {
			q.unknown = true // "? AS t", a subquery, a function
		}
	case "Where", "WhereOr":
		if len(args) == 0 {
			return
		}
		s, ok := q.str(args[0])
		if !ok {
			q.unknown = true
			return
		}
		q.conds = addCondition(q.conds, s, name == "WhereOr")
		q.args = append(q.args, q.expand(args[1:])...)
	case "WherePK":
		if len(args) > 0 {
			q.unknown = true // WherePK("col"): columns other than the key
			return
		}
		q.wherePK = true
	case "WhereDeleted":
		q.deleted = "deleted"
	case "WhereAllWithDeleted":
		q.deleted = "all"
	case "ForceDelete":
		q.force = true
	case "Column":
		for _, a := range args {
			s, ok := q.str(a)
			if !ok {
				if q.kind == "UPDATE" {
					q.unknown = true
				}
				return
			}
			q.cols = append(q.cols, strings.ToLower(strings.Trim(s, "`\"")))
		}
	case "ColumnExpr":
		if q.kind != "SELECT" {
			q.unknown = true
		}
	case "Set":
		if len(args) == 0 {
			return
		}
		s, ok := q.str(args[0])
		if !ok {
			q.unknown = true
			return
		}
		q.sets = append(q.sets, s)
		q.setArgs = append(q.setArgs, q.expand(args[1:])...)
	case "Order", "OrderExpr":
		for _, a := range args {
			s, ok := q.str(a)
			if !ok {
				q.unknown = true
				return
			}
			q.order = append(q.order, s)
			if name == "OrderExpr" {
				break
			}
		}
	case "Limit":
		if len(args) == 0 {
			return
		}
		q.limit = "?"
		if tv := q.c.info.Types[args[0]]; tv.Value != nil {
			q.limit = tv.Value.ExactString()
		}
	case "For":
		if len(args) == 0 {
			return
		}
		s, ok := q.str(args[0])
		if !ok || len(args) > 1 {
			q.unknown = true
			return
		}
		q.lock = "FOR " + strings.ToUpper(strings.TrimSpace(s))
	case "On":
		if len(args) == 0 {
			return
		}
		s, ok := q.str(args[0])
		if !ok {
			q.unknown = true
			return
		}
		q.on = strings.ToUpper(strings.TrimSpace(s))
	case "Ignore":
		q.ignore = true
	case "Conn":
		if len(args) == 1 {
			q.conn = args[0]
		}
	default:
		if !bunHarmless[name] {
			q.unknown = true // Join, Relation, With, Union, Group, index hints, Apply, ...
		}
	}
}

// str reads a constant or recoverable string, with bun's ?TableAlias,
// ?TableName and ?TableColumns... placeholders written out.
func (q *bunQuery) str(e ast.Expr) (string, bool) {
	var s string
	if tv := q.c.info.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.String {
		s = constant.StringVal(tv.Value)
	} else {
		t := q.c.info.TypeOf(e)
		if t == nil {
			return "", false
		}
		if b, ok := t.Underlying().(*types.Basic); !ok || b.Kind() != types.String {
			return "", false
		}
		var ok bool
		if s, ok = textOf(q.c.info, q.c.defs, e); !ok {
			return "", false
		}
	}
	if strings.Contains(s, "?TableAlias") {
		if q.alias == "" {
			return "", false
		}
		s = strings.ReplaceAll(s, "?TableAlias", q.alias)
	}
	if strings.Contains(s, "?TableName") {
		if q.table == "" {
			return "", false
		}
		s = strings.ReplaceAll(s, "?TableName", q.table)
	}
	for _, p := range []string{"?PKs", "?Columns", "?TableColumns"} {
		if strings.Contains(s, p) {
			return "", false
		}
	}
	return s, true
}

// sqlName reports whether s is a plain (possibly qualified) name.
func sqlName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r == '$' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

// expand returns the Go values bound to a condition's placeholders;
// bun.In(list) binds one list.
func (q *bunQuery) expand(args []ast.Expr) []ast.Expr {
	return args
}

// from is the FROM item: the table and its alias.
func (q *bunQuery) from() string {
	if q.alias == "" || q.alias == q.table {
		return q.table
	}
	return q.table + " AS " + q.alias
}

// col qualifies a model column with the table's alias, as bun does.
func (q *bunQuery) col(name string) string {
	if q.alias == "" {
		return name
	}
	return q.alias + "." + name
}

// where is the WHERE clause: the conditions, the model's key for
// WherePK, and the soft-delete condition of a soft-deleting model.
func (q *bunQuery) where() (string, bool) {
	conds := append([]string(nil), q.conds...)
	if q.wherePK {
		if q.model == nil || len(q.model.PrimaryKey()) == 0 {
			return "", false
		}
		// The key's values are the model's fields, as far as the
		// function shows them set.
		fields, vals, _ := (&xormQuery{c: q.c}).beanFields(q.bean, q.c.expr.Pos())
		for _, pk := range q.model.PrimaryKey() {
			conds = append(conds, q.col(pk)+" = ?")
			var v ast.Expr
			for i, f := range fields {
				if col := q.model.Field(f); col != nil && col.Name == pk {
					v = vals[i]
				}
			}
			if bean := bunBeanVar(q.bean); v == nil && refOf(q.c.info, bean).Valid() {
				// The model's own field: the row it was scanned from.
				for _, c := range q.model.Columns {
					if c.Name == pk {
						if q.pkFields == nil {
							q.pkFields = map[int]fieldArg{}
						}
						q.pkFields[len(q.args)] = fieldArg{value: bean, path: "." + strings.Join(c.Path, ".")}
					}
				}
			}
			q.args = append(q.args, v)
		}
	}
	if q.model != nil && q.model.SoftDelete != "" && !q.force {
		switch q.deleted {
		case "":
			conds = append(conds, q.col(q.model.SoftDelete)+" IS NULL")
		case "deleted":
			conds = append(conds, q.col(q.model.SoftDelete)+" IS NOT NULL")
		}
	}
	if len(conds) == 0 {
		return "", true
	}
	return " WHERE " + strings.Join(conds, " AND "), true
}

// finish writes the statement finisher name sends.
func (q *bunQuery) finish(name string, args []ast.Expr) (string, []ast.Expr, []ast.Expr) {
	if q.kind == "RAW" {
		if q.raw == nil {
			return "", nil, nil
		}
		s, ok := q.str(q.raw)
		if !ok {
			return "", nil, nil
		}
		return s, q.args, nil
	}
	if q.table == "" {
		return "", nil, nil
	}
	var dest []ast.Expr
	if q.bean != nil {
		dest = []ast.Expr{q.bean}
	}
	switch q.kind {
	case "SELECT":
		if name == "Exec" {
			return "", nil, nil
		}
		where, ok := q.where()
		if !ok {
			return "", nil, nil
		}
		if name == "Count" {
			// Count leaves out ORDER BY, LIMIT and the locking clause.
			return "SELECT count(*) FROM " + q.from() + where, q.args, nil
		}
		text := "SELECT * FROM " + q.from() + where
		if len(q.order) > 0 {
			text += " ORDER BY " + strings.Join(q.order, ", ")
		}
		if q.limit != "" {
			text += " LIMIT " + q.limit
		}
		if q.lock != "" {
			text += " " + q.lock
		}
		if name == "Exists" {
			dest = nil
		}
		return text, q.args, dest
	case "UPDATE":
		if name != "Exec" {
			return "", nil, nil
		}
		sets, setArgs := q.sets, q.setArgs
		if len(sets) == 0 {
			if q.model == nil {
				return "", nil, nil
			}
			cols := q.cols
			if len(cols) == 0 {
				for _, c := range q.model.Columns {
					if !c.Primary {
						cols = append(cols, c.Name)
					}
				}
			}
			for _, col := range cols {
				sets = append(sets, col+" = ?")
				setArgs = append(setArgs, nil)
			}
		}
		where, ok := q.where()
		if !ok || where == "" || len(sets) == 0 {
			return "", nil, nil // bun refuses an UPDATE without a WHERE
		}
		return "UPDATE " + q.from() + " SET " + strings.Join(sets, ", ") + where, append(setArgs, q.args...), nil
	case "DELETE":
		if name != "Exec" {
			return "", nil, nil
		}
		where, ok := q.where()
		if !ok || where == "" {
			return "", nil, nil
		}
		if q.model != nil && q.model.SoftDelete != "" && !q.force {
			// A soft_delete column: bun marks the rows instead.
			return "UPDATE " + q.from() + " SET " + q.model.SoftDelete + " = ?" + where, append([]ast.Expr{nil}, q.args...), nil
		}
		return "DELETE FROM " + q.from() + where, q.args, nil
	case "INSERT":
		if name != "Exec" && name != "Scan" || q.model == nil {
			return "", nil, nil
		}
		var cols []string
		var vals []ast.Expr
		if len(q.cols) > 0 {
			cols = q.cols
			vals = make([]ast.Expr, len(cols))
		} else {
			fields, fvals, known := (&xormQuery{c: q.c}).beanFields(q.bean, q.c.expr.Pos())
			byCol := map[string]ast.Expr{}
			if known {
				for i, f := range fields {
					if col := q.model.Field(f); col != nil {
						byCol[col.Name] = fvals[i]
					}
				}
			}
			for _, c := range q.model.Columns {
				cols = append(cols, c.Name)
				vals = append(vals, byCol[c.Name])
			}
		}
		if len(cols) == 0 {
			return "", nil, nil
		}
		text := "INSERT "
		if q.ignore {
			text += "IGNORE "
		}
		text += "INTO " + q.table + " (" + strings.Join(cols, ", ") + ") VALUES (" +
			strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		switch {
		case q.on == "":
		case strings.HasPrefix(q.on, "DUPLICATE KEY UPDATE"):
			sets := q.sets
			if len(sets) == 0 {
				for _, c := range cols {
					sets = append(sets, c+" = VALUES("+c+")")
				}
			}
			text += " ON DUPLICATE KEY UPDATE " + strings.Join(sets, ", ")
			vals = append(vals, q.setArgs...)
		default:
			return "", nil, nil // ON CONFLICT: another database's
		}
		return text, vals, nil
	}
	return "", nil, nil
}
