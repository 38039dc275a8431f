package extract

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// Pinned holds the pools of a package that are limited to one open
// connection (db.SetMaxOpenConns(1)): every statement on such a pool runs
// on the same session, as on a *sql.Conn. It knows the variables the
// limited pool is held in, the struct fields it is stored into, and the
// package variables.
type Pinned struct {
	vars map[types.Object]bool
}

// FindPinned scans the package's function bodies for SetMaxOpenConns(1)
// on a database/sql or sqlx pool.
func FindPinned(info *types.Info, files []*ast.File) *Pinned {
	p := &Pinned{vars: map[types.Object]bool{}}
	for _, file := range files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			var locals []types.Object
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 || !isOne(info, call.Args[0]) {
					return true
				}
				fn, ok := calleeFunc(info, call).(*types.Func)
				if !ok || fn.Name() != "SetMaxOpenConns" {
					return true
				}
				if pkg, name := recvNamed(fn); pkg != pkgSQL || name != "DB" {
					return true
				}
				if obj := pinnedObject(info, receiver(call)); obj != nil {
					p.vars[obj] = true
					if v, ok := obj.(*types.Var); ok && !v.IsField() {
						locals = append(locals, obj)
					}
				}
				return true
			})
			if len(locals) > 0 {
				p.storedFields(info, fd.Body, locals)
			}
		}
	}
	return p
}

// storedFields marks the fields that a pinned local pool is stored into:
// &Store{db: db}, s.db = db.
func (p *Pinned) storedFields(info *types.Info, body *ast.BlockStmt, locals []types.Object) {
	isLocal := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		for _, l := range locals {
			if info.Uses[id] == l {
				return true
			}
		}
		return false
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok && isLocal(n.Value) {
				if v, ok := info.Uses[k].(*types.Var); ok && v.IsField() {
					p.vars[v] = true
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) && isLocal(n.Rhs[i]) {
					if obj := pinnedObject(info, l); obj != nil {
						p.vars[obj] = true
					}
				}
			}
		}
		return true
	})
}

// pinnedObject is the variable or field e names: db, s.db.
func pinnedObject(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.ObjectOf(e).(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok && s.Kind() == types.FieldVal {
			return s.Obj()
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok {
			return v // pkg.DB
		}
	}
	return nil
}

func isOne(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(tv.Value)
	return exact && n == 1
}

// Mark sets Handle.Pinned on f's statements that run on a pinned pool.
func (p *Pinned) Mark(f *Func) {
	if p == nil || len(p.vars) == 0 {
		return
	}
	for _, s := range f.Sites {
		h := &s.Handle
		if h.Kind != HandlePool || !h.Ref.Valid() {
			continue
		}
		if h.Ref.Path == "" {
			h.Pinned = p.vars[h.Ref.Root]
			continue
		}
		if v := fieldAt(h.Ref.Root.Type(), h.Ref.Path); v != nil {
			h.Pinned = p.vars[v]
		}
	}
}

// fieldAt is the last field of the path below a value of type t.
func fieldAt(t types.Type, path string) *types.Var {
	var v *types.Var
	for path != "" && t != nil {
		var field string
		field, path = splitPath(path)
		obj, _, _ := types.LookupFieldOrMethod(t, true, typePkg(t), field)
		var ok bool
		if v, ok = obj.(*types.Var); !ok {
			return nil
		}
		t = v.Type()
	}
	return v
}
