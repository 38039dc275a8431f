package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// entChain is a finisher's builder chain, root first: the entity client
// (tx.User), then its calls (Query(), Where(...), ForUpdate()).
type entChain struct {
	links []*ast.CallExpr
	// root is the entity client the chain starts from.
	root ast.Expr
	// unknown is set when the chain cannot be followed to its entity
	// client, or its builder may be changed out of sight.
	unknown bool
	// elems is set when the chain is an element of a slice the function
	// built (lo.go): the range variable it came from, and the literal
	// parameters that stand for it.
	elems elemBinding
}

// entChainOf follows the builder expression e back to the entity client,
// through builder calls and local variables assigned once that nothing
// else uses: ent builders are changed in place, so a variable the code
// also calls Where on elsewhere holds more than its assignment shows.
func entChainOf(c *call, e ast.Expr) *entChain {
	ch := &entChain{}
	var rev []*ast.CallExpr
	defer func() {
		for i := len(rev) - 1; i >= 0; i-- {
			ch.links = append(ch.links, rev[i])
		}
	}()
	scope := c.out.gormScope(c.out.Body())
	for range maxChain {
		e = ast.Unparen(e)
		role, _, _ := entRoleOf(c.info.TypeOf(e))
		if role == entEntity || role == entClient || role == entTx {
			ch.root = e
			return ch
		}
		switch x := e.(type) {
		case *ast.CallExpr:
			fn, _ := calleeFunc(c.info, x).(*types.Func)
			if fn == nil {
				ch.unknown = true
				return ch
			}
			sig := fn.Type().(*types.Signature)
			if sig.Recv() == nil {
				ch.unknown = true
				return ch
			}
			if r, _, _ := entRoleOf(sig.Recv().Type()); r == entNone {
				ch.unknown = true
				return ch
			}
			rev = append(rev, x)
			e = receiver(x)
			if r, _, _ := entRoleOf(sig.Recv().Type()); r == entEntity {
				ch.root = e
				return ch
			}
		case *ast.Ident:
			v, ok := c.info.ObjectOf(x).(*types.Var)
			if !ok || entUsedElsewhere(c, v, x) {
				ch.unknown = true
				return ch
			}
			if el, ok := ch.elems.rangeElem(c, x, v); ok {
				// for _, stm := range builders { stm.Exec(ctx) }, each
				// builder made by a literal of this function.
				if body := c.out.Body(); body == nil || el.expr.Pos() < body.Pos() || el.expr.End() > body.End() {
					ch.unknown = true
					return ch
				}
				e = el.expr
				continue
			}
			r := scope.reaching(c, v, x.Pos())
			if r.value == nil || r.partial {
				ch.unknown = true
				return ch
			}
			e = r.value
		default:
			ch.unknown = true
			return ch
		}
	}
	ch.unknown = true
	return ch
}

// entUsedElsewhere reports whether the function uses the builder variable
// v anywhere but in its assignments and at use: a call on it or a
// function it is passed to may add to the statement.
func entUsedElsewhere(c *call, v *types.Var, use *ast.Ident) bool {
	body := c.out.Body()
	if body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return true // a parameter or a variable of an enclosing function
	}
	assigned := map[*ast.Ident]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					assigned[id] = true
				}
			}
		}
		if rs, ok := n.(*ast.RangeStmt); ok && rs.Tok == token.DEFINE {
			// The range variable's own declaration: each turn's element.
			if id, ok := rs.Value.(*ast.Ident); ok {
				assigned[id] = true
			}
		}
		return true
	})
	other := false
	ast.Inspect(body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || other || id == use || assigned[id] || c.info.ObjectOf(id) != v {
			return !other
		}
		// A use inside the value assigned to v itself (q = q.Where(...))
		// is part of the chain.
		other = !entInOwnAssignment(body, v, id, c.info)
		return !other
	})
	return other
}

// entInOwnAssignment reports whether id is on the right of an assignment
// to v.
func entInOwnAssignment(body *ast.BlockStmt, v *types.Var, id *ast.Ident, info *types.Info) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found {
			return !found
		}
		for i, l := range as.Lhs {
			lid, ok := l.(*ast.Ident)
			if !ok || info.ObjectOf(lid) != v || i >= len(as.Rhs) {
				continue
			}
			if id.Pos() >= as.Rhs[i].Pos() && id.End() <= as.Rhs[i].End() {
				found = true
			}
		}
		return !found
	})
	return found
}

