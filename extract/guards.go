package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// A helper often runs part of its statements only when a flag its
// caller passes says so:
//
//	func updateRepository(e Engine, repo *Repository, visibilityChanged bool) error {
//		...
//		if visibilityChanged {
//			recalculateAccesses(e, repo) // a DELETE that scans access
//		}
//	}
//
// A caller that passes the constant false never runs them. The fact says
// which parameter, with which value, each statement needs (FactGuard); a
// caller's constant argument keeps or drops the statement, and a caller
// that passes its own parameter on hands the guard to its callers in
// turn. Anything else (a variable, an expression) keeps the statement, as
// before. The same holds for `if len(rows) > 0 { ... }` and `for _, r :=
// range rows { ... }` on a slice parameter, where the caller passes a
// slice that is empty there (nil, or a literal nothing appends to), and
// for a comparison with a constant or a switch over constant cases, where
// the caller's value is one of a few constants:
//
//	switch opts.Type {
//	case CommentTypeComment:
//		... // UPDATE attachment
//	}
//
// A guard may test a field of a parameter (opts.Type above): the caller's
// struct literal gives the field's value, or its zero value when the
// literal leaves it out.

// FactGuard says a callee's statement runs only when its parameter Param
// (or the field Path below it, ".Type") has a value the guard allows:
//   - with OneOf, a value that is one of those constants (Value true) or
//     none of them (Value false), each as constant.Value.ExactString
//     writes it;
//   - with NonEmpty, a slice that has elements (Value true) or none
//     (Value false);
//   - else the boolean Value.
type FactGuard struct {
	Param    int
	Path     string
	Value    bool
	NonEmpty bool
	OneOf    []string
}

// paramGuards are the guards on the function's parameters that hold
// wherever pos runs: the ifs around pos whose condition tests a parameter
// (or a field below one) that the function never assigns (a conjunct of
// the condition for the if's body; the whole condition for its else),
// the switch cases over one, and the range loops over one.
func paramGuards(info *types.Info, decl *ast.FuncDecl, params map[types.Object]int, pos token.Pos) []FactGuard {
	if decl.Body == nil || pos < decl.Body.Pos() || pos >= decl.Body.End() {
		return nil
	}
	var out []FactGuard
	var changed *changes
	// tested returns the parameter and field path e reads, when the
	// function never changes them.
	tested := func(e ast.Expr) (int, string, bool) {
		obj, path, ok := operand(info, e)
		if !ok {
			return 0, "", false
		}
		p, ok := params[obj]
		if !ok {
			return 0, "", false
		}
		if changed == nil {
			changed = changesIn(info, decl.Body)
		}
		if changed.vars[obj] || changed.field(obj, path) {
			return 0, "", false
		}
		return p, path, true
	}
	guard := func(e ast.Expr, value bool) {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			e, value = ast.Unparen(u.X), !value
		}
		if x, holds, ok := lengthTest(info, e); ok {
			if p, path, ok := tested(x); ok && isSlice(info.TypeOf(x)) {
				out = append(out, FactGuard{Param: p, Path: path, Value: value == holds, NonEmpty: true})
			}
			return
		}
		if x, consts, holds, ok := constantTest(info, e); ok {
			if p, path, ok := tested(x); ok {
				out = append(out, FactGuard{Param: p, Path: path, Value: value == holds, OneOf: consts})
			}
			return
		}
		if p, path, ok := tested(e); ok && isBool(info.TypeOf(e)) {
			out = append(out, FactGuard{Param: p, Path: path, Value: value})
		}
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs when it is called, under its own guards
		case *ast.IfStmt:
			switch {
			case n.Body.Pos() <= pos && pos < n.Body.End():
				for _, c := range conjuncts(n.Cond) {
					guard(c, true)
				}
			case n.Else != nil && n.Else.Pos() <= pos && pos < n.Else.End():
				guard(n.Cond, false)
			}
		case *ast.SwitchStmt:
			if n.Body.Pos() <= pos && pos < n.Body.End() {
				if g, ok := caseGuard(info, n, pos, tested); ok {
					out = append(out, g)
				}
			}
		case *ast.RangeStmt:
			if n.Body.Pos() <= pos && pos < n.Body.End() && isSlice(info.TypeOf(n.X)) {
				if p, path, ok := tested(n.X); ok {
					out = append(out, FactGuard{Param: p, Path: path, Value: true, NonEmpty: true})
				}
			}
		}
		return true
	})
	return out
}

