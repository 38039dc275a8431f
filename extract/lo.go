package extract

import (
	"go/ast"
	"go/token"
	"go/types"
)

// github.com/samber/lo's generic helpers build slices out of function
// literals: lo.Map(ids, func(id int, _ int) predicate.User { return
// user.ID(id) }) is a slice whose every element is the literal's return
// value, evaluated with its first parameter bound to one element of ids.
// A range over such a slice (or over a variable appended from it) gives
// that element: the predicate or builder a statement then runs with is
// the literal's return expression, and what the literal's parameter
// stands for varies with the range variable.
//
// lo.Keys, lo.Values, lo.MapToSlice and lo.Entries return what a Go map
// holds in its iteration order, which is random on every run, as a range
// over the map itself would (see loopOf).

const pkgLo = "github.com/samber/lo"

// loFunc returns the name of the lo function call calls, "" when it calls
// something else.
func loFunc(info *types.Info, call *ast.CallExpr) string {
	fn, _ := calleeFunc(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgLo {
		return ""
	}
	return fn.Name()
}

// loMapOrder reports whether e is a call of a lo function that returns a
// map's keys, values or entries in the map's iteration order.
func loMapOrder(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	switch loFunc(info, call) {
	case "Keys", "Values", "UniqKeys", "UniqValues", "MapToSlice", "Entries", "ToPairs":
		return true
	}
	return false
}

// sliceElem describes every element of a slice: the expression each is,
// where the parameters in params stand for one element of the slice given
// as their value (the lo.Map literal's first parameter and its input).
type sliceElem struct {
	expr   ast.Expr
	params map[types.Object]ast.Expr
	// lits are the function literals whose return values the elements
	// are: their other variables hold no value a caller can name.
	lits []*ast.FuncLit
}

// elemOf finds what every element of the slice e is: the return value of
// the function literal given to lo.Map or lo.FilterMap, an element of the
// input of lo.Filter, lo.Reject, lo.Uniq or lo.Compact, what a function of
// the package returns as result index (when every return gives the same
// elements), or what a local variable holds, when every assignment to it
// is an empty slice, one of those, or an append of them (one source of
// elements only). ok is false when the elements are not known.
func (p *Package) elemOf(info *types.Info, e ast.Expr, index, depth int) (sliceElem, bool) {
	if p == nil || depth > maxChain {
		return sliceElem{}, false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		switch loFunc(info, x) {
		case "Map", "FilterMap":
			if index != 0 || len(x.Args) != 2 {
				return sliceElem{}, false
			}
			lit, ok := ast.Unparen(x.Args[1]).(*ast.FuncLit)
			if !ok {
				return sliceElem{}, false
			}
			ret := litReturn(info, lit, loFunc(info, x) == "FilterMap")
			if ret == nil {
				return sliceElem{}, false
			}
			el := sliceElem{expr: ret, params: map[types.Object]ast.Expr{}, lits: []*ast.FuncLit{lit}}
			if ps := lit.Type.Params; ps != nil && len(ps.List) > 0 && len(ps.List[0].Names) > 0 {
				if obj := info.Defs[ps.List[0].Names[0]]; obj != nil {
					el.params[obj] = x.Args[0]
				}
			}
			return el, true
		case "Filter", "Reject", "Uniq", "Compact":
			if index != 0 || len(x.Args) == 0 {
				return sliceElem{}, false
			}
			return p.elemOf(info, x.Args[0], 0, depth+1)
		case "":
		default:
			return sliceElem{}, false
		}
		fn, _ := calleeFunc(info, x).(*types.Func)
		if fn == nil || fn.Pkg() != p.types {
			return sliceElem{}, false
		}
		decl := p.funcDecl(fn)
		if decl == nil || decl.Body == nil {
			return sliceElem{}, false
		}
		var out sliceElem
		found := false
		ok := eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
			if index >= len(n.Results) {
				return false // a bare return of named results
			}
			if emptyCollection(info, n.Results[index]) {
				return true // return nil, err: no elements
			}
			el, known := p.elemOf(info, n.Results[index], 0, depth+1)
			if !known || found && el.expr != out.expr {
				return false
			}
			out, found = el, true
			return true
		})
		return out, ok && found
	case *ast.Ident:
		v, isVar := info.Uses[x].(*types.Var)
		if !isVar || index != 0 {
			return sliceElem{}, false
		}
		return p.varElems(info, v, depth)
	}
	return sliceElem{}, false
}