// entStmt is the statement a chain builds.
type entStmt struct {
	c       *call
	entity  *types.Package // the generated entity package (ent/user)
	kind    sqltext.Kind
	conds   []string
	args    []ast.Expr
	orders  []string
	limit   string
	lock    string
	byID    bool // UpdateOneID, DeleteOneID, Get: WHERE id = ?
	upsert  bool
	count   bool
	unknown bool
	elems   elemBinding
}

// entSite records the statement an ent finisher sends.
func entSite(c *call) {
	var ch *entChain
	if r, _, _ := entRoleOf(c.info.TypeOf(receiver(c.expr))); r == entEntity {
		ch = &entChain{root: receiver(c.expr)} // client.User.Get(ctx, id)
	} else {
		ch = entChainOf(c, receiver(c.expr))
	}
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: Ent,
		Method:    c.fn.Name(),
		Handle:    entHandle(c, ch.root, 0),
		Loop:      c.loop,
		info:      c.info,
	}
	c.out.Sites = append(c.out.Sites, s)
	if ch.unknown || ch.root == nil {
		return
	}
	q := &entStmt{c: c, elems: ch.elems}
	links := ch.links
	if r, _, _ := entRoleOf(c.info.TypeOf(receiver(c.expr))); r == entEntity {
		links = []*ast.CallExpr{c.expr}
	}
	for _, l := range links {
		q.apply(l)
		if q.unknown {
			return
		}
	}
	q.finish(c.fn.Name())
	if q.unknown || q.entity == nil {
		return
	}
	text := q.render()
	if text == "" {
		return
	}
	s.Text, s.Args = text, q.args
	s.argsBound = true
	if q.elems.standIn != nil && slices.Contains(q.args, ast.Expr(q.elems.standIn)) {
		s.elemStandIn = q.elems.standIn
		if s.Loop != nil && q.elems.orderFixed(c) {
			l := *s.Loop
			l.Sorted = true // the elements come in an order the function fixed
			s.Loop = &l
		}
	}
	s.SQL = summarize(text)
	if q.kind == sqltext.KindSelect {
		if d := resultVar(c); d != nil {
			s.Dest = []ast.Expr{d}
		}
	}
}

// resultVar is the variable the call's first result is assigned to.
func resultVar(c *call) ast.Expr {
	body := c.out.Body()
	if body == nil {
		return nil
	}
	var out ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || out != nil {
			return out == nil
		}
		if len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == c.expr && len(as.Lhs) > 0 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
				out = id
			}
		}
		return out == nil
	})
	return out
}

// entEntityPkg finds the generated package of the entity a builder or
// entity client type name stands for: ent/user for UserQuery. The
// client package's imports name it when the client was type-checked from
// source; from export data (go vet's driver) they list only what its API
// mentions, so the importing package's own imports are searched too: a
// package whose query names a predicate of ent/user imports it.
func entEntityPkg(pkg, from *types.Package, typeName string) *types.Package {
	entity := typeName
	for _, suf := range []string{"UpdateOne", "DeleteOne", "CreateBulk", "UpsertOne", "UpsertBulk", "GroupBy",
		"Client", "Query", "Select", "Update", "Create", "Delete", "Upsert"} {
		if strings.HasSuffix(entity, suf) && len(entity) > len(suf) {
			entity = strings.TrimSuffix(entity, suf)
			break
		}
	}
	path := pkg.Path() + "/" + strings.ToLower(entity)
	for _, imp := range pkg.Imports() {
		if imp.Path() == path {
			return imp
		}
	}
	if from != nil {
		for _, imp := range from.Imports() {
			if imp.Path() == path {
				return imp
			}
		}
	}
	return nil
}

// entConst is the string constant name of the entity package.
func entConst(pkg *types.Package, name string) (string, bool) {
	c, ok := pkg.Scope().Lookup(name).(*types.Const)
	if !ok || c.Val().Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(c.Val()), true
}

