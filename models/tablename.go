package models

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// TableName returns the table GORM uses for the named type obj: what its
// TableName method returns when that is a constant, or the name naming
// gives the type. known is false when the type has a TableName method
// whose result cannot be read here (computed, or declared in another
// package, whose facts may tell).
func TableName(obj *types.TypeName, src Source, naming Naming) (name string, known bool) {
	if fn := tableNameMethod(obj); fn != nil {
		decl := src.FuncDecl(fn)
		if decl == nil || decl.Body == nil {
			return "", false
		}
		if s, ok := constantReturn(src.Info, decl.Body); ok {
			return s, true
		}
		return "", false
	}
	name = naming.Table(obj.Name())
	return name, name != ""
}

// HasTableNameMethod reports whether GORM would ask the type for its
// table name.
func HasTableNameMethod(obj *types.TypeName) bool { return tableNameMethod(obj) != nil }

// tableNameMethod finds a TableName method GORM calls: TableName() string
// (v1 and v2), TableName(*gorm.DB) string (v1), TableName(schema.Namer)
// string (v2), on the type or its pointer.
func tableNameMethod(obj *types.TypeName) *types.Func {
	if obj == nil {
		return nil
	}
	m, _, _ := types.LookupFieldOrMethod(types.NewPointer(obj.Type()), false, obj.Pkg(), "TableName")
	fn, ok := m.(*types.Func)
	if !ok {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() > 1 || sig.Results().Len() != 1 {
		return nil
	}
	if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.String {
		return nil
	}
	return fn
}

// constantReturn reads a body that returns one constant string on every
// path: `return "accounts"`, possibly behind constants.
func constantReturn(info *types.Info, body *ast.BlockStmt) (string, bool) {
	var out string
	found, ok := false, true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				ok = false
				return false
			}
			tv := info.Types[n.Results[0]]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				ok = false
				return false
			}
			s := constant.StringVal(tv.Value)
			if found && s != out {
				ok = false
			}
			out, found = s, true
		}
		return true
	})
	return out, ok && found
}
