package extract

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// queryMethods are the methods of database/sql and sqlx handles (and of
// interfaces with the same method set, such as sqlc's DBTX) that send SQL
// text given as their first string parameter.
var queryMethods = map[string]bool{
	"Exec": true, "ExecContext": true,
	"Query": true, "QueryContext": true,
	"QueryRow": true, "QueryRowContext": true,
	// sqlx
	"Get": true, "GetContext": true,
	"Select": true, "SelectContext": true,
	"Queryx": true, "QueryxContext": true,
	"QueryRowx": true, "QueryRowxContext": true,
	"MustExec": true, "MustExecContext": true,
	"NamedExec": true, "NamedExecContext": true,
	"NamedQuery": true, "NamedQueryContext": true,
}

// destMethods scan into the parameter just before the query.
var destMethods = map[string]bool{"Get": true, "GetContext": true, "Select": true, "SelectContext": true}

var prepareMethods = map[string]bool{
	"Prepare": true, "PrepareContext": true,
	"Preparex": true, "PreparexContext": true,
	"PrepareNamed": true, "PrepareNamedContext": true,
}

var beginMethods = map[string]bool{
	"Begin": true, "BeginTx": true, "Beginx": true, "BeginTxx": true,
	"MustBegin": true, "MustBeginTx": true,
}

// recognizeSQL handles database/sql, sqlx, and interfaces shaped like them.
func recognizeSQL(c *call) bool {
	if c.fn == nil {
		return false
	}
	pkg := ""
	if c.fn.Pkg() != nil {
		pkg = c.fn.Pkg().Path()
	}
	sig := c.fn.Type().(*types.Signature)
	recvPkg, recvName := recvNamed(c.fn)
	name := c.fn.Name()

	switch {
	case sig.Recv() == nil && pkg == pkgSQLX:
		return sqlxFunc(c, sig)
	case recvPkg == pkgSQL || recvPkg == pkgSQLX:
		return handleMethod(c, sig, recvName, name)
	case sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) && queryMethods[name] && sqlShaped(sig):
		h := handleOf(c, receiver(c.expr))
		return addSite(c, sig, h, frameworkOf(sig))
	case sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) && beginMethods[name] && returnsSQLTx(sig):
		// A project interface that *sql.DB satisfies
		// (BeginTx(ctx, opts) (*sql.Tx, error)): whatever implements it,
		// the *sql.Tx it returns is a transaction begun here.
		c.out.Events = append(c.out.Events, &TxEvent{
			Kind:      TxBegin,
			Call:      c.expr,
			Tx:        c.resultRef(),
			From:      handleOf(c, receiver(c.expr)),
			Isolation: isolationArg(c),
			Framework: frameworkOf(sig),
		})
		return true
	}
	return false
}

// returnsSQLTx reports whether the method's first result is a
// database/sql or sqlx transaction.
func returnsSQLTx(sig *types.Signature) bool {
	if sig.Results().Len() == 0 {
		return false
	}
	pkg, name := named(sig.Results().At(0).Type())
	return (pkg == pkgSQL || pkg == pkgSQLX) && name == "Tx"
}

func frameworkOf(sig *types.Signature) Framework {
	for i := 0; i < sig.Results().Len(); i++ {
		if pkg, _ := named(sig.Results().At(i).Type()); pkg == pkgSQLX {
			return SQLX
		}
	}
	return DatabaseSQL
}

// sqlShaped reports whether an interface method looks like a database/sql
// or sqlx query method: a string parameter, and a result from one of those
// packages (or only an error, as sqlx's Get and Select).
func sqlShaped(sig *types.Signature) bool {
	if firstStringParam(sig) < 0 {
		return false
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if pkg, _ := named(sig.Results().At(i).Type()); pkg == pkgSQL || pkg == pkgSQLX {
			return true
		}
	}
	// sqlx Get/Select(dest interface{}, query string, args ...interface{}) error
	return sig.Results().Len() == 1 && sig.Params().Len() >= 2 &&
		types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type())
}

