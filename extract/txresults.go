package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// A transaction helper may hand its transaction back in more than one
// value: func WithTx[T Setter](ctx, c T) (T, *Tx, context.Context, error)
// begins tx := c.Client().Tx(ctx) and returns c.SetClient(tx.Client()),
// a copy of c whose client field is the transaction's client, beside a
// wrapper &Tx{tx: tx} that its package's Commit(w) and Rollback(w) end.
// The function's fact lists those results and where each holds the
// transaction (FuncFact.TxResults); a caller begins one transaction where
// it calls the helper, and every variable it assigns from those results
// is that transaction: a statement through the client field of the copy
// runs in it, and an end function given the wrapper ends it.

// txResults lists the results of the declared function that are, or hold
// at a field path, a transaction it began or received and leaves open, on
// every return that is not an error return (a non-nil last result of type
// error, next to which callers use no other result). Only a function that
// begins a transaction itself and ends none has them.
func txResults(f *Func, decl *ast.FuncDecl) []FactRef {
	if decl.Body == nil {
		return nil
	}
	began := false
	for _, e := range f.Events {
		switch {
		case e.Kind == TxBegin && !e.Callback:
			began = true
		case e.Kind != TxBegin:
			return nil
		}
	}
	if !began {
		return nil
	}
	sig, ok := f.info.Defs[decl.Name].Type().(*types.Signature)
	if !ok || sig.Results().Len() < 2 {
		return nil
	}
	n := sig.Results().Len()
	errLast := isErrorType(sig.Results().At(n - 1).Type())
	paths := make([]string, n)
	okAll := make([]bool, n)
	for i := range okAll {
		okAll[i] = true
	}
	returns := 0
	ast.Inspect(decl.Body, func(x ast.Node) bool {
		if _, lit := x.(*ast.FuncLit); lit {
			return false
		}
		ret, isRet := x.(*ast.ReturnStmt)
		if !isRet {
			return true
		}
		if len(ret.Results) != n {
			returns = -1 << 20 // a bare return or a call's results: unknown
			return false
		}
		if errLast && !isNilIdent(ret.Results[n-1]) {
			return true // an error return: callers use nothing else
		}
		returns++
		for i, e := range ret.Results {
			if !okAll[i] {
				continue
			}
			p, ok := f.txPath(decl, e, 0)
			if !ok || returns > 1 && p != paths[i] {
				okAll[i] = false
				continue
			}
			paths[i] = p
		}
		return true
	})
	if returns <= 0 {
		return nil
	}
	var out []FactRef
	for i := range n {
		if okAll[i] && (!errLast || i < n-1) {
			out = append(out, FactRef{Param: i, Path: paths[i]})
		}
	}
	return out
}

// txPath reports whether e is a transaction (of database/sql, sqlx, bun,
// goqu or ent, by its type), ent's client of one (tx.Client()), or a
// value that holds one at a field path, which it returns.
func (f *Func) txPath(decl *ast.FuncDecl, e ast.Expr, depth int) (string, bool) {
	if e == nil || depth > maxTextDepth {
		return "", false
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.TypeAssertExpr:
		return f.txPath(decl, x.X, depth+1)
	case *ast.UnaryExpr:
		return f.txPath(decl, x.X, depth+1)
	}
	t := f.info.TypeOf(e)
	if t == nil {
		return "", false
	}
	if handleKindOf(t) == HandleTx {
		return "", true
	}
	if role, _, _ := entRoleOf(t); role == entTx {
		return "", true
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		fn, ok := calleeFunc(f.info, x).(*types.Func)
		if !ok {
			return "", false
		}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && fn.Name() == "Client" {
			if r, _, _ := entRoleOf(sig.Recv().Type()); r == entTx {
				return "", true // the transaction's client
			}
		}
		if f.lookup == nil {
			return "", false
		}
		fact := f.lookup(fn)
		if fact == nil {
			return "", false
		}
		for _, r := range fact.TxResults {
			if r.Param == 0 {
				return r.Path, true
			}
		}
		// A constructor or setter that keeps its argument in a field of
		// what it returns: SetClient(tx.Client()) returns {client: ...}.
		for _, ff := range fact.Fields {
			if ff.Param == ZeroField {
				continue
			}
			if p, ok := f.txPath(decl, argExpr(x, ff.Param), depth+1); ok {
				return ff.Path + p, true
			}
		}
	case *ast.CompositeLit:
		for _, elt := range x.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			if p, ok := f.txPath(decl, kv.Value, depth+1); ok {
				return "." + k.Name + p, true
			}
		}
	case *ast.Ident:
		return f.txPathOfVar(decl, x, depth)
	}
	return "", false
}