// varElems is elemOf for a local variable: every assignment to it in its
// function must be an empty slice, a slice whose elements are known, or
// an append to it of such a slice's elements; all of one source.
func (p *Package) varElems(info *types.Info, v *types.Var, depth int) (sliceElem, bool) {
	decl := p.enclosingDecl(v.Pos())
	if decl == nil || decl.Body == nil {
		return sliceElem{}, false
	}
	var out sliceElem
	found, ok := false, true
	add := func(e ast.Expr, index int) {
		if emptyCollection(info, e) {
			return
		}
		if call, isCall := ast.Unparen(e).(*ast.CallExpr); isCall && index == 0 {
			if isBuiltin(info, call.Fun, "append") {
				if len(call.Args) != 2 || !call.Ellipsis.IsValid() || info.Uses[identOf(call.Args[0])] != v {
					ok = false
					return
				}
				e = call.Args[1]
			}
		}
		el, known := p.elemOf(info, e, index, depth+1)
		if !known || found && el.expr != out.expr {
			ok = false
			return
		}
		out, found = el, true
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if lhsIs(info, l, v) {
					switch {
					case len(n.Lhs) == len(n.Rhs):
						add(n.Rhs[i], 0)
					case len(n.Rhs) == 1:
						add(n.Rhs[0], i)
					default:
						ok = false
					}
				} else if ix, isIx := ast.Unparen(l).(*ast.IndexExpr); isIx && info.Uses[identOf(ix.X)] == v {
					ok = false // v[i] = x puts another element in
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] != v {
					continue
				}
				switch {
				case len(n.Values) == 0:
				case len(n.Values) == len(n.Names):
					add(n.Values[i], 0)
				case len(n.Values) == 1:
					add(n.Values[0], i)
				}
			}
		case *ast.RangeStmt:
			if lhsIs(info, n.Key, v) || lhsIs(info, n.Value, v) {
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && info.Uses[identOf(n.X)] == v {
				ok = false
			}
		}
		return true
	})
	return out, ok && found
}

// lhsIs reports whether e, on the left of an assignment, is v.
func lhsIs(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && e != nil && info.ObjectOf(id) == v
}

// identOf is e when it is an identifier, nil otherwise.
func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// litReturn is the value every element lit makes is: the first result of
// its one return statement (for lo.FilterMap, of its one return whose
// second result is not the constant false). nil when there is no such
// single return.
func litReturn(info *types.Info, lit *ast.FuncLit, filter bool) ast.Expr {
	var out ast.Expr
	n := 0
	if !eachReturn(lit.Body, func(r *ast.ReturnStmt) bool {
		if len(r.Results) == 0 || filter && len(r.Results) != 2 {
			return false
		}
		if filter {
			if tv, ok := info.Types[r.Results[1]]; ok && tv.Value != nil && tv.Value.String() == "false" {
				return true // the element is dropped
			}
		}
		out = r.Results[0]
		n++
		return n == 1
	}) || n != 1 {
		return nil
	}
	return out
}

// enclosingDecl is the function declaration of the package whose body
// holds pos.
func (p *Package) enclosingDecl(pos token.Pos) *ast.FuncDecl {
	for _, f := range p.files {
		if pos < f.Pos() || pos >= f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Body.Pos() <= pos && pos < fd.Body.End() {
				return fd
			}
		}
	}
	return nil
}

// rangeOver returns the expression ranged over by the range statement of
// the package whose value variable is v, when it is a slice or an array.
func (p *Package) rangeOver(info *types.Info, v *types.Var) ast.Expr {
	decl := p.enclosingDecl(v.Pos())
	if decl == nil {
		return nil
	}
	var out ast.Expr
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || out != nil {
			return out == nil
		}
		if id := identOf(rs.Value); id != nil && info.Defs[id] == v && rs.Tok == token.DEFINE {
			if t := info.TypeOf(rs.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Slice, *types.Array:
					out = rs.X
				}
			}
		}
		return out == nil
	})
	return out
}

