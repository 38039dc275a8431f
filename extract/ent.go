package extract

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// ent (entgo.io/ent) generates a client package for each project's
// schema: client.User.Query().Where(user.EmailEQ(e)).ForUpdate().Only(ctx)
// runs SELECT ... FROM users WHERE users.email = ? LIMIT 2 FOR UPDATE.
// The generated types are the project's own, so they are told by their
// shape: every builder embeds the package's config, which holds an ent
// dialect.Driver. The table and column names are the constants the
// generated entity package declares (user.Table, user.FieldEmail), and
// predicates are its functions (user.EmailEQ, user.IDIn, user.And).
//
// A *ent.Client is the pool, except one a transaction hands out
// (tx.Client()), and one a function receives as a parameter: the ent
// documentation passes tx.Client() to code written for clients, so the
// caller tells which it is.

const pkgEntDialect = "entgo.io/ent/dialect"

// entType returns the name and package of the ent-generated type t (or
// *t): a struct that embeds the package's config holding a
// dialect.Driver, or embeds such a type (UserSelect embeds *UserQuery).
func entType(t types.Type) (string, *types.Package, bool) {
	if t == nil {
		return "", nil, false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", nil, false
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return "", nil, false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		if f.Name() == "config" && entConfig(f.Type()) {
			return n.Obj().Name(), n.Obj().Pkg(), true
		}
		if _, pkg, ok := entEmbedded(f.Type()); ok && pkg == n.Obj().Pkg() {
			return n.Obj().Name(), pkg, true
		}
	}
	return "", nil, false
}

// entEmbedded is entType one level down, without recursion.
func entEmbedded(t types.Type) (string, *types.Package, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", nil, false
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return "", nil, false
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Embedded() && f.Name() == "config" && entConfig(f.Type()) {
			return n.Obj().Name(), n.Obj().Pkg(), true
		}
	}
	return "", nil, false
}

// entConfig reports whether t is a generated config: a struct with a
// field of type dialect.Driver.
func entConfig(t types.Type) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if pkg, name := named(st.Field(i).Type()); pkg == pkgEntDialect && name == "Driver" {
			return true
		}
	}
	return false
}

// entClientPkg reports whether pkg is a client package ent generated: it
// declares the Client type.
func entClientPkg(pkg *types.Package) bool {
	obj, ok := pkg.Scope().Lookup("Client").(*types.TypeName)
	if !ok {
		return false
	}
	role, _, _ := entRoleOf(obj.Type())
	return role == entClient
}

// entRole is what a generated type is.
type entRole uint8

const (
	entNone    entRole = iota
	entClient          // Client: the pool, or a transaction's client
	entTx              // Tx
	entEntity          // UserClient: one entity's client, as tx.User or client.User
	entBuilder         // UserQuery, UserSelect, UserUpdate, UserCreate, UserDelete, ...
)

// entRoleOf tells what t is.
func entRoleOf(t types.Type) (entRole, string, *types.Package) {
	name, pkg, ok := entType(t)
	if !ok {
		return entNone, "", nil
	}
	switch {
	case name == "Client":
		return entClient, name, pkg
	case name == "Tx":
		return entTx, name, pkg
	case strings.HasSuffix(name, "Client"):
		return entEntity, name, pkg
	}
	return entBuilder, name, pkg
}

// entFinishers are the builder methods that send the statement.
var entFinishers = map[string]bool{
	"First": true, "FirstX": true, "FirstID": true, "FirstIDX": true,
	"Only": true, "OnlyX": true, "OnlyID": true, "OnlyIDX": true,
	"All": true, "AllX": true, "IDs": true, "IDsX": true,
	"Count": true, "CountX": true, "Exist": true, "ExistX": true,
	"Scan": true, "ScanX": true, "Strings": true, "StringsX": true, "String": true, "StringX": true,
	"Ints": true, "IntsX": true, "Int": true, "IntX": true, "Float64s": true, "Float64sX": true,
	"Float64": true, "Float64X": true, "Bools": true, "BoolsX": true, "Bool": true, "BoolX": true,
	"Save": true, "SaveX": true, "Exec": true, "ExecX": true,
}

// recognizeEnt claims calls on ent-generated types: finishers become
// sites; Tx/BeginTx, Commit and Rollback become events. Inside the
// generated package itself nothing is recorded: its builders are what
// the rest of the project calls.
func recognizeEnt(c *call) bool {
	if c.fn == nil || c.fn.Pkg() == nil {
		return false
	}
	sig, ok := c.fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	if sig.Recv() == nil {
		entNotFoundCheck(c)
		return false
	}
	role, _, pkg := entRoleOf(sig.Recv().Type())
	if role == entNone {
		return false
	}
	if c.out.defs.pkg != nil && c.out.defs.pkg.types == pkg {
		return true
	}
	name := c.fn.Name()
	switch {
	case role == entClient && (name == "Tx" || name == "BeginTx"):
		c.out.Events = append(c.out.Events, &TxEvent{
			Kind:      TxBegin,
			Call:      c.expr,
			Tx:        c.resultRef(),
			From:      entHandle(c, receiver(c.expr), 0),
			Isolation: entIsolation(c),
			Framework: Ent,
		})
	case role == entTx && (name == "Commit" || name == "Rollback"):
		c.endTx(Ent)
	case role == entEntity && (name == "Get" || name == "GetX"):
		entSite(c)
	case role == entBuilder && entFinishers[name]:
		entSite(c)
	}
	return true
}

