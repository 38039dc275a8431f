package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// defs records, for one function, the values assigned to each local
// variable, so that `q := "SELECT ..."; db.Query(q)` and
// `stmt, _ := tx.Prepare(q); stmt.Exec()` can be followed. A variable
// assigned more than once has no single value and is not followed.
type defs map[types.Object][]ast.Expr

func collectDefs(info *types.Info, body ast.Node) defs {
	d := defs{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				obj := info.ObjectOf(id)
				if obj == nil {
					continue
				}
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				} else if len(n.Rhs) == 1 && i == 0 {
					rhs = n.Rhs[0] // v, err := f(): v is the call's first result
				}
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					rhs = nil // x += "...": not a single value
				}
				d[obj] = append(d[obj], rhs)
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				obj := info.ObjectOf(id)
				if obj == nil {
					continue
				}
				var rhs ast.Expr
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				} else if len(n.Values) == 1 && i == 0 {
					rhs = n.Values[0]
				}
				d[obj] = append(d[obj], rhs)
			}
		case *ast.UnaryExpr:
			// &x lets anything change x.
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						d[obj] = append(d[obj], nil, nil)
					}
				}
			}
		}
		return true
	})
	return d
}

// value returns the single expression assigned to the variable id names,
// or nil.
func (d defs) value(info *types.Info, e ast.Expr) ast.Expr {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	obj, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return nil
	}
	vals := d[obj]
	if len(vals) != 1 {
		return nil
	}
	return vals[0]
}

const maxTextDepth = 8

// textOf recovers the SQL text of e: constants (from any file or package),
// concatenations, fmt.Sprintf with a constant format, and local variables
// assigned once. Text inserted at run time becomes sqltext.Hole. It
// reports false when nothing of the text is known.
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
		if v := d.value(info, e); v != nil {
			return textOfDepth(info, d, v, depth+1)
		}
	case *ast.CallExpr:
		if isFunc(info, e, "fmt", "Sprintf") && len(e.Args) > 0 {
			format, ok := textOfDepth(info, d, e.Args[0], depth+1)
			if !ok {
				return "", false
			}
			return fillFormat(format), true
		}
	}
	return "", false
}

// fillFormat replaces each fmt verb of a constant Sprintf format with
// sqltext.Hole: the text it inserts is not known until run time.
func fillFormat(format string) string {
	var b strings.Builder
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
		b.WriteString(sqltext.Hole)
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