// apply adds one call of the chain to the statement.
func (q *entStmt) apply(l *ast.CallExpr) {
	fn, _ := calleeFunc(q.c.info, l).(*types.Func)
	if fn == nil {
		q.unknown = true
		return
	}
	sig := fn.Type().(*types.Signature)
	role, typeName, pkg := entRoleOf(sig.Recv().Type())
	name := fn.Name()
	if role == entEntity {
		var from *types.Package
		if p := q.c.out.defs.pkg; p != nil {
			from = p.types
		}
		q.entity = entEntityPkg(pkg, from, typeName)
		switch name {
		case "Query":
			q.kind = sqltext.KindSelect
		case "Get", "GetX":
			q.kind, q.byID = sqltext.KindSelect, true
			q.args = append(q.args, argExpr(l, 1))
			q.limit = "2"
		case "Create", "CreateBulk", "MapCreateBulk":
			q.kind = sqltext.KindInsert
		case "Update":
			q.kind = sqltext.KindUpdate
		case "UpdateOneID":
			q.kind, q.byID = sqltext.KindUpdate, true
			q.args = append(q.args, argExpr(l, 0))
		case "UpdateOne":
			q.kind, q.byID = sqltext.KindUpdate, true
			q.args = append(q.args, argExpr(l, 0)) // the entity: its ID
		case "Delete":
			q.kind = sqltext.KindDelete
		case "DeleteOneID":
			q.kind, q.byID = sqltext.KindDelete, true
			q.args = append(q.args, argExpr(l, 0))
		case "DeleteOne":
			q.kind, q.byID = sqltext.KindDelete, true
			q.args = append(q.args, argExpr(l, 0))
		default:
			q.unknown = true // QueryPets(u): an edge's rows
		}
		return
	}
	if q.entity == nil {
		q.unknown = true
		return
	}
	switch {
	case name == "Where":
		for i, a := range l.Args {
			if l.Ellipsis.IsValid() && i == len(l.Args)-1 {
				q.unknown = true // Where(ps...): predicates built elsewhere
				return
			}
			cond, args, ok := q.predicate(a, 0)
			if !ok {
				q.unknown = true
				return
			}
			q.conds = append(q.conds, cond)
			q.args = append(q.args, args...)
		}
	case name == "ForUpdate" || name == "ForShare":
		q.lock = "FOR UPDATE"
		if name == "ForShare" {
			q.lock = "FOR SHARE"
		}
		for _, a := range l.Args {
			action, ok := q.lockOption(a)
			if !ok {
				q.unknown = true
				return
			}
			if action != "" {
				q.lock += " " + action
			}
		}
	case name == "Limit":
		q.limit = "?"
		if tv, ok := q.c.info.Types[argExpr(l, 0)]; ok && tv.Value != nil {
			q.limit = tv.Value.ExactString()
		}
	case name == "Order":
		for _, a := range l.Args {
			col, ok := q.orderColumn(a)
			if !ok {
				col = sqltext.Hole
			}
			q.orders = append(q.orders, col)
		}
	case name == "Offset", name == "Unique", name == "Clone", name == "Select", name == "Where" ||
		strings.HasPrefix(name, "With") && q.kind == sqltext.KindSelect:
		// Eager loading (WithPets) runs further queries after this one,
		// which it leaves as it is.
	case name == "OnConflict" || name == "OnConflictColumns":
		q.upsert = true
	case q.upsert && (name == "UpdateNewValues" || name == "Ignore" || name == "DoNothing" || name == "Update" ||
		strings.HasPrefix(name, "Set") || strings.HasPrefix(name, "Update") || strings.HasPrefix(name, "Add") || strings.HasPrefix(name, "Clear")):
	case q.kind != sqltext.KindSelect && (strings.HasPrefix(name, "Set") || strings.HasPrefix(name, "Add") ||
		strings.HasPrefix(name, "Clear") || strings.HasPrefix(name, "Remove") || strings.HasPrefix(name, "Append")):
		// The values written, not which rows: the statement's rows stay.
	default:
		q.unknown = true // Modify, GroupBy, Aggregate, an edge traversal: not read
	}
}