// entIsolation reads the isolation of client.BeginTx(ctx, &sql.TxOptions{...}).
func entIsolation(c *call) sqltext.Isolation {
	if c.fn.Name() != "BeginTx" {
		return sqltext.IsolationUnknown
	}
	return isolationArg(c)
}

// entNotFoundCheck notes the generated ent.IsNotFound(err), ent's test
// for a missing row, and ent.IsConstraintError(err), its test for a
// duplicate key.
func entNotFoundCheck(c *call) {
	switch c.fn.Name() {
	case "IsNotFound", "IsConstraintError":
	default:
		return
	}
	tx, ok := c.fn.Pkg().Scope().Lookup("Tx").(*types.TypeName)
	if !ok {
		return
	}
	if role, _, _ := entRoleOf(tx.Type()); role != entTx {
		return
	}
	if c.fn.Name() == "IsNotFound" {
		c.out.ChecksNotFound = true
	} else {
		c.out.HandlesDuplicateKey = true
	}
}

// entHandle describes the ent value e (a Client, a Tx, an entity client)
// by where it comes from: a Tx, or an entity client or client of one, is
// the transaction; a client the function receives is unknown, for its
// callers to tell; any other client is the pool.
func entHandle(c *call, e ast.Expr, depth int) Handle {
	h := Handle{Expr: e, Ref: refOf(c.info, e)}
	if e == nil || depth > maxChain {
		return h
	}
	e = ast.Unparen(e)
	t := c.info.TypeOf(e)
	role, _, _ := entRoleOf(t)
	if t != nil {
		h.Type = typeString(t)
	}
	switch role {
	case entTx:
		h.Kind = HandleTx
		return h
	case entNone, entBuilder:
		return h
	}
	switch x := e.(type) {
	case *ast.SelectorExpr:
		// tx.User, client.User, s.client: a field of an ent value is
		// bound as that value is.
		if sel, ok := c.info.Selections[x]; ok && sel.Kind() == types.FieldVal {
			if r, _, _ := entRoleOf(c.info.TypeOf(x.X)); r == entTx || r == entClient {
				// Its statements run on the client or transaction it
				// is a field of, which callers resolve.
				inner := entHandle(c, x.X, depth+1)
				inner.Expr = e
				return inner
			}
			if role == entClient {
				if v, ok := sel.Obj().(*types.Var); ok && entFieldFromTx(c, v) {
					return h // stored from a transaction somewhere: unknown
				}
				h.Kind = HandlePool
			}
		}
		return h
	case *ast.CallExpr:
		fn, _ := calleeFunc(c.info, x).(*types.Func)
		if fn == nil {
			return h
		}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			r, _, _ := entRoleOf(sig.Recv().Type())
			switch {
			case r == entTx && fn.Name() == "Client":
				inner := entHandle(c, receiver(x), depth+1)
				inner.Expr, inner.Type = e, h.Type
				return inner
			case r == entClient && (fn.Name() == "Debug" || fn.Name() == "Client"):
				inner := entHandle(c, receiver(x), depth+1)
				inner.Expr = e
				return inner
			}
			return h
		}
		if (fn.Name() == "Open" || fn.Name() == "NewClient") && role == entClient {
			h.Kind = HandlePool
		}
		return h
	case *ast.Ident:
		v, ok := c.info.ObjectOf(x).(*types.Var)
		if !ok {
			return h
		}
		if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			// A package-level client, as a field: the pool.
			if role == entClient {
				h.Kind = HandlePool
			}
			return h
		}
		scope := c.out.gormScope(c.out.Body())
		r := scope.reaching(c, v, x.Pos())
		if r.value == nil || r.partial {
			return h // a parameter, or assigned on some paths: unknown
		}
		inner := entHandle(c, r.value, depth+1)
		if inner.Kind == HandleTx {
			// The variable holds the transaction's client: statements
			// through it belong to the transaction variable.
			return inner
		}
		inner.Expr, inner.Ref = e, h.Ref
		return inner
	}
	return h
}

// entFieldFromTx reports whether the package stores a transaction's
// client (tx.Client()) in the field v somewhere.
func entFieldFromTx(c *call, v *types.Var) bool {
	p := c.out.defs.pkg
	if p == nil {
		return false
	}
	for _, s := range p.fieldSets[v] {
		call, ok := ast.Unparen(s.value).(*ast.CallExpr)
		if !ok {
			continue
		}
		fn, _ := calleeFunc(p.info, call).(*types.Func)
		if fn == nil || fn.Name() != "Client" {
			continue
		}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			if r, _, _ := entRoleOf(sig.Recv().Type()); r == entTx {
				return true
			}
		}
	}
	return false
}

// entArgHandle describes an ent client or transaction passed to a helper,
// by where it came from in f; h when e is none or its origin is unknown.
func (f *Func) entArgHandle(e ast.Expr, h Handle) Handle {
	if h.Kind != HandleUnknown {
		return h
	}
	role, _, _ := entRoleOf(f.info.TypeOf(e))
	if role != entClient && role != entTx && role != entEntity {
		return h
	}
	c := &call{info: f.info, defs: f.defs, out: f, expr: &ast.CallExpr{Fun: e, Lparen: e.End(), Rparen: e.End()}}
	x := entHandle(c, e, 0)
	if x.Kind == HandleUnknown {
		return h
	}
	return x
}