// caseGuard is the guard that the case clause of sw holding pos puts on
// the switch's tag: one of its case values, or, for the default clause,
// none of the others. None when a case is not a constant or a clause
// falls through.
func caseGuard(info *types.Info, sw *ast.SwitchStmt, pos token.Pos, tested func(ast.Expr) (int, string, bool)) (FactGuard, bool) {
	if sw.Tag == nil {
		return FactGuard{}, false
	}
	p, path, ok := tested(sw.Tag)
	if !ok {
		return FactGuard{}, false
	}
	var all, mine []string
	inDefault, found := false, false
	for _, st := range sw.Body.List {
		cc := st.(*ast.CaseClause)
		for _, b := range cc.Body {
			if br, ok := b.(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				return FactGuard{}, false
			}
		}
		var vals []string
		for _, e := range cc.List {
			tv, ok := info.Types[e]
			if !ok || tv.Value == nil {
				return FactGuard{}, false
			}
			vals = append(vals, tv.Value.ExactString())
		}
		all = append(all, vals...)
		if cc.Colon < pos && pos < cc.End() {
			found, mine, inDefault = true, vals, cc.List == nil
		}
	}
	switch {
	case !found:
		return FactGuard{}, false
	case inDefault:
		return FactGuard{Param: p, Path: path, Value: false, OneOf: all}, true
	}
	return FactGuard{Param: p, Path: path, Value: true, OneOf: mine}, true
}

// constantTest reads e as a comparison of an operand with constants:
// `x == C` (holds true), `x != C` (holds false), or `x == A || x == B`.
// It returns x and the constants' exact forms.
func constantTest(info *types.Info, e ast.Expr) (ast.Expr, []string, bool, bool) {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return nil, nil, false, false
	}
	if b.Op == token.LOR {
		x, left, holds, ok := constantTest(info, b.X)
		y, right, holdsR, okR := constantTest(info, b.Y)
		if !ok || !okR || !holds || !holdsR || !sameOperand(info, x, y) {
			return nil, nil, false, false
		}
		return x, append(left, right...), true, true
	}
	if b.Op != token.EQL && b.Op != token.NEQ {
		return nil, nil, false, false
	}
	x, c := b.X, b.Y
	if tv, ok := info.Types[x]; ok && tv.Value != nil {
		x, c = c, x
	}
	tv, ok := info.Types[c]
	if !ok || tv.Value == nil {
		return nil, nil, false, false
	}
	if xv, ok := info.Types[x]; !ok || xv.Value != nil {
		return nil, nil, false, false
	}
	return x, []string{tv.Value.ExactString()}, b.Op == token.EQL, true
}

// sameOperand reports whether x and y read the same variable and field.
func sameOperand(info *types.Info, x, y ast.Expr) bool {
	ox, px, ok := operand(info, x)
	oy, py, okY := operand(info, y)
	return ok && okY && ox == oy && px == py
}

// operand reads e as a variable or a field path below one: repo, or
// opts.Type (".Type"). Promoted fields, pointers followed through
// methods and anything else are not operands.
func operand(info *types.Info, e ast.Expr) (types.Object, string, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj, ok := info.Uses[e].(*types.Var)
		return obj, "", ok && obj != nil
	case *ast.SelectorExpr:
		sel := info.Selections[e]
		if sel == nil || sel.Kind() != types.FieldVal || len(sel.Index()) != 1 {
			return nil, "", false
		}
		obj, path, ok := operand(info, e.X)
		return obj, path + "." + e.Sel.Name, ok
	}
	return nil, "", false
}

// changes are what a function body may change behind a guard's back: the
// variables it assigns (ChangedVars), and the field paths it assigns
// below each variable (opts.Type = ..., &opts.Type).
type changes struct {
	vars   map[types.Object]bool
	fields map[types.Object][]string
}

func changesIn(info *types.Info, body ast.Node) *changes {
	c := &changes{vars: ChangedVars(info, body), fields: map[types.Object][]string{}}
	mark := func(e ast.Expr) {
		if _, ok := ast.Unparen(e).(*ast.SelectorExpr); !ok {
			return
		}
		if obj, path, ok := operand(info, e); ok {
			c.fields[obj] = append(c.fields[obj], path)
		} else if obj := rootVar(info, e); obj != nil {
			c.fields[obj] = append(c.fields[obj], "") // through something else: any field
		}
	}
	changedExprs(body, mark)
	return c
}