// elemBinding is what a statement built from a slice's element knows of
// it: the range variable that holds the element at the statement
// (standIn), and the function literals' parameters that stand for part
// of it, each with the slice it ranges over.
type elemBinding struct {
	standIn *ast.Ident
	params  map[types.Object]ast.Expr
	lits    []*ast.FuncLit
}

func (b *elemBinding) merge(el sliceElem) {
	if b.params == nil {
		b.params = map[types.Object]ast.Expr{}
	}
	for k, v := range el.params {
		b.params[k] = v
	}
	b.lits = append(b.lits, el.lits...)
}

// rangeElem is the element a range variable v of the call's function
// holds (id is its use), when it ranges over a slice whose elements are
// known; v becomes the stand-in for what the elements' literals take.
func (b *elemBinding) rangeElem(c *call, id *ast.Ident, v *types.Var) (sliceElem, bool) {
	p := c.out.defs.pkg
	body := c.out.Body()
	if b.standIn != nil || p == nil || body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return sliceElem{}, false
	}
	x := p.rangeOver(c.info, v)
	if x == nil {
		return sliceElem{}, false
	}
	el, ok := p.elemOf(c.info, x, 0, 0)
	if !ok {

		return sliceElem{}, false
	}
	b.standIn = id
	b.merge(el)
	return el, true
}

// paramElem is the element a literal's parameter v stands for: one of the
// slice the helper maps.
func (b *elemBinding) paramElem(c *call, v *types.Var) (sliceElem, bool) {
	in, ok := b.params[v]
	p := c.out.defs.pkg
	if !ok || p == nil || b.standIn == nil {
		return sliceElem{}, false
	}
	el, ok := p.elemOf(c.info, in, 0, 0)
	if !ok {
		return sliceElem{}, false
	}
	b.merge(el)
	return el, true
}

// bind rewrites the arguments of a predicate read from an element: a
// value taken from a literal's parameter (item, item.ID) becomes the
// stand-in, which holds a different element on each turn; a constant, a
// package variable, or a variable of the statement's own function that
// no literal declares keeps its place. Anything else (a variable of the
// function that made the slice) is unknown.
func (b *elemBinding) bind(c *call, args []ast.Expr) ([]ast.Expr, bool) {
	out := make([]ast.Expr, len(args))
	site := c.out.defs.pkg.declAt(c.expr.Pos())
	for i, a := range args {
		if tv, ok := c.info.Types[a]; ok && tv.Value != nil {
			out[i] = a
			continue
		}
		r := refOf(c.info, a)
		if !r.Valid() {
			return nil, false
		}
		if _, ok := b.params[r.Root]; ok {
			out[i] = b.standIn
			continue
		}
		if r.Root.Pkg() != nil && r.Root.Parent() == r.Root.Pkg().Scope() {
			out[i] = a
			continue
		}
		pos := r.Root.Pos()
		if site == nil || c.out.defs.pkg.declAt(pos) != site {
			return nil, false
		}
		for _, lit := range b.lits {
			if pos >= lit.Pos() && pos < lit.End() {
				return nil, false
			}
		}
		out[i] = a
	}
	return out, true
}

// declAt is the function declaration of the package that holds pos,
// its signature included.
func (p *Package) declAt(pos token.Pos) *ast.FuncDecl {
	for _, f := range p.files {
		if pos < f.Pos() || pos >= f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				return fd
			}
		}
	}
	return nil
}

// orderFixed reports whether a slice the elements were mapped from, in
// the statement's function, has an order the function fixed: it sorts
// it, or it holds the rows of an ent query with Order.
func (b *elemBinding) orderFixed(c *call) bool {
	p := c.out.defs.pkg
	decl := p.declAt(c.expr.Pos())
	if decl == nil {
		return false
	}
	lf := loopFactsOf(c.info, decl)
	for _, in := range b.params {
		id := identOf(in)
		if id == nil || p.declAt(in.Pos()) != decl {
			continue
		}
		v := c.info.Uses[id]
		if lf.sorted[v] {
			return true
		}
		for _, val := range lf.values[v] {
			if entOrdered(c.info, val) {
				return true
			}
		}
	}
	return false
}