func receiver(call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// handleOf describes the handle expression e.
func handleOf(c *call, e ast.Expr) Handle {
	if e == nil {
		return Handle{}
	}
	return resolveHandle(c.info, c.defs, nil, e, "")
}

// methodHandle is the handle of a method call whose method belongs to
// database/sql or sqlx. The receiver expression may be a user type that
// embeds the handle; the method's own receiver type says what it is.
func methodHandle(c *call, sig *types.Signature) Handle {
	h := handleOf(c, receiver(c.expr))
	if h.Kind == HandleUnknown || h.Ref.Path == "" {
		// The method's own receiver type is what runs the statement,
		// whatever struct embeds it.
		h.Kind = handleKindOf(sig.Recv().Type())
		h.Type = typeString(sig.Recv().Type())
	}
	return h
}

func handleMethod(c *call, sig *types.Signature, recvName, name string) bool {
	switch {
	case recvName == "Stmt" || recvName == "NamedStmt":
		if !queryMethods[name] {
			return false
		}
		return stmtSite(c, sig)
	case queryMethods[name]:
		return addSite(c, sig, methodHandle(c, sig), frameworkOf(sig))
	case beginMethods[name] && recvName != "Tx":
		c.out.Events = append(c.out.Events, &TxEvent{
			Kind:      TxBegin,
			Call:      c.expr,
			Tx:        c.resultRef(),
			From:      methodHandle(c, sig),
			Isolation: isolationArg(c),
			Framework: frameworkOf(sig),
		})
		return true
	case recvName == "Tx" && (name == "Commit" || name == "Rollback"):
		c.endTx(DatabaseSQL)
		return true
	}
	return false
}

// sqlxFunc handles sqlx's package-level functions, whose first parameter
// (after a context) is the handle: sqlx.Get(db, &dest, query, args...).
func sqlxFunc(c *call, sig *types.Signature) bool {
	if !queryMethods[c.fn.Name()] {
		return false
	}
	hi := 0
	if sig.Params().Len() > 0 {
		if isContext(sig.Params().At(0).Type()) {
			hi = 1
		}
	}
	if hi >= len(c.expr.Args) {
		return false
	}
	return addSite(c, sig, handleOf(c, c.expr.Args[hi]), SQLX)
}

// rewrittenQuery returns the query a sqlx rewriter is given, when call is
// one: sqlx.In(query, args...) expands each IN (?) to as many placeholders
// as its slice holds, sqlx.Named turns :name into ?, sqlx.Rebind and a
// handle's Rebind change only the placeholder style. The statement is the
// same, so its text stands for the result.
func rewrittenQuery(info *types.Info, call *ast.CallExpr) ast.Expr {
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgSQLX {
		return nil
	}
	recv := fn.Type().(*types.Signature).Recv() != nil
	i := -1
	switch {
	case !recv && (fn.Name() == "In" || fn.Name() == "Named"):
		i = 0
	case !recv && fn.Name() == "Rebind":
		i = 1 // sqlx.Rebind(bindType, query)
	case recv && fn.Name() == "Rebind":
		i = 0 // db.Rebind(query)
	}
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// addSite records a call that sends the SQL given as its first string
// parameter.
func addSite(c *call, sig *types.Signature, h Handle, fw Framework) bool {
	qi := firstStringParam(sig)
	if qi < 0 || qi >= len(c.expr.Args) {
		return false
	}
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: fw,
		Method:    c.fn.Name(),
		Handle:    h,
		Args:      c.expr.Args[qi+1:],
		Loop:      c.loop,
	}
	if destMethods[c.fn.Name()] && qi > 0 {
		s.Dest = []ast.Expr{c.expr.Args[qi-1]}
	}
	s.setText(c, c.expr.Args[qi])
	if args, ok := builtArgs(c.info, c.defs, c.expr, c.expr.Args[qi]); ok {
		s.Args, s.argsBound = args, true
	}
	expanded := s.expandSpread(c)
	if !expanded {
		s.bindSpreadTail(c)
	}
	if neverSent(c, s, expanded) {
		// database/sql refuses the call before anything reaches the
		// server: no statement runs and nothing is locked.
		return true
	}
	c.out.Sites = append(c.out.Sites, s)
	return true
}

// expandSpread binds the statement's placeholders one by one when its
// arguments end with a spread slice whose elements the function writes
// out: tx.Exec(q, []interface{}{id, name}...), or args :=
// []interface{}{id, name} followed by tx.Exec(q, args...) with that
// assignment the only one reaching the call. It reports whether it did.
func (s *Site) expandSpread(c *call) bool {
	if s.argsBound || !c.expr.Ellipsis.IsValid() || len(s.Args) == 0 {
		return false
	}
	last := ast.Unparen(s.Args[len(s.Args)-1])
	lit, ok := last.(*ast.CompositeLit)
	if !ok {
		if id, isIdent := last.(*ast.Ident); isIdent {
			lit, ok = ast.Unparen(c.defs.value(c.info, id)).(*ast.CompositeLit)
		}
	}
	if !ok {
		return false
	}
	for _, e := range lit.Elts {
		if _, kv := e.(*ast.KeyValueExpr); kv {
			return false
		}
	}
	args := append([]ast.Expr(nil), s.Args[:len(s.Args)-1]...)
	s.Args, s.argsBound = append(args, lit.Elts...), true
	return true
}

// bindSpreadTail binds the last placeholders of a statement whose
// arguments end with a spread slice that the function builds up and
// last appends to just before the call: `args = append(args, e.ID)`, then
// tx.Exec("UPDATE t SET "+strings.Join(set, ", ")+" WHERE id = ?",
// args...). However many values came before, database/sql runs the
// statement only when there is one per placeholder, so the values
// appended last are bound to the placeholders written last, the ones
// after the last part of the text known only at run time (which may
// carry placeholders of its own). The arguments written before the
// slice bind the first placeholders, when no such part comes before them.
// The other placeholders stay unknown (spreadTail).
func (s *Site) bindSpreadTail(c *call) {
	if s.argsBound || !c.expr.Ellipsis.IsValid() || len(s.Args) == 0 || s.SQL == nil {
		return
	}
	id, ok := ast.Unparen(s.Args[len(s.Args)-1]).(*ast.Ident)
	if !ok {
		return
	}
	app, ok := ast.Unparen(c.defs.value(c.info, id)).(*ast.CallExpr)
	if !ok || app.Ellipsis.IsValid() || len(app.Args) < 2 || !isBuiltin(c.info, app.Fun, "append") {
		return
	}
	if prev, ok := ast.Unparen(app.Args[0]).(*ast.Ident); !ok || c.info.ObjectOf(prev) != c.info.ObjectOf(id) {
		return
	}
	offs := sqltext.Placeholders(s.Text)
	tail := app.Args[1:]
	fixed := s.Args[:len(s.Args)-1]
	if len(offs) != s.SQL.Params || len(offs) < len(fixed)+len(tail) {
		return
	}
	known := 0 // the first placeholder not inside or after a run-time part
	if h := strings.LastIndex(s.Text, sqltext.Hole); h >= 0 {
		known = sort.SearchInts(offs, h)
	}
	bound := map[int]ast.Expr{}
	for i, e := range fixed {
		if strings.Contains(s.Text[:offs[i]], sqltext.Hole) {
			break
		}
		bound[i] = e
	}
	for j, e := range tail {
		if i := len(offs) - len(tail) + j; i >= known {
			bound[i] = e
		}
	}
	if len(bound) > 0 {
		s.spreadTail = bound
	}
}

// neverSent reports whether a database/sql or sqlx call passes a number
// of arguments other than the number of ? placeholders its statement
// has, both known for certain: database/sql then returns "sql: expected
// N arguments, got M" (after the MySQL driver declines to interpolate
// them, it prepares the statement and compares the prepared statement's
// parameter count with the arguments), and without arguments a ? left in
// the text is a syntax error. Either way the statement never runs.
//
// Counted are only texts that are known whole (no part filled in at run
// time, which may carry placeholders of its own) and that use ? alone,
// and arguments written out one by one, or spread from a slice literal
// written out one by one.
func neverSent(c *call, s *Site, expanded bool) bool {
	if s.SQL == nil || s.argsBound && !expanded || len(s.Holes) > 0 || strings.Contains(s.Text, sqltext.Hole) {
		return false
	}
	if s.Framework != DatabaseSQL && s.Framework != SQLX || c.fn == nil || strings.HasPrefix(c.fn.Name(), "Named") {
		return false
	}
	pkg, _ := recvNamed(c.fn)
	if c.fn.Pkg() != nil && c.fn.Type().(*types.Signature).Recv() == nil {
		pkg = c.fn.Pkg().Path()
	}
	if pkg != pkgSQL && pkg != pkgSQLX {
		return false // a project's interface may do anything with its arguments
	}
	for _, n := range s.SQL.ParamNames {
		if n != "" {
			return false
		}
	}
	args := len(s.Args)
	if c.expr.Ellipsis.IsValid() && !expanded {
		if len(s.Args) == 0 {
			return false
		}
		lit, ok := ast.Unparen(s.Args[len(s.Args)-1]).(*ast.CompositeLit)
		if !ok {
			return false
		}
		for _, e := range lit.Elts {
			if _, kv := e.(*ast.KeyValueExpr); kv {
				return false
			}
		}
		args += len(lit.Elts) - 1
	} else if len(s.Args) == 1 {
		if _, tuple := c.info.TypeOf(s.Args[0]).(*types.Tuple); tuple {
			return false // f(g()): as many arguments as g returns
		}
	}
	return args != s.SQL.Params
}

func (s *Site) setText(c *call, e ast.Expr) {
	s.TextExpr = e
	if text, holes, ok := textAndHoles(c.info, c.defs, e); ok {
		s.Text, s.Holes = text, holes
		s.SQL = summarize(text)
	}
}

// summarize is the summary of a statement the code sends, nil when it is
// written for another database or does not parse.
func summarize(text string) *sqltext.Summary {
	s, _ := sqltext.SummarizeMySQL(text)
	return s
}

// stmtSite records the execution of a prepared statement. The SQL and the
// handle come from the Prepare call that made the statement, followed
// through local variables and Tx.Stmt.
func stmtSite(c *call, sig *types.Signature) bool {
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: frameworkOf(sig),
		Method:    c.fn.Name(),
		Handle:    Handle{Kind: HandleUnknown, Type: typeString(sig.Recv().Type())},
		Args:      c.expr.Args,
		Loop:      c.loop,
	}
	if len(s.Args) > 0 {
		if isContext(c.info.TypeOf(s.Args[0])) {
			s.Args = s.Args[1:]
		}
	}
	if destMethods[c.fn.Name()] && len(s.Args) > 0 {
		s.Dest, s.Args = s.Args[:1], s.Args[1:]
	}
	var binder *Handle // set by tx.Stmt(stmt): the statement runs on tx
	e := receiver(c.expr)
	for range maxTextDepth {
		def, ok := ast.Unparen(c.defs.value(c.info, e)).(*ast.CallExpr)
		if !ok {
			break
		}
		fn, _ := calleeFunc(c.info, def).(*types.Func)
		if fn == nil {
			break
		}
		dsig := fn.Type().(*types.Signature)
		if dsig.Recv() == nil {
			break
		}
		if _, rname := recvNamed(fn); rname == "Tx" && (fn.Name() == "Stmt" || fn.Name() == "StmtContext" || fn.Name() == "Stmtx" || fn.Name() == "NamedStmt") {
			h := handleOf(c, receiver(def))
			h.Kind = HandleTx
			binder = &h
			e = def.Args[len(def.Args)-1]
			continue
		}
		if !prepareMethods[fn.Name()] {
			break
		}
		pc := &call{info: c.info, defs: c.defs, expr: def, fn: fn}
		s.Handle = methodHandle(pc, dsig)
		if qi := firstStringParam(dsig); qi >= 0 && qi < len(def.Args) {
			s.setText(c, def.Args[qi])
		}
		break
	}
	if binder != nil {
		s.Handle = *binder
	}
	c.out.Sites = append(c.out.Sites, s)
	return true
}