// changesOf is changesIn of body, read once per function: callers ask it
// at every call whose callee's statements carry guards.
func (f *Func) changesOf(body ast.Node) *changes {
	if c, ok := f.changes[body]; ok {
		return c
	}
	if f.changes == nil {
		f.changes = map[ast.Node]*changes{}
	}
	c := changesIn(f.info, body)
	f.changes[body] = c
	return c
}

// field reports whether the body changes the field path of obj, a field
// above it, or one below it.
func (c *changes) field(obj types.Object, path string) bool {
	if path == "" {
		return false // the variable itself changes only by assignment
	}
	for _, p := range c.fields[obj] {
		if p == "" || p == path || strings.HasPrefix(path, p+".") || strings.HasPrefix(p, path+".") {
			return true
		}
	}
	return false
}

// rootVar is the variable a selector chain starts from (s in s.a.b or
// s.items[0].b), or nil.
func rootVar(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj, _ := info.Uses[x].(*types.Var)
			if obj == nil {
				return nil
			}
			return obj
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// lengthTest reads e as a test of whether a slice has elements: `len(x)
// > 0`, `len(x) != 0`, `len(x) >= 1`, `0 < len(x)` (holds true), `len(x)
// == 0`, `len(x) < 1` (holds false). It returns x.
func lengthTest(info *types.Info, e ast.Expr) (ast.Expr, bool, bool) {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return nil, false, false
	}
	lenOf := func(e ast.Expr) ast.Expr {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(c.Args) != 1 {
			return nil
		}
		if id, ok := ast.Unparen(c.Fun).(*ast.Ident); !ok || id.Name != "len" || info.Uses[id] != types.Universe.Lookup("len") {
			return nil
		}
		return ast.Unparen(c.Args[0])
	}
	intOf := func(e ast.Expr) (int64, bool) {
		tv, ok := info.Types[e]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
			return 0, false
		}
		return constant.Int64Val(tv.Value)
	}
	op, x, n := b.Op, lenOf(b.X), b.Y
	if x == nil {
		// 0 < len(x): the same test written the other way round.
		flip := map[token.Token]token.Token{token.LSS: token.GTR, token.GTR: token.LSS, token.LEQ: token.GEQ, token.GEQ: token.LEQ, token.EQL: token.EQL, token.NEQ: token.NEQ}
		op, x, n = flip[b.Op], lenOf(b.Y), b.X
	}
	v, ok := intOf(n)
	if x == nil || !ok {
		return nil, false, false
	}
	switch {
	case op == token.GTR && v == 0, op == token.NEQ && v == 0, op == token.GEQ && v == 1:
		return x, true, true
	case op == token.EQL && v == 0, op == token.LSS && v == 1, op == token.LEQ && v == 0:
		return x, false, true
	}
	return nil, false, false
}

// isSlice reports whether t is a slice type.
func isSlice(t types.Type) bool {
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

// emptySlice reports whether e is a slice known to have no elements where
// it is used: nil, an empty literal, make(T, 0), or a local variable
// whose every value reaching e is one of these (`positions :=
// []*Position{}` that nothing appends to).
func (f *Func) emptySlice(e ast.Expr) bool {
	empty := func(v ast.Expr) bool {
		switch v := ast.Unparen(v).(type) {
		case *ast.Ident:
			return v.Name == "nil" && f.info.Uses[v] == types.Universe.Lookup("nil")
		case *ast.CompositeLit:
			return len(v.Elts) == 0
		case *ast.CallExpr:
			id, ok := ast.Unparen(v.Fun).(*ast.Ident)
			if !ok || id.Name != "make" || f.info.Uses[id] != types.Universe.Lookup("make") || len(v.Args) != 2 {
				return false
			}
			tv, ok := f.info.Types[v.Args[1]]
			return ok && tv.Value != nil && tv.Value.Kind() == constant.Int && constant.Sign(tv.Value) == 0
		}
		return false
	}
	if empty(e) {
		return true
	}
	if _, ok := ast.Unparen(e).(*ast.Ident); !ok {
		return false
	}
	vals, ok := f.defs.reaching(f.info, e)
	if !ok || len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		if v == nil || !empty(v) {
			return false
		}
	}
	return true
}

