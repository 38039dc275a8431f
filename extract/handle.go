package extract

import (
	"go/ast"
	"go/types"
	"strings"
)

// FactLookup returns the fact of a function, or nil.
type FactLookup func(*types.Func) *FuncFact

// resolveHandle describes the handle found at e followed by the field
// path, tracing where the value came from in this function: a struct
// literal (&Repo{db: tx}), or a constructor whose fact says which field
// holds which parameter (New(tx), q.WithTx(tx)). A repository built around
// a transaction is that transaction.
func resolveHandle(info *types.Info, d defs, lookup FactLookup, e ast.Expr, path string) Handle {
	return resolveHandleDepth(info, d, lookup, e, path, 0)
}

func resolveHandleDepth(info *types.Info, d defs, lookup FactLookup, e ast.Expr, path string, depth int) Handle {
	h := resolveHandleHere(info, d, lookup, e, path, depth)
	if h.Kind != HandleUnknown || h.zero || len(h.Origins) > 0 {
		return h
	}
	// A field of the package's own type that every constructor fills the
	// same way (q: db.New(pool)) holds that handle wherever it is read.
	for x, p := ast.Unparen(e), path; ; {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		s, ok := info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			break
		}
		if v, ok := s.Obj().(*types.Var); ok {
			if fh, ok := d.pkg.storedHandle(v, p, e, refOf(info, sel), p, h.Type); ok {
				return fh
			}
		}
		x, p = ast.Unparen(sel.X), "."+sel.Sel.Name+p
	}
	// The same for the fields the path goes through below the root
	// (s with .Client.db, a parameter's field's handle).
	if x, ok := ast.Unparen(e).(*ast.Ident); ok && path != "" {
		t := info.TypeOf(x)
		for p := path; p != "" && t != nil; {
			name, rest := splitPath(p)
			obj, _, _ := types.LookupFieldOrMethod(t, true, typePkg(t), name)
			v, ok := obj.(*types.Var)
			if !ok || !v.IsField() {
				break
			}
			if rest != "" {
				if fh, ok := d.pkg.storedHandle(v, rest, e, refOf(info, x), path, h.Type); ok {
					return fh
				}
			}
			t, p = v.Type(), rest
		}
	}
	return h
}

func resolveHandleHere(info *types.Info, d defs, lookup FactLookup, e ast.Expr, path string, depth int) Handle {
	for range maxTextDepth {
		e = ast.Unparen(e)
		if sel, ok := e.(*ast.SelectorExpr); ok {
			if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
				e, path = sel.X, "."+sel.Sel.Name+path
				continue
			}
		}
		if path == "" {
			break
		}
		next, rest, ok := follow(info, d, lookup, e, path)
		if !ok {
			break
		}
		if next == nil {
			// A field the value was built without: nil, no handle.
			return Handle{Expr: e, zero: true}
		}
		e, path = next, rest
	}
	t := typeAt(info.TypeOf(e), path)
	if path == "" && (t == nil || handleKindOf(t) == HandleUnknown) {
		// A handle returned by a method (s.conn()) is what it returns.
		if h, ok := returnedHandle(info, d, lookup, e, depth); ok {
			return h
		}
	}
	if t == nil {
		return Handle{Expr: e}
	}
	ref := refOf(info, e)
	if ref.Valid() {
		ref.Path += path
	}
	kind := handleKindOf(t)
	if kind == HandleUnknown && path == "" && isGORMDB(t) && gormOpened(info, d, e) {
		kind = HandlePool
	}
	return Handle{Kind: kind, Type: typeString(t), Ref: ref, Expr: e}
}

// gormOpened reports whether e is gorm.Open's result, directly or through
// a variable assigned once.
func gormOpened(info *types.Info, d defs, e ast.Expr) bool {
	if def := d.value(info, e); def != nil {
		e = def
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && isGORMFunc(info, call, "Open", true)
}

// follow takes one step from e.path towards the value stored there.
func follow(info *types.Info, d defs, lookup FactLookup, e ast.Expr, path string) (ast.Expr, string, bool) {
	field, rest := splitPath(path)
	v := e
	if def := d.value(info, e); def != nil {
		v = def
	}
	v = ast.Unparen(v)
	if u, ok := v.(*ast.UnaryExpr); ok {
		v = ast.Unparen(u.X)
	}
	switch v := v.(type) {
	case *ast.CompositeLit:
		st, _ := typeOrNil(info.TypeOf(v)).Underlying().(*types.Struct)
		for i, elt := range v.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == field {
					return kv.Value, rest, true
				}
			} else if st != nil && i < st.NumFields() && st.Field(i).Name() == field {
				return elt, rest, true // positional: &store{db}
			}
		}
	case *ast.CallExpr:
		fn, ok := calleeFunc(info, v).(*types.Func)
		if !ok || lookup == nil {
			break
		}
		fact := lookup(fn)
		if fact == nil {
			break
		}
		// The longest field path the fact knows that the path starts
		// with: .store.db of NewService(db), whose store is NewStore(db).
		full := "." + field + rest
		best := -1
		for i, ff := range fact.Fields {
			if pathWithin(full, ff.Path) && (best < 0 || len(ff.Path) > len(fact.Fields[best].Path)) {
				best = i
			}
		}
		if best >= 0 {
			ff := fact.Fields[best]
			if ff.Param == ZeroField {
				return nil, "", true
			}
			if a := argExpr(v, ff.Param); a != nil {
				return a, strings.TrimPrefix(full, ff.Path), true
			}
		}
	}
	return nil, "", false
}