// resultRef is the variable the call's first result is assigned to.
func (c *call) resultRef() Ref {
	for obj, vals := range c.defs.vals {
		for _, v := range vals {
			if v == c.expr {
				return Ref{Root: obj}
			}
		}
	}
	return Ref{}
}

// isolationArg reads the isolation level of BeginTx(ctx, &sql.TxOptions{
// Isolation: sql.LevelReadCommitted}) when it is constant.
func isolationArg(c *call) sqltext.Isolation {
	if len(c.expr.Args) < 2 {
		return sqltext.IsolationUnknown
	}
	return txOptionsIsolation(c, c.expr.Args[len(c.expr.Args)-1])
}

// sqlIsolation maps database/sql's IsolationLevel values to MySQL levels.
// The driver rejects the levels MySQL does not have.
func sqlIsolation(level int64) sqltext.Isolation {
	switch level {
	case 1: // LevelReadUncommitted
		return sqltext.ReadUncommitted
	case 2: // LevelReadCommitted
		return sqltext.ReadCommitted
	case 4: // LevelRepeatableRead
		return sqltext.RepeatableRead
	case 6: // LevelSerializable
		return sqltext.Serializable
	}
	return sqltext.IsolationUnknown
}

// c0 is a call context for recognizers that look at something other than
// a call expression.
func c0(info *types.Info, d defs, f *Func) *call {
	return &call{info: info, defs: d, out: f}
}