// conjuncts splits e at its top-level && operators.
func conjuncts(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}

// isBool reports whether t is a boolean type.
func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// ChangedVars are the variables body assigns (other than where it
// declares them), increments, or takes the address of.
func ChangedVars(info *types.Info, body ast.Node) map[types.Object]bool {
	changed := map[types.Object]bool{}
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil {
				changed[obj] = true // an assignment to a declared variable
			}
		}
	}
	changedExprs(body, mark)
	return changed
}

// changedExprs calls mark with every expression body assigns (other than
// where it declares it), increments, takes the address of, or assigns as
// a range's key or value.
func changedExprs(body ast.Node, mark func(ast.Expr)) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(x.X)
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				mark(x.X)
			}
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				mark(x.Key)
				if x.Value != nil {
					mark(x.Value)
				}
			}
		}
		return true
	})
}

// bindGuards reads the callee's guards with the arguments of the call c:
// it reports false when what the caller passes contradicts one (the
// statement does not run from here), and returns the guards that this
// function's own parameters, passed on, now carry.
func (f *Func) bindGuards(c *Call, guards []FactGuard) ([]FactGuard, bool) {
	var pending []FactGuard
	for _, g := range guards {
		a := argExpr(c.Expr, g.Param)
		if a == nil {
			continue
		}
		v, ok := f.valueAt(a, g.Path, 0)
		if !ok {
			continue
		}
		if v.fromParam {
			if p, ok := g.passedOn(v); ok {
				pending = append(pending, p)
			}
			continue
		}
		if runs, known := g.allows(v); known && !runs {
			return nil, false
		}
	}
	return pending, true
}

// argValue is what a caller knows of the value its argument gives a
// callee's parameter, or a field below it: the constants it may be, that
// it is nil or an empty slice, or that it is the caller's own parameter
// (and field path), unchanged, perhaps negated.
type argValue struct {
	consts    []constant.Value
	empty     bool
	fromParam bool
	param     int
	path      string
	negated   bool
}

// maxValueDepth bounds how far valueAt follows variables and fields.
const maxValueDepth = 6

// valueAt is what the function knows of e (of the field path below e),
// where e is evaluated: a constant, a variable every reaching assignment
// of which gives a constant, a struct literal's field (its zero value
// when the literal leaves it out), an empty slice, or the function's own
// unchanged parameter.
func (f *Func) valueAt(e ast.Expr, path string, depth int) (argValue, bool) {
	if depth > maxValueDepth {
		return argValue{}, false
	}
	e = ast.Unparen(e)
	if path == "" {
		if tv, ok := f.info.Types[e]; ok && tv.Value != nil {
			return argValue{consts: []constant.Value{tv.Value}}, true
		}
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			v, ok := f.valueAt(u.X, "", depth+1)
			if !ok {
				return v, false
			}
			v.negated = !v.negated
			for i, c := range v.consts {
				v.consts[i] = constant.UnaryOp(token.NOT, c, 0)
			}
			return v, true
		}
		if f.emptySlice(e) {
			return argValue{empty: true}, true
		}
	}
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND && path != "" {
			return f.valueAt(x.X, path, depth+1)
		}
	case *ast.CompositeLit:
		if path != "" {
			return f.litField(x, path, depth)
		}
	case *ast.SelectorExpr:
		if sel := f.info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal && len(sel.Index()) == 1 {
			return f.valueAt(x.X, "."+x.Sel.Name+path, depth+1)
		}
	case *ast.Ident:
		if p, ok := f.unchangedParam(x, path); ok {
			return argValue{fromParam: true, param: p, path: path}, true
		}
		return f.localValue(x, path, depth)
	}
	return argValue{}, false
}

// localValue is valueAt for a local variable: what every assignment that
// reaches id gives, when the function assigns none of the path's fields.
func (f *Func) localValue(id *ast.Ident, path string, depth int) (argValue, bool) {
	obj := f.info.Uses[id]
	if obj == nil || path != "" && f.changesOf(f.defs.root).field(obj, path) {
		return argValue{}, false
	}
	vals, ok := f.defs.reaching(f.info, id)
	if !ok || len(vals) == 0 {
		return argValue{}, false
	}
	var out argValue
	for i, v := range vals {
		if v == nil {
			return argValue{}, false
		}
		r, ok := f.valueAt(v, path, depth+1)
		if !ok || r.fromParam || r.negated || i > 0 && r.empty != out.empty {
			return argValue{}, false
		}
		out.empty = r.empty
		out.consts = append(out.consts, r.consts...)
	}
	return out, true
}