// lockOption reads sql.WithLockAction(sql.SkipLocked) and
// sql.WithLockAction(sql.NoWait).
func (q *entStmt) lockOption(a ast.Expr) (string, bool) {
	if v := q.c.defs.value(q.c.info, a); v != nil {
		a = v // opt := sql.WithLockAction(sql.SkipLocked)
	}
	call, ok := ast.Unparen(a).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	fn, _ := calleeFunc(q.c.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgEntSQL || fn.Name() != "WithLockAction" || len(call.Args) != 1 {
		return "", false
	}
	tv, ok := q.c.info.Types[call.Args[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	switch v := constant.StringVal(tv.Value); v {
	case "SKIP LOCKED", "NOWAIT":
		return v, true
	}
	return "", false
}

// orderColumn reads user.ByEmail(...) and ent.Asc(user.FieldEmail).
func (q *entStmt) orderColumn(a ast.Expr) (string, bool) {
	call, ok := ast.Unparen(a).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	fn, _ := calleeFunc(q.c.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return "", false
	}
	if fn.Pkg() == q.entity && strings.HasPrefix(fn.Name(), "By") {
		return q.column(strings.TrimPrefix(fn.Name(), "By"))
	}
	if (fn.Name() == "Asc" || fn.Name() == "Desc") && len(call.Args) == 1 {
		if tv, ok := q.c.info.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			col := constant.StringVal(tv.Value)
			if fn.Name() == "Desc" {
				col += " DESC"
			}
			return col, true
		}
	}
	return "", false
}

// column is the column of the entity field called field (Email, ID),
// from the generated FieldEmail constant.
func (q *entStmt) column(field string) (string, bool) {
	return entConst(q.entity, "Field"+field)
}

// entOps are the predicate suffixes ent generates, longest first where
// one ends another.
var entOps = []struct{ suffix, sql string }{
	{"NotIn", "NOT IN (?)"}, {"NotNil", "IS NOT NULL"}, {"IsNil", "IS NULL"},
	{"NEQ", "<> ?"}, {"GTE", ">= ?"}, {"LTE", "<= ?"}, {"EQ", "= ?"}, {"GT", "> ?"}, {"LT", "< ?"},
	{"In", "IN (?)"}, {"HasPrefix", "LIKE ?"}, {"HasSuffix", "LIKE ?"}, {"Contains", "LIKE ?"},
}

// predicate renders one generated predicate: user.EmailEQ(e),
// user.ID(id), user.IDIn(ids...), user.And(...), user.Or(...),
// user.Not(...). Anything else (an edge's HasPetsWith, a hand-written
// func(*sql.Selector)) is unknown.
func (q *entStmt) predicate(e ast.Expr, depth int) (string, []ast.Expr, bool) {
	if depth > maxChain {
		return "", nil, false
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return q.elemPredicate(id, depth)
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", nil, false
	}
	fn, _ := calleeFunc(q.c.info, call).(*types.Func)
	if fn == nil {
		return "", nil, false
	}
	if fn.Pkg() != q.entity {
		return q.helperPredicate(call, fn, depth)
	}
	name := fn.Name()
	switch name {
	case "And", "Or", "Not":
		var parts []string
		var args []ast.Expr
		for i, a := range call.Args {
			if call.Ellipsis.IsValid() && i == len(call.Args)-1 {
				return "", nil, false
			}
			p, pa, ok := q.predicate(a, depth+1)
			if !ok {
				return "", nil, false
			}
			parts = append(parts, p)
			args = append(args, pa...)
		}
		if len(parts) == 0 {
			return "", nil, false
		}
		if name == "Not" {
			return "NOT (" + strings.Join(parts, " AND ") + ")", args, true
		}
		return "(" + strings.Join(parts, " "+strings.ToUpper(name)+" ") + ")", args, true
	}
	if col, ok := q.column(name); ok && len(call.Args) == 1 {
		return col + " = ?", call.Args, true
	}
	for _, op := range entOps {
		field := strings.TrimSuffix(name, op.suffix)
		if field == name {
			continue
		}
		col, ok := q.column(field)
		if !ok {
			continue
		}
		switch {
		case op.sql == "IS NULL" || op.sql == "IS NOT NULL":
			return col + " " + op.sql, nil, true
		case strings.HasSuffix(op.sql, "(?)"):
			if call.Ellipsis.IsValid() {
				return col + " " + op.sql, call.Args, true
			}
			if len(call.Args) == 0 {
				return "", nil, false
			}
			marks := strings.TrimSuffix(strings.Repeat("?, ", len(call.Args)), ", ")
			return col + " " + strings.Replace(op.sql, "?", marks, 1), call.Args, true
		default:
			if len(call.Args) != 1 {
				return "", nil, false
			}
			return col + " " + op.sql, call.Args, true
		}
	}
	return "", nil, false
}

// finish applies the finisher: First and Exist read one row, Only two,
// Count counts.
func (q *entStmt) finish(name string) {
	base := strings.TrimSuffix(name, "X")
	switch base {
	case "First", "FirstID", "Exist":
		q.limit = "1"
	case "Only", "OnlyID":
		q.limit = "2"
	case "Count":
		q.count = true
	}
	if q.kind == sqltext.KindSelect {
		switch base {
		case "Save", "Exec":
			q.unknown = true
		}
	}
}

// render writes the SQL ent sends on MySQL for the statement.
func (q *entStmt) render() string {
	table, ok := entConst(q.entity, "Table")
	if !ok {
		return ""
	}
	conds := q.conds
	if q.byID {
		id, ok := q.column("ID")
		if !ok {
			return ""
		}
		// The ID is the first argument too: the entity client's call
		// comes first in the chain.
		conds = append([]string{id + " = ?"}, conds...)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var b strings.Builder
	switch q.kind {
	case sqltext.KindSelect:
		if q.count {
			b.WriteString("SELECT COUNT(*) FROM ")
		} else {
			b.WriteString("SELECT * FROM ")
		}
		b.WriteString("`" + table + "`" + where)
		if len(q.orders) > 0 {
			b.WriteString(" ORDER BY " + strings.Join(q.orders, ", "))
		}
		if q.limit != "" {
			b.WriteString(" LIMIT " + q.limit)
		}
		if q.lock != "" {
			b.WriteString(" " + q.lock)
		}
	case sqltext.KindUpdate:
		b.WriteString("UPDATE `" + table + "` SET " + sqltext.Hole + where)
	case sqltext.KindDelete:
		b.WriteString("DELETE FROM `" + table + "`" + where)
	case sqltext.KindInsert:
		b.WriteString("INSERT INTO `" + table + "` (" + sqltext.Hole + ") VALUES (?)")
		if q.upsert {
			b.WriteString(" ON DUPLICATE KEY UPDATE " + sqltext.Hole + " = VALUES(" + sqltext.Hole + ")")
		}
		q.args = nil
	default:
		return ""
	}
	return b.String()
}

// helperPredicate renders the predicate a function of the package
// returns, when its body is that one return of a generated predicate
// whose arguments are the function's parameters or constants: func
// idGroup(ids []int) predicate.File { return file.IDIn(ids...) }, with
// the caller's arguments bound in their place.
func (q *entStmt) helperPredicate(call *ast.CallExpr, fn *types.Func, depth int) (string, []ast.Expr, bool) {
	p := q.c.out.defs.pkg
	if p == nil || p.types != fn.Pkg() {
		return "", nil, false
	}
	decl := p.funcDecl(fn)
	if decl == nil || decl.Recv != nil || decl.Body == nil || len(decl.Body.List) != 1 {
		return "", nil, false
	}
	ret, ok := decl.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return "", nil, false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Variadic() && !call.Ellipsis.IsValid() || len(call.Args) != sig.Params().Len() {
		return "", nil, false
	}
	params := map[types.Object]int{}
	for i := range sig.Params().Len() {
		params[sig.Params().At(i)] = i
	}
	text, inner, ok := q.predicate(ret.Results[0], depth+1)
	if !ok {
		return "", nil, false
	}
	args := make([]ast.Expr, len(inner))
	for i, a := range inner {
		if id, isID := ast.Unparen(a).(*ast.Ident); isID {
			if k, isParam := params[q.c.info.Uses[id]]; isParam {
				args[i] = call.Args[k]
				continue
			}
		}
		if tv, ok := q.c.info.Types[a]; ok && tv.Value != nil {
			args[i] = a // a constant means the same anywhere
			continue
		}
		return "", nil, false
	}
	return text, args, true
}

// elemPredicate reads a predicate held by a variable: a range variable
// over a slice of predicates the package built (for _, group := range
// groups { ...Where(group)... }, the groups made by lo.Map), or a
// literal's parameter that is one element of such a slice. The
// predicate's run-time values become the range variable (lo.go).
func (q *entStmt) elemPredicate(id *ast.Ident, depth int) (string, []ast.Expr, bool) {
	v, ok := q.c.info.Uses[id].(*types.Var)
	if !ok {
		return "", nil, false
	}
	el, ok := q.elems.paramElem(q.c, v)
	if !ok {
		el, ok = q.elems.rangeElem(q.c, id, v)
	}
	if !ok {
		return "", nil, false
	}
	text, args, ok := q.predicate(el.expr, depth+1)
	if !ok {
		return "", nil, false
	}
	args, ok = q.elems.bind(q.c, args)
	return text, args, ok
}