// recognizeClosingMethodValue records a transaction's Commit or Rollback
// passed as a method value to a deferred call, `defer logOnError(ctx,
// tx.Rollback)`: the helper calls it as the function returns.
func recognizeClosingMethodValue(c *call, sel *ast.SelectorExpr, stack []ast.Node) {
	if len(stack) == 0 {
		return
	}
	parent, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok || parent.Fun == ast.Expr(sel) {
		return
	}
	s, ok := c.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return
	}
	pkg, name := recvNamed(fn)
	if pkg != pkgSQL && pkg != pkgSQLX || name != "Tx" {
		return
	}
	kind := TxCommit
	switch fn.Name() {
	case "Commit":
	case "Rollback":
		kind = TxRollback
	default:
		return
	}
	c.out.Events = append(c.out.Events, &TxEvent{
		Kind:      kind,
		Call:      parent,
		Tx:        refOf(c.info, sel.X),
		Deferred:  true,
		Framework: DatabaseSQL,
	})
}

// endTx records the call, a Commit or Rollback (or a helper that ends the
// transaction either way, such as goqu's Wrap, which counts as a commit),
// as the end of the transaction its receiver holds.
func (c *call) endTx(fw Framework) {
	kind := TxCommit
	if c.fn.Name() == "Rollback" {
		kind = TxRollback
	}
	c.out.Events = append(c.out.Events, &TxEvent{
		Kind:      kind,
		Call:      c.expr,
		Tx:        refOf(c.info, receiver(c.expr)),
		Deferred:  c.deferred,
		Framework: fw,
	})
}

// isBuiltin reports whether fun names the builtin function name.
func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
