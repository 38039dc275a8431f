package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// Flow is where the values one statement reads can go inside the function
// that reads them: a taint set of variables and field paths, seeded by the
// statement's scan destinations and closed under assignment.
//
// It is flow-insensitive (an assignment anywhere in the body counts, before
// or after), except that an assignment that runs only before the read
// (earlier in the body, in no loop around the read) cannot carry what the
// read returns: `saved := *u` before `db.First(u)` keeps the caller's
// values. It stays inside one function body: values passed to or
// returned from other functions are not followed, except that a call's
// result is derived from its arguments. Rules use it to ask "is the value
// bound to this placeholder derived from that read?", which needs no more
// precision than this, and it costs one walk of the body per read instead
// of building SSA for every function of every package.
type Flow struct {
	f       *Func
	tainted map[types.Object][]string // root -> field paths ("" for the whole variable)
	read    token.Pos                 // where the read is called
}

// Flow returns where the values src reads (its Dest) can go in f. It is
// nil when src has no scan destination.
func (f *Func) Flow(src *Site) *Flow {
	if len(src.Dest) == 0 || f.Body() == nil {
		return nil
	}
	fl := &Flow{f: f, tainted: map[types.Object][]string{}, read: src.Call.Pos()}
	for _, d := range src.Dest {
		if r := lhsRef(f.info, d); r.Valid() {
			fl.add(r)
		}
	}
	if len(fl.tainted) == 0 {
		return nil
	}
	edges := collectEdges(f.info, f.Body())
	edges = afterRead(f.Body(), edges, src.Call.Pos())
	for changed := true; changed; {
		changed = false
		for _, e := range edges {
			if e.to.Valid() && !fl.has(e.to) && fl.mentions(e.from) {
				fl.add(e.to)
				changed = true
			}
			// p := &x aliases x: a scan into p fills x.
			if e.alias.Valid() && !fl.has(e.alias) && fl.has(e.to) {
				fl.add(e.alias)
				changed = true
			}
		}
	}
	return fl
}

// Reaches reports whether placeholder param of dst may be bound to a value
// derived from what the flow's statement read.
func (fl *Flow) Reaches(dst *Site, param int) bool {
	if fl == nil {
		return false
	}
	e, path := dst.ParamArg(fl.f.info, param)
	if e == nil || len(afterRead(fl.f.Body(), []edge{{at: e.End()}}, fl.read)) == 0 {
		return false // evaluated before the read (a map built first)
	}
	if path != "" {
		if r := refOf(fl.f.info, e); r.Valid() {
			r.Path += path
			return fl.hasOverlap(r)
		}
	}
	return fl.mentions(e)
}

// ReachesRow reports whether dst writes, as a whole, a Go value derived
// from what the flow's statement read: GORM's Save(&acc) after First(&acc).
func (fl *Flow) ReachesRow(dst *Site) bool {
	if fl == nil {
		return false
	}
	e := dst.RowValue()
	return e != nil && fl.mentions(e)
}

// RowValue is the Go value a statement writes as a whole when its SQL
// cannot list the columns: the struct of GORM's Save, Updates and
// UpdateColumns (a map or struct literal's columns are listed in the SQL
// instead). It is nil for every other statement.
func (s *Site) RowValue() ast.Expr {
	if s.Framework != GORM && s.Framework != GORMv1 || s.SQL == nil || s.SQL.Kind != sqltext.KindUpdate {
		return nil
	}
	switch s.Method {
	case "Save", "Updates", "UpdateColumns":
	default:
		return nil
	}
	opaque := false
	for _, a := range s.SQL.Set {
		opaque = opaque || a.Column == ""
	}
	if !opaque || len(s.Call.Args) == 0 {
		return nil
	}
	return s.Call.Args[len(s.Call.Args)-1] // gorm.G[T]'s Updates(ctx, v) has the context first
}

// ParamArg returns the Go expression bound to placeholder param of s, and
// for a named placeholder bound from a struct (sqlx NamedExec(q, acc)) the
// field path within it (".Balance"). It returns nil when the binding is
// unknown.
func (s *Site) ParamArg(info *types.Info, param int) (ast.Expr, string) {
	if param < 0 || len(s.Args) == 0 {
		return nil, ""
	}
	if s.SQL != nil && param < len(s.SQL.ParamNames) && s.SQL.ParamNames[param] != "" && len(s.Args) == 1 {
		return namedArg(info, s.Args[0], s.SQL.ParamNames[param])
	}
	if s.Call.Ellipsis.IsValid() {
		// db.Exec(q, args...): the slice holds every value, but the
		// leading elements of a literal, `[]any{a, b}...` or
		// `append([]any{a, b}, rest...)...`, are bound one by one.
		last := s.Args[len(s.Args)-1]
		if lit := leadingLiteral(info, last); lit != nil && param < len(lit.Elts) {
			if _, kv := lit.Elts[param].(*ast.KeyValueExpr); !kv {
				return lit.Elts[param], ""
			}
		}
		return last, ""
	}
	if param >= len(s.Args) {
		return nil, ""
	}
	return s.Args[param], ""
}

// leadingLiteral returns the slice literal whose elements come first in
// a spread argument: the literal itself, or append's first argument.
func leadingLiteral(info *types.Info, e ast.Expr) *ast.CompositeLit {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) > 0 {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "append" {
				e = call.Args[0]
			}
		}
	}
	lit, _ := ast.Unparen(e).(*ast.CompositeLit)
	return lit
}

