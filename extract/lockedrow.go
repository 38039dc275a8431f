package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// KeyFromLockedRow reports whether placeholder pb of b is bound to the
// field of column col of the row a locking read a scanned into a struct
// (or of a whole copy of that struct): SELECT ... WHERE k = ? FOR UPDATE
// into existing, then `updated := existing`, then an UPDATE by
// updated.K. The field must carry column col (its db tag, or its name),
// the read must return that column (listed, *, or a list the code builds
// at run time, whose columns are the struct's), and neither the struct
// nor the copy may change that field between the read and b. The value is
// then the locked row's own key: a statement by it touches that row.
func (f *Func) KeyFromLockedRow(a *Site, b *Site, pb int, col string) bool {
	if f.defs.root == nil || a.SQL == nil || a.SQL.Kind != sqltext.KindSelect || !returnsColumn(a.SQL.Columns, a.Text, col) {
		return false
	}
	holder := f.scannedInto(a)
	if holder == nil {
		return false
	}
	hr := lhsRef(f.info, holder)
	if !hr.Valid() || hr.Path != "" {
		return false
	}
	e, path := b.ParamArg(f.info, pb)
	if e == nil {
		return false
	}
	r := refOf(f.info, e)
	if !r.Valid() {
		return false
	}
	r.Path += path
	i := strings.LastIndexByte(r.Path, '.')
	if i < 0 || strings.Count(r.Path, ".") != 1 {
		return false // a field of the value itself, no deeper
	}
	field := r.Path[i+1:]
	if !fieldHasColumn(f.info.TypeOf(holder), field, col) {
		return false
	}
	fr := Ref{Root: hr.Root, Path: "." + field}
	if r.Root == hr.Root {
		return f.litAround(a, b) && !f.writtenBetween(fr, a.Call.End(), b.Call.Pos())
	}
	// A whole copy of the struct, made after the read and before b.
	v, ok := r.Root.(*types.Var)
	if !ok || !f.litAround(a, b) {
		return false
	}
	var copyAt *assignment
	for _, as := range f.defs.assigns[v] {
		if as.pos > a.Call.End() && as.end < b.Call.Pos() {
			if copyAt != nil || as.value == nil || refOf(f.info, as.value) != (Ref{Root: hr.Root}) || len(as.loops) > 0 {
				return false
			}
			copyAt = as
		} else if mayRunBetween(as.pos, as.loops, a.Call.End(), b.Call.Pos()) || f.defs.litAround(as.pos) != f.defs.litAround(b.Call.Pos()) {
			return false
		}
	}
	if copyAt == nil || f.defs.litAround(copyAt.pos) != f.defs.litAround(b.Call.Pos()) {
		return false
	}
	return !f.writtenBetween(fr, a.Call.End(), copyAt.pos) && !f.writtenBetween(Ref{Root: v, Path: "." + field}, copyAt.end, b.Call.Pos())
}

// litAround reports whether a and b run in the same function literal.
func (f *Func) litAround(a, b *Site) bool {
	return f.defs.litAround(a.Call.Pos()) == f.defs.litAround(b.Call.Pos())
}

// returnsColumn reports whether a SELECT's result columns include col: by
// name, by *, or through a list the code builds at run time (a hole in
// the select list, whose columns are the struct's).
func returnsColumn(cols []string, text, col string) bool {
	for _, c := range cols {
		if c == col || c == "*" {
			return true
		}
	}
	list, _, ok := strings.Cut(strings.ToUpper(strings.Join(strings.Fields(text), " ")), " FROM ")
	return ok && strings.Contains(list, strings.ToUpper(sqltext.Hole))
}

// scannedInto is the struct a read fills with its one row: its own
// destination, or, for a statement a callee runs on SQL this function
// passes it, the pointer argument right before that SQL, of an interface
// parameter (SelectOne(ctx, &x, query, args...), Get(&x, query, args...)):
// a helper that takes a destination and a query fills the one from the
// other.
func (f *Func) scannedInto(a *Site) ast.Expr {
	if len(a.Dest) == 1 {
		return a.Dest[0]
	}
	if a.Via == nil || !a.TextFromCaller || a.TextExpr == nil {
		return nil
	}
	call := a.Call
	for i, arg := range call.Args {
		if arg != a.TextExpr || i == 0 {
			continue
		}
		prev := call.Args[i-1]
		sig, _ := a.Via.Fn.Type().(*types.Signature)
		if sig == nil || i-1 >= sig.Params().Len() || !types.IsInterface(sig.Params().At(i-1).Type()) {
			return nil
		}
		if u, ok := ast.Unparen(prev).(*ast.UnaryExpr); !ok || u.Op != token.AND {
			return nil
		}
		if _, ok := typeOrNil(f.info.TypeOf(prev)).Underlying().(*types.Pointer); !ok {
			return nil
		}
		return prev
	}
	return nil
}

// fieldHasColumn reports whether field of struct type t (or *t) carries
// column col: its db tag, or, untagged, its name.
func fieldHasColumn(t types.Type, field, col string) bool {
	if p, ok := typeOrNil(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := typeOrNil(t).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() != field {
			continue
		}
		tag, _ := reflect.StructTag(st.Tag(i)).Lookup("db")
		tag, _, _ = strings.Cut(tag, ",")
		if tag == "" {
			return strings.EqualFold(field, col)
		}
		return strings.EqualFold(tag, col)
	}
	return false
}