// litField is valueAt for the field path of a struct literal.
func (f *Func) litField(lit *ast.CompositeLit, path string, depth int) (argValue, bool) {
	st, ok := f.info.TypeOf(lit).Underlying().(*types.Struct)
	if !ok {
		return argValue{}, false
	}
	name, rest, _ := strings.Cut(strings.TrimPrefix(path, "."), ".")
	if rest != "" {
		rest = "." + rest
	}
	index := -1
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == name {
			index = i
		}
	}
	if index < 0 {
		return argValue{}, false
	}
	for i, elt := range lit.Elts {
		kv, keyed := elt.(*ast.KeyValueExpr)
		switch {
		case keyed:
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == name {
				return f.valueAt(kv.Value, rest, depth+1)
			}
		case i == index:
			return f.valueAt(elt, rest, depth+1)
		}
	}
	if rest != "" {
		return argValue{}, false
	}
	return zeroValue(st.Field(index).Type())
}

// zeroValue is what a struct literal that leaves out a field of type t
// holds there: a constant zero, or nil.
func zeroValue(t types.Type) (argValue, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return argValue{consts: []constant.Value{constant.MakeBool(false)}}, true
		case u.Info()&types.IsString != 0:
			return argValue{consts: []constant.Value{constant.MakeString("")}}, true
		case u.Info()&types.IsNumeric != 0:
			return argValue{consts: []constant.Value{constant.MakeInt64(0)}}, true
		}
	case *types.Slice, *types.Pointer, *types.Map:
		return argValue{empty: true}, true
	}
	return argValue{}, false
}

// allows reports whether the guard lets the statement run for a value v
// that is not the caller's parameter, and whether v tells.
func (g FactGuard) allows(v argValue) (runs, known bool) {
	if g.NonEmpty {
		return !g.Value, v.empty
	}
	if len(v.consts) == 0 {
		return false, false
	}
	for _, c := range v.consts {
		switch {
		case len(g.OneOf) > 0:
			if slices.Contains(g.OneOf, c.ExactString()) == g.Value {
				return true, true
			}
		case c.Kind() == constant.Bool:
			if constant.BoolVal(c) == g.Value {
				return true, true
			}
		default:
			return false, false
		}
	}
	return false, true
}

// passedOn is g as a guard on the caller's own parameter that v names.
func (g FactGuard) passedOn(v argValue) (FactGuard, bool) {
	if v.negated && (g.NonEmpty || len(g.OneOf) > 0) {
		return FactGuard{}, false
	}
	g.Param, g.Path = v.param, v.path
	g.Value = g.Value != v.negated
	return g, true
}

// unchangedParam returns the index of the parameter (-1: the receiver) e
// names, when the function never assigns it, nor the field path below
// it: what its own callers pass is what e holds.
func (f *Func) unchangedParam(e ast.Expr, path string) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	decl, isDecl := f.Node.(*ast.FuncDecl)
	if !ok || !isDecl || decl.Body == nil {
		return 0, false
	}
	obj := f.info.Uses[id]
	p, ok := paramIndex(f.info, decl)[obj]
	if !ok {
		return 0, false
	}
	c := f.changesOf(decl.Body)
	if c.vars[obj] || c.field(obj, path) {
		return 0, false
	}
	return p, true
}

// FieldFromLiteral is the variable a struct variable's field was built
// from and still holds: v assigned once, from `&T{ID: id}` or `T{ID:
// id}`, and the field path (".ID") never assigned in the function; id
// then names the same value as v.ID everywhere in it.
func (f *Func) FieldFromLiteral(v types.Object, path string) (Ref, bool) {
	all := f.defs.assigns[v]
	if len(all) != 1 || all[0].value == nil || f.defs.escaped[v] || strings.Count(path, ".") != 1 {
		return Ref{}, false
	}
	if f.changesOf(f.defs.root).field(v, path) {
		return Ref{}, false
	}
	e := ast.Unparen(all[0].value)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return Ref{}, false
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && "."+k.Name == path {
				if r := refOf(f.info, kv.Value); r.Valid() && !ChangedVars(f.info, f.defs.root)[r.Root] {
					return r, true
				}
			}
		}
	}
	return Ref{}, false
}