// splitPath splits ".a.b" into "a" and ".b".
func splitPath(path string) (string, string) {
	path = strings.TrimPrefix(path, ".")
	if i := strings.IndexByte(path, '.'); i >= 0 {
		return path[:i], path[i:]
	}
	return path, ""
}

// typeAt is the type of the field path below a value of type t.
func typeAt(t types.Type, path string) types.Type {
	for path != "" && t != nil {
		var field string
		field, path = splitPath(path)
		obj, _, _ := types.LookupFieldOrMethod(t, true, typePkg(t), field)
		v, ok := obj.(*types.Var)
		if !ok {
			return nil
		}
		t = v.Type()
	}
	return t
}

// typePkg is the package of t's named type (through one pointer), which
// lookups of its unexported fields (r.db) need.
func typePkg(t types.Type) *types.Package {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Pkg()
	}
	return nil
}

// argExpr is the expression a call passes as parameter i (-1: receiver).
func argExpr(call *ast.CallExpr, i int) ast.Expr {
	if i == -1 {
		return receiver(call)
	}
	if i >= 0 && i < len(call.Args) && !(call.Ellipsis.IsValid() && i == len(call.Args)-1) {
		return call.Args[i]
	}
	return nil
}

// returnedHandle describes e when it is the result of a call whose fact
// says which of the callee's parameters or fields it returns (directly,
// or through a local variable assigned once): s.conn(), r.db(ctx). Each
// alternative is resolved at this call, and their kinds are joined: a
// method returning s.tx or s.db is a transaction only when both are.
func returnedHandle(info *types.Info, d defs, lookup FactLookup, e ast.Expr, depth int) (Handle, bool) {
	if lookup == nil || depth >= maxTextDepth {
		return Handle{}, false
	}
	v := ast.Unparen(e)
	if def := d.value(info, v); def != nil {
		v = ast.Unparen(def)
	}
	call, ok := v.(*ast.CallExpr)
	if !ok {
		return Handle{}, false
	}
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok {
		return Handle{}, false
	}
	fact := lookup(fn)
	if fact == nil || len(fact.ReturnHandles) == 0 {
		return Handle{}, false
	}
	var hs []Handle
	for _, r := range fact.ReturnHandles {
		if r.Param == ProducedHandle {
			hs = append(hs, Handle{Kind: r.Kind, Type: r.Type})
			continue
		}
		a := argExpr(call, r.Param)
		if a == nil {
			return Handle{}, false
		}
		hs = append(hs, resolveHandleDepth(info, d, lookup, a, r.Path, depth+1))
	}
	h := joinHandles(hs)
	h.Expr = e
	if h.Type == "" {
		if t := info.TypeOf(e); t != nil {
			h.Type = typeString(t)
		}
	}
	return h, true
}

// joinHandles is the handle that is one of hs: their kind when they all
// have the same, else unknown; their variable when they all name the
// same one.
func joinHandles(hs []Handle) Handle {
	if len(hs) == 1 {
		return hs[0]
	}
	var live []Handle
	for _, h := range hs {
		if !h.zero {
			live = append(live, h)
		}
	}
	switch len(live) {
	case 0:
		return Handle{Type: hs[0].Type}
	case 1:
		return live[0]
	}
	hs = live
	out := hs[0]
	out.Origins = nil
	for _, h := range hs {
		if h.Kind != out.Kind {
			out.Kind = HandleUnknown
		}
		if h.Type != out.Type {
			out.Type = ""
		}
		if h.Ref != out.Ref {
			out.Ref = Ref{}
		}
	}
	for _, h := range hs {
		out.Origins = append(out.Origins, originsOf(h)...)
	}
	if out.Ref.Valid() {
		out.Origins = nil
	}
	return out
}