// entOrdered reports whether e is an ent builder chain with an Order
// call: its rows come in that order.
func entOrdered(info *types.Info, e ast.Expr) bool {
	for range maxChain {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn, _ := calleeFunc(info, call).(*types.Func)
		if fn == nil {
			return false
		}
		sig, _ := fn.Type().(*types.Signature)
		if sig == nil || sig.Recv() == nil {
			return false
		}
		if r, _, _ := entRoleOf(sig.Recv().Type()); r == entNone {
			return false
		}
		if fn.Name() == "Order" {
			return true
		}
		e = receiver(call)
	}
	return false
}

// perElement reports whether the statement runs once per element of a
// slice its function built, in the slice's order, with the element's
// values: a range over it whose variable is the stand-in of its
// arguments (elemBinding).
func (s *Site) perElement() bool {
	l := s.Loop
	if l == nil || l.InCallee || l.OverMap || l.Sorted || s.elemStandIn == nil {
		return false
	}
	rs, ok := l.Node.(*ast.RangeStmt)
	if !ok || s.info == nil {
		return false
	}
	v := identOf(rs.Value)
	return v != nil && s.info.Defs[v] != nil && s.info.Uses[s.elemStandIn] == s.info.Defs[v]
}

// loopParams lists the parameters of decl (not the receiver, nor a
// context) whose values the slice a perElement statement's loop ranges
// over is made from, through the function's local variables.
func (s *Site) loopParams(info *types.Info, decl *ast.FuncDecl, params map[types.Object]int) []int {
	rs, ok := s.Loop.Node.(*ast.RangeStmt)
	if !ok {
		return nil
	}
	lf := loopFactsOf(info, decl)
	ranges := map[types.Object]ast.Expr{}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if r, ok := n.(*ast.RangeStmt); ok && r.Tok == token.DEFINE {
			for _, e := range []ast.Expr{r.Key, r.Value} {
				if id := identOf(e); id != nil && info.Defs[id] != nil {
					ranges[info.Defs[id]] = r.X
				}
			}
		}
		return true
	})
	seen := map[types.Object]bool{}
	var out []int
	var visit func(e ast.Expr)
	visit = func(e ast.Expr) {
		ast.Inspect(e, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj := info.Uses[id]
			if obj == nil || seen[obj] {
				return true
			}
			seen[obj] = true
			if k, ok := params[obj]; ok {
				if k >= 0 && !isContext(obj.Type()) {
					out = append(out, k)
				}
				return true
			}
			for _, v := range lf.values[obj] {
				visit(v)
			}
			if x, ok := ranges[obj]; ok {
				visit(x)
			}
			return true
		})
	}
	visit(rs.X)
	return out
}

// constantArgs reports whether the call passes only constants for the
// parameters ps (each argument a constant, or a slice literal of them;
// for a variadic parameter, every argument in its place), and ps is not
// empty.
func constantArgs(info *types.Info, call *ast.CallExpr, ps []int) bool {
	if len(ps) == 0 {
		return false
	}
	sig, _ := info.TypeOf(call.Fun).(*types.Signature)
	if sig == nil {
		return false
	}
	konst := func(e ast.Expr) bool {
		tv, ok := info.Types[e]
		return ok && tv.Value != nil
	}
	for _, p := range ps {
		if p >= len(call.Args) {
			if sig.Variadic() && p == sig.Params().Len()-1 && !call.Ellipsis.IsValid() {
				continue // no variadic arguments: nothing to range over
			}
			return false
		}
		args := []ast.Expr{call.Args[p]}
		if sig.Variadic() && p == sig.Params().Len()-1 && !call.Ellipsis.IsValid() {
			args = call.Args[p:]
		}
		for _, a := range args {
			if konst(a) {
				continue
			}
			lit, ok := ast.Unparen(a).(*ast.CompositeLit)
			if !ok {
				return false
			}
			for _, el := range lit.Elts {
				if !konst(el) {
					return false
				}
			}
		}
	}
	return true
}