// txPathOfVar is txPath for a local variable of the function: every value
// assigned to it must hold a transaction at one path. A declaration
// without a value (var w *Tx) leaves the zero value, which runs nothing.
func (f *Func) txPathOfVar(decl *ast.FuncDecl, id *ast.Ident, depth int) (string, bool) {
	v, ok := f.info.ObjectOf(id).(*types.Var)
	if !ok || v.Pos() < decl.Body.Pos() || v.Pos() >= decl.Body.End() || f.defs.escaped[v] {
		return "", false
	}
	path, found := "", false
	for _, a := range f.defs.assigns[v] {
		if a.value == nil {
			if declaredBare(decl.Body, a.pos) {
				continue
			}
			return "", false
		}
		p, ok := f.txPath(decl, a.value, depth+1)
		if !ok || found && p != path {
			return "", false
		}
		path, found = p, true
	}
	return path, found
}

// declaredBare reports whether the assignment at pos is a var
// declaration without values.
func declaredBare(body *ast.BlockStmt, pos token.Pos) bool {
	bare := false
	ast.Inspect(body, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return !bare
		}
		if vs.Pos() <= pos && pos < vs.End() || n.Pos() == pos {
			bare = len(vs.Values) == 0
		}
		return false
	})
	if !bare {
		ast.Inspect(body, func(n ast.Node) bool {
			if ds, ok := n.(*ast.DeclStmt); ok && ds.Pos() <= pos && pos < ds.End() {
				if gd, ok := ds.Decl.(*ast.GenDecl); ok {
					bare = true
					for _, sp := range gd.Specs {
						if vs, ok := sp.(*ast.ValueSpec); !ok || len(vs.Values) > 0 {
							bare = false
						}
					}
				}
			}
			return !bare
		})
	}
	return bare
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func isNilIdent(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// txAlias is a variable a caller assigns from a result of a helper with
// TxResults: it is, or holds at path, the transaction canon names.
type txAlias struct {
	canon Ref
	path  string
}

// beginsThroughResults adds, for a call to a helper whose fact lists
// TxResults, the transaction it begins, held by the first variable the
// caller assigns from those results, and notes the others as the same
// transaction (f.txAliases).
func (f *Func) beginsThroughResults(c *Call, fact *FuncFact, lookup FactLookup) {
	as := f.assignOf(c.Expr)
	if as == nil {
		return
	}
	var canon Ref
	var vars []types.Object
	var paths []string
	joined := false
	if fact.JoinsCarried {
		// Given a context an earlier call handed out with its
		// transaction, the helper joins that transaction.
		for _, a := range c.Expr.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok {
				if al, ok := f.txAliases[f.info.ObjectOf(id)]; ok && al.path == carriedPath && f.onlyFromTxResults(id, lookup) {
					canon, joined = al.canon, true
				}
			}
		}
	}
	for _, r := range fact.TxResults {
		if r.Param >= len(as) {
			continue
		}
		id, ok := as[r.Param].(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		obj := f.info.ObjectOf(id)
		if obj == nil {
			continue
		}
		if !canon.Valid() {
			canon = Ref{Root: obj}
		}
		vars, paths = append(vars, obj), append(paths, r.Path)
	}
	if !canon.Valid() {
		return
	}
	// The value the function's code ends the transaction through names
	// it best: Commit(w) and Rollback(w) take the wrapper.
	for _, k := range f.Calls {
		if joined {
			break
		}
		kf := lookup(k.Fn)
		if kf == nil {
			continue
		}
		for _, p := range kf.Closes {
			if r := refOf(f.info, argExpr(k.Expr, p)); r.Valid() && r.Path == "" && slices.Contains(vars, r.Root) {
				canon = r
			}
		}
	}
	if f.txAliases == nil {
		f.txAliases = map[types.Object]txAlias{}
	}
	for i, obj := range vars {
		f.txAliases[obj] = txAlias{canon: canon, path: paths[i]}
	}
	if fact.JoinsCarried {
		// The context it returns carries the transaction.
		sig, _ := c.Fn.Type().(*types.Signature)
		for i, l := range as {
			id, ok := l.(*ast.Ident)
			if !ok || id.Name == "_" || sig == nil || i >= sig.Results().Len() || !isContext(sig.Results().At(i).Type()) {
				continue
			}
			if obj := f.info.ObjectOf(id); obj != nil {
				if _, taken := f.txAliases[obj]; !taken {
					f.txAliases[obj] = txAlias{canon: canon, path: carriedPath}
				}
			}
		}
	}
	f.Events = append(f.Events, &TxEvent{Kind: TxBegin, Call: c.Expr, Tx: canon, Framework: DatabaseSQL, Helper: c.Fn.Name(), Joins: joined})
}

// carriedPath is the txAlias path of a context that carries the
// transaction (context.WithValue(ctx, key, w)).
const carriedPath = "<context>"

// onlyFromTxResults reports whether every assignment to the variable id
// names takes a result of a helper with TxResults.
func (f *Func) onlyFromTxResults(id *ast.Ident, lookup FactLookup) bool {
	obj := f.info.ObjectOf(id)
	ok, seen := true, false
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		as, isAs := n.(*ast.AssignStmt)
		if !isAs || !ok {
			return ok
		}
		for _, l := range as.Lhs {
			lid, isID := l.(*ast.Ident)
			if !isID || f.info.ObjectOf(lid) != obj {
				continue
			}
			seen = true
			call, isCall := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			fn, _ := calleeFunc(f.info, call).(*types.Func)
			if len(as.Rhs) != 1 || !isCall || fn == nil {
				ok = false
				continue
			}
			if fact := lookup(fn); fact == nil || len(fact.TxResults) == 0 {
				ok = false
			}
		}
		return ok
	})
	return ok && seen
}