// factRefs maps refs to the parameters they are rooted at; all is false
// when one is rooted elsewhere.
func factRefs(params map[types.Object]int, refs []Ref) (out []FactRef, all bool) {
	for _, r := range refs {
		if !r.Valid() && r.Kind != HandleUnknown {
			out = append(out, FactRef{Param: ProducedHandle, Kind: r.Kind, Type: r.Type})
			continue
		}
		p, ok := params[r.Root]
		if !r.Valid() || !ok {
			return nil, false
		}
		out = append(out, FactRef{Param: p, Path: r.Path})
	}
	return out, len(out) > 0
}

// everyFirstResult calls ok with each return of decl outside function
// literals and its first result, skipping returns of nil, until ok says
// false. It reports whether every call said true: false also when a
// return gives no results (a bare return of named results), which says
// nothing of what is returned, or when decl has no body or results.
func everyFirstResult(decl *ast.FuncDecl, ok func(ret *ast.ReturnStmt, first ast.Expr) bool) bool {
	if decl.Body == nil || decl.Type.Results == nil || len(decl.Type.Results.List) == 0 {
		return false
	}
	all := true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit || !all {
			return false
		}
		ret, isRet := n.(*ast.ReturnStmt)
		if !isRet {
			return true
		}
		if len(ret.Results) == 0 {
			all = false
			return false
		}
		e := ret.Results[0]
		if id, isID := ast.Unparen(e).(*ast.Ident); isID && id.Name == "nil" {
			return true
		}
		all = ok(ret, e)
		return all
	})
	return all
}

// maxReturns bounds FuncFact.ReturnHandles.
const maxReturns = 4

// returnedRefs lists what decl's first result can be, when every return
// gives a parameter, a field below one, or nil (which runs no SQL), and
// the result can hold a database handle.
func returnedRefs(f *Func, decl *ast.FuncDecl, params map[types.Object]int) []FactRef {
	sig, ok := f.info.TypeOf(decl.Name).(*types.Signature)
	if !ok {
		if obj, ok := f.info.Defs[decl.Name].(*types.Func); ok {
			sig, _ = obj.Type().(*types.Signature)
		}
	}
	if sig == nil || sig.Results().Len() == 0 || !mayHoldHandle(sig.Results().At(0).Type()) ||
		types.Identical(sig.Results().At(0).Type(), errorType) {
		return nil
	}
	var out []FactRef
	ok = everyFirstResult(decl, func(ret *ast.ReturnStmt, e ast.Expr) bool {
		if emptyStruct(f.info, e) {
			return true // a value with no state cannot reach a database
		}
		if len(ret.Results) < sig.Results().Len() && sig.Results().Len() > 1 {
			return false // return f(): a call's results
		}
		h := resolveHandle(f.info, f.defs, f.lookup, e, "")
		if h.Kind == HandleUnknown {
			// A *gorm.DB chain whose root is gorm.Open, reassigned on
			// the way (db = db.Debug()).
			h = f.gormArgHandle(e, h)
		}
		rs, all := factRefs(params, originsOf(h))
		if !all && h.Kind != HandleUnknown && len(h.Origins) == 0 {
			// A handle of a known kind the function obtains itself: the
			// pool loaded from an atomic pointer, a transaction it began.
			rs, all = []FactRef{{Param: ProducedHandle, Kind: h.Kind, Type: h.Type}}, true
		}
		if !all {
			return false
		}
		for _, r := range rs {
			if !containsRef(out, r) {
				out = append(out, r)
			}
		}
		return true
	})
	if !ok || len(out) > maxReturns {
		return nil
	}
	return out
}

// originsOf are the values h may be: its alternatives, its variable, or
// a handle of its kind obtained elsewhere.
func originsOf(h Handle) []Ref {
	switch {
	case len(h.Origins) > 0:
		return h.Origins
	case h.Ref.Valid():
		return []Ref{h.Ref}
	case h.Kind != HandleUnknown:
		return []Ref{{Kind: h.Kind, Type: h.Type}}
	}
	return []Ref{{}}
}

// emptyStruct reports whether e is a literal of a struct type without
// fields: a stand-in that refuses every call (an unavailable connection)
// holds nothing that could send a statement.
func emptyStruct(info *types.Info, e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return false
	}
	st, ok := info.TypeOf(lit).Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

func containsRef(rs []FactRef, r FactRef) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// storedHandle is the handle that field v holds at path below it, as this
// package stores it or as the field's fact says, read at e: ref followed
// by refPath names it, and typ is its type where the store does not say.
func (p *Package) storedHandle(v *types.Var, path string, e ast.Expr, ref Ref, refPath, typ string) (Handle, bool) {
	fh, ok := p.fieldHandle(v, path)
	if !ok {
		fh, ok = p.importedFieldHandle(v, path)
	}
	if !ok {
		return fh, false
	}
	fh.Expr, fh.Ref = e, ref
	if fh.Ref.Valid() {
		fh.Ref.Path += refPath
	}
	if fh.Type == "" {
		fh.Type = typ
	}
	return fh, true
}
