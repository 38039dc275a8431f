package models

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
)

const pkgGORMSchema = "gorm.io/gorm/schema"

// NamingIn returns the table naming the package shows: a GORM v2
// schema.NamingStrategy literal (TablePrefix, SingularTable), or a GORM v1
// db.SingularTable(true) call. Without either it is GORM's default naming,
// which is what a program gets unless it configures one somewhere else
// (a known limit: configuration in another package is not seen).
func NamingIn(src Source) Naming {
	var out Naming
	seen := false
	merge := func(n Naming) {
		if !seen {
			out, seen = n, true
		} else if n != out {
			out = Naming{Unknown: true}
		}
	}
	for _, f := range src.Files {
		v2, v1 := imports(f, pkgGORMSchema), imports(f, pkgGORMv1)
		if !v2 && !v1 {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if v2 && isNamed(src.Info.TypeOf(n), pkgGORMSchema, "NamingStrategy") {
					merge(strategyLiteral(src.Info, n))
				}
			case *ast.CallExpr:
				if v1 && isMethod(src.Info, n, pkgGORMv1, "SingularTable") && len(n.Args) == 1 {
					tv := src.Info.Types[n.Args[0]]
					if tv.Value == nil || tv.Value.Kind() != constant.Bool {
						merge(Naming{Unknown: true})
					} else {
						merge(Naming{Singular: constant.BoolVal(tv.Value)})
					}
				}
			case *ast.AssignStmt:
				// gorm.DefaultTableNameHandler = func(...) string {...}
				for _, lhs := range n.Lhs {
					if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && v1 {
						if v, ok := src.Info.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil &&
							v.Pkg().Path() == pkgGORMv1 && v.Name() == "DefaultTableNameHandler" {
							merge(Naming{Unknown: true})
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// strategyLiteral reads schema.NamingStrategy{TablePrefix: "t_",
// SingularTable: true}. A replacer, NoLowerCase or a non-constant value
// makes the naming unknown.
func strategyLiteral(info *types.Info, lit *ast.CompositeLit) Naming {
	var n Naming
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return Naming{Unknown: true}
		}
		key, _ := kv.Key.(*ast.Ident)
		if key == nil {
			return Naming{Unknown: true}
		}
		tv := info.Types[kv.Value]
		switch key.Name {
		case "TablePrefix":
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return Naming{Unknown: true}
			}
			n.TablePrefix = constant.StringVal(tv.Value)
		case "SingularTable":
			if tv.Value == nil || tv.Value.Kind() != constant.Bool {
				return Naming{Unknown: true}
			}
			n.Singular = constant.BoolVal(tv.Value)
		case "NoLowerCase":
			if tv.Value == nil || constant.BoolVal(tv.Value) {
				return Naming{Unknown: true}
			}
		case "NameReplacer":
			if !tv.IsNil() {
				return Naming{Unknown: true}
			}
		case "IdentifierMaxLength":
			// names of indexes only
		default:
			return Naming{Unknown: true}
		}
	}
	return n
}

func imports(f *ast.File, path string) bool {
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == path {
			return true
		}
	}
	return false
}

func isNamed(t types.Type, pkg, name string) bool {
	t = deref(t)
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// isMethod reports whether call calls method name of a type in pkg.
func isMethod(info *types.Info, call *ast.CallExpr, pkg, name string) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Name() == name &&
		fn.Type().(*types.Signature).Recv() != nil
}