// joinsCarried reports whether the declared function looks up, in a
// context it is given, a value of the type of one of its results that
// hold the transaction (ctx.Value(key).(*Tx)): it joins the transaction
// a context it handed out carries.
func (f *Func) joinsCarried(decl *ast.FuncDecl, results []FactRef) bool {
	sig, ok := f.info.Defs[decl.Name].Type().(*types.Signature)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		ta, ok := n.(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil || found {
			return !found
		}
		call, ok := ast.Unparen(ta.X).(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Value" {
			return true
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := f.info.ObjectOf(id).(*types.Var)
		if !ok || !isContext(v.Type()) || v.Pos() < decl.Type.Pos() || v.Pos() >= decl.Type.End() {
			return true
		}
		at := f.info.TypeOf(ta.Type)
		for _, r := range results {
			if r.Param < sig.Results().Len() && types.Identical(sig.Results().At(r.Param).Type(), at) {
				found = true
			}
		}
		return !found
	})
	return found
}

// assignOf is the left-hand side of the statement that assigns the
// results of call, nil when none does.
func (f *Func) assignOf(call *ast.CallExpr) []ast.Expr {
	var out []ast.Expr
	if f.Body() == nil {
		return nil
	}
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		if out != nil {
			return false
		}
		switch s := n.(type) {
		case *ast.AssignStmt:
			if len(s.Rhs) == 1 && ast.Unparen(s.Rhs[0]) == call {
				out = s.Lhs
			}
		case *ast.ValueSpec:
			if len(s.Values) == 1 && ast.Unparen(s.Values[0]) == call {
				for _, n := range s.Names {
					out = append(out, n)
				}
			}
		}
		return true
	})
	return out
}

// txAliasHandle is the transaction a value passed as a (a variable
// assigned from a helper's TxResults) holds at path, when it does.
func (f *Func) txAliasHandle(a ast.Expr, path string) (Handle, bool) {
	id, ok := ast.Unparen(a).(*ast.Ident)
	if !ok || f.txAliases == nil {
		return Handle{}, false
	}
	al, ok := f.txAliases[f.info.ObjectOf(id)]
	if !ok || !pathWithin(path, al.path) {
		return Handle{}, false
	}
	h := Handle{Kind: HandleTx, Ref: al.canon, Expr: a}
	if t := typeAt(f.info.TypeOf(a), path); t != nil {
		h.Type = typeString(t)
	}
	return h, true
}

// joinTxAliases makes the ends of the transactions a helper handed out
// in several values (Commit(w) of the wrapper) end the one transaction.
func (f *Func) joinTxAliases() {
	if len(f.txAliases) == 0 {
		return
	}
	for i, e := range f.Events {
		al, ok := f.txAliases[e.Tx.Root]
		if !ok || e.Tx == al.canon || e.Kind == TxBegin {
			continue
		}
		c := *e
		c.Tx = al.canon
		f.Events[i] = &c
	}
}

// keyedByMapEntry reports whether the statement runs once per entry of a
// Go map with an argument taken from the entry (a range variable, or a
// value computed in the loop), or in a callee that does so.
func (s *Site) keyedByMapEntry(info *types.Info) bool {
	l := s.Loop
	if l == nil || !l.OverMap {
		return false
	}
	if l.InCallee {
		return true
	}
	for _, a := range s.Args {
		if r := refOf(info, a); r.Valid() && r.Root.Pos() >= l.Node.Pos() && r.Root.Pos() < l.Node.End() {
			return true
		}
	}
	return false
}

// memoGetter reports whether decl is a method that returns a field of its
// receiver when the field is set, and otherwise computes and stores it:
// `if c.v != nil { return c.v }; ...; c.v = v; return c.v`. The
// statements it sends to compute the value run on its first call only.
func memoGetter(info *types.Info, decl *ast.FuncDecl) bool {
	if decl.Recv == nil || decl.Body == nil || len(decl.Body.List) < 2 {
		return false
	}
	guard, ok := decl.Body.List[0].(*ast.IfStmt)
	if !ok || guard.Init != nil || guard.Else != nil || len(guard.Body.List) != 1 {
		return false
	}
	cond, ok := guard.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !isNilIdent(cond.Y) {
		return false
	}
	field := refOf(info, cond.X)
	if !field.Valid() || field.Path == "" || len(decl.Recv.List) != 1 || len(decl.Recv.List[0].Names) != 1 ||
		info.Defs[decl.Recv.List[0].Names[0]] != field.Root {
		return false
	}
	ret, ok := guard.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) == 0 || refOf(info, ret.Results[0]) != field {
		return false
	}
	stored := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				stored = stored || refOf(info, l) == field
			}
		}
		return !stored
	})
	return stored
}
