package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

const maxTextDepth = 8

// textOf recovers the SQL text of e: constants (from any file or package),
// concatenations, fmt.Sprintf with a constant format (and the arguments
// whose text is known), local variables (the assignment that reaches the
// use), package-level variables the package never changes, fields that
// only ever hold one text, elements of maps of fragments with a constant
// key, and the results of functions and methods whose fact says what text
// they return (also as a field of a returned query object). Text inserted
// at run time becomes sqltext.Hole. It reports false when nothing of the
// text is known.
func textOf(info *types.Info, d defs, e ast.Expr) (string, bool) {
	s, ok := textOfDepth(info, d, e, 0)
	if !ok || strings.TrimSpace(strings.ReplaceAll(s, sqltext.Hole, "")) == "" {
		return "", false
	}
	return s, true
}

func textOfDepth(info *types.Info, d defs, e ast.Expr, depth int) (string, bool) {
	if depth > maxTextDepth || e == nil {
		return "", false
	}
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value), true
		}
		return "", false
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		l, lok := textOfDepth(info, d, e.X, depth+1)
		r, rok := textOfDepth(info, d, e.Y, depth+1)
		if !lok && !rok {
			return "", false
		}
		if !lok {
			l = sqltext.Hole
		}
		if !rok {
			r = sqltext.Hole
		}
		return l + r, true
	case *ast.Ident:
		vals, ok := d.reaching(info, e)
		if !ok {
			return "", false
		}
		// Several assignments may reach the use: the text is known when
		// they all agree.
		var text string
		for i, v := range vals {
			t, ok := textOfDepth(info, d, v, depth+1)
			if !ok || i > 0 && t != text {
				return "", false
			}
			text = t
		}
		return text, true
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok && sel.Kind() == types.FieldVal {
			return fieldTextOf(info, d, e, depth)
		}
	case *ast.IndexExpr:
		return elementText(info, d, e, depth)
	case *ast.CallExpr:
		if isFunc(info, e, "fmt", "Sprintf") && len(e.Args) > 0 {
			format, ok := textOfDepth(info, d, e.Args[0], depth+1)
			if !ok {
				return "", false
			}
			args := make([]func() (string, bool), len(e.Args)-1)
			for i, a := range e.Args[1:] {
				args[i] = func() (string, bool) {
					if v := info.Types[a].Value; v != nil && v.Kind() == constant.Int {
						return v.ExactString(), true
					}
					return textOfDepth(info, d, a, depth+1)
				}
			}
			return fillFormat(format, args), true
		}
		if fact := d.fact(info, e); fact != nil && fact.Returns != "" {
			return fact.Returns, true
		}
	}
	return "", false
}

// fact is the fact of the function or method call calls statically, when
// facts are known.
func (d defs) fact(info *types.Info, call *ast.CallExpr) *FuncFact {
	if d.pkg == nil || d.pkg.lookup == nil {
		return nil
	}
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok {
		return nil
	}
	return d.pkg.lookup(fn)
}

// fieldTextOf recovers the text of x.f: from the struct literal x holds,
// from the fact of the call that returned x (a query object), or from
// what the package ever stores in f.
func fieldTextOf(info *types.Info, d defs, e *ast.SelectorExpr, depth int) (string, bool) {
	field, _ := info.ObjectOf(e.Sel).(*types.Var)
	if field == nil {
		return "", false
	}
	x := ast.Unparen(e.X)
	if v := d.value(info, x); v != nil {
		x = ast.Unparen(v)
	}
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	switch x := x.(type) {
	case *ast.CompositeLit:
		if v := literalField(info, x, field); v != nil {
			return textOfDepth(info, d, v, depth+1)
		}
		return "", false
	case *ast.CallExpr:
		if fact := d.fact(info, x); fact != nil {
			for _, ft := range fact.ReturnFields {
				if ft.Path == "."+field.Name() {
					return ft.Text, true
				}
			}
		}
	}
	return d.pkg.fieldText(field)
}

// literalField is the value a struct literal gives field, or nil.
func literalField(info *types.Info, lit *ast.CompositeLit, field *types.Var) ast.Expr {
	t := info.TypeOf(lit)
	if t == nil {
		return nil
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && info.ObjectOf(id) == field {
				return kv.Value
			}
			continue
		}
		if i < st.NumFields() && st.Field(i) == field {
			return elt
		}
	}
	return nil
}

// elementText recovers m[k] for a map literal of fragments that the
// package (or function) never changes, indexed by a constant key.
func elementText(info *types.Info, d defs, e *ast.IndexExpr, depth int) (string, bool) {
	key := info.Types[e.Index].Value
	if key == nil {
		return "", false
	}
	m := d.value(info, e.X)
	lit, ok := ast.Unparen(m).(*ast.CompositeLit)
	if !ok {
		return "", false
	}
	if _, isMap := info.TypeOf(lit).Underlying().(*types.Map); !isMap {
		return "", false
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if k := info.Types[kv.Key].Value; k != nil && constant.Compare(k, token.EQL, key) {
			return textOfDepth(info, d, kv.Value, depth+1)
		}
	}
	return "", false
}

// fillFormat renders a constant Sprintf format: a %s or %v verb whose
// argument's text is known takes that text, a %d whose argument is a
// constant takes its value, and every other verb becomes sqltext.Hole:
// the text it inserts is not known until run time.
func fillFormat(format string, args []func() (string, bool)) string {
	var b strings.Builder
	next := 0 // the argument the next verb consumes
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		// Skip flags, width, precision and argument index up to the verb letter.
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[j]) >= 0 {
			j++
		}
		if strings.ContainsAny(format[i+1:j], "*[") {
			next = -1 // arguments no longer match verbs in order
		}
		text, known := "", false
		if next >= 0 && next < len(args) && j < len(format) && j == i+1 {
			switch format[j] {
			case 's', 'v', 'd':
				text, known = args[next]()
			}
		}
		if next >= 0 {
			next++
		}
		if known {
			b.WriteString(text)
		} else {
			b.WriteString(sqltext.Hole)
		}
		i = j // the verb letter itself
	}
	return b.String()
}

// isFunc reports whether call calls the package-level function pkg.name.
func isFunc(info *types.Info, call *ast.CallExpr, pkg, name string) bool {
	fn, ok := calleeFunc(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Name() == name &&
		fn.Type().(*types.Signature).Recv() == nil
}