// namedArg finds the value of :name in a sqlx named-query argument: a
// struct field tagged `db:"name"` (or named so, case-insensitively), or a
// map literal's "name" key. Otherwise the whole argument stands for it.
func namedArg(info *types.Info, arg ast.Expr, name string) (ast.Expr, string) {
	if lit, ok := ast.Unparen(arg).(*ast.CompositeLit); ok {
		if _, isMap := info.TypeOf(lit).Underlying().(*types.Map); isMap {
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if tv := info.Types[kv.Key]; tv.Value != nil && tv.Value.Kind() == constant.String &&
					strings.EqualFold(constant.StringVal(tv.Value), name) {
					return kv.Value, ""
				}
			}
			return arg, ""
		}
	}
	t := info.TypeOf(arg)
	if t == nil {
		return arg, ""
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return arg, ""
	}
	for i := 0; i < st.NumFields(); i++ {
		fld := st.Field(i)
		tag, _ := reflect.StructTag(st.Tag(i)).Lookup("db")
		if tag, _, _ = strings.Cut(tag, ","); tag == name || tag == "" && strings.EqualFold(fld.Name(), name) {
			return arg, "." + fld.Name()
		}
	}
	return arg, ""
}

func (fl *Flow) add(r Ref) {
	fl.tainted[r.Root] = append(fl.tainted[r.Root], r.Path)
}

// has reports whether r itself, or a variable or field containing it, is
// tainted.
func (fl *Flow) has(r Ref) bool {
	for _, p := range fl.tainted[r.Root] {
		if pathWithin(r.Path, p) {
			return true
		}
	}
	return false
}

// hasOverlap reports whether reading r reads something tainted: r is
// inside a tainted value, or a tainted field is inside r.
func (fl *Flow) hasOverlap(r Ref) bool {
	for _, p := range fl.tainted[r.Root] {
		if pathWithin(r.Path, p) || pathWithin(p, r.Path) {
			return true
		}
	}
	return false
}

// pathWithin reports whether field path p lies within path outer: ".a.b"
// is within ".a" and within "".
func pathWithin(p, outer string) bool {
	return p == outer || strings.HasPrefix(p, outer+".")
}

// mentions reports whether evaluating e reads a tainted value. Function
// literals inside e are not entered: their bodies run later, if at all.
func (fl *Flow) mentions(e ast.Expr) bool {
	if e == nil {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectorExpr:
			if r := refOf(fl.f.info, n); r.Valid() {
				found = fl.hasOverlap(r)
				return false
			}
		case *ast.Ident:
			// A field name reached here belongs to a selection on a call
			// result (f().x), which refOf cannot root in a variable.
			if v, ok := fl.f.info.ObjectOf(n).(*types.Var); ok && !v.IsField() {
				found = fl.hasOverlap(Ref{Root: v})
			}
		}
		return true
	})
	return found
}

// edge is one assignment: the value of from goes to to. When from is &x
// (or x is a pointer), alias is x: what is written through to is written
// to x.
type edge struct {
	to    Ref
	from  ast.Expr
	alias Ref
	at    token.Pos // where the assignment ends
	// self is set for x op= y: the new value of to derives from its old
	// value too.
	self bool
}

// afterRead drops the edges that run only before the read at pos: those
// that end before it and share no loop with it.
func afterRead(body ast.Node, edges []edge, pos token.Pos) []edge {
	var loops []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == body
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() <= pos && pos < n.End() {
				loops = append(loops, n)
			}
		}
		return true
	})
	out := edges[:0:0]
	for _, e := range edges {
		keep := !e.at.IsValid() || e.at >= pos
		for _, l := range loops {
			keep = keep || l.Pos() <= e.at && e.at < l.End()
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

// collectEdges lists the assignments of body: =, :=, op=, var
// declarations, range clauses and sends are all "value moves to variable".
// Function literals are not entered: each is a function of its own.
func collectEdges(info *types.Info, body ast.Node) []edge {
	var out []edge
	add := func(lhs, rhs ast.Expr) {
		to := lhsRef(info, lhs)
		if !to.Valid() || rhs == nil {
			return
		}
		e := edge{to: to, from: rhs, at: rhs.End()}
		if u, ok := ast.Unparen(rhs).(*ast.UnaryExpr); ok && u.Op == token.AND {
			e.alias = lhsRef(info, u.X)
		} else if t := info.TypeOf(rhs); t != nil {
			if _, ptr := t.Underlying().(*types.Pointer); ptr {
				e.alias = refOf(info, rhs)
			}
		}
		out = append(out, e)
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == body
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				switch {
				case len(n.Lhs) == len(n.Rhs):
					add(lhs, n.Rhs[i])
					if n.Tok != token.ASSIGN && n.Tok != token.DEFINE && len(out) > 0 && out[len(out)-1].from == n.Rhs[i] {
						out[len(out)-1].self = true
					}
				case len(n.Rhs) == 1:
					add(lhs, n.Rhs[0]) // v, ok := f(x): every result may derive from x
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					add(id, n.Values[i])
				case len(n.Values) == 1:
					add(id, n.Values[0])
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				add(n.Key, n.X)
			}
			if n.Value != nil {
				add(n.Value, n.X)
			}
		case *ast.CallExpr:
			// append(dst, x...) and copy(dst, src) write their arguments
			// into dst even when the result is discarded.
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) >= 2 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "copy" {
					add(n.Args[0], n.Args[1])
				}
			}
		}
		return true
	})
	return out
}

// lhsRef is the variable (and field path) an assignment to e changes: an
// element stored into a slice or map taints the whole container, and a
// scan into &x fills x.
func lhsRef(info *types.Info, e ast.Expr) Ref {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return Ref{}
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return refOf(info, e)
		}
	}
}
