package extract

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// A getter is a method without parameters that returns a field of its
// receiver, possibly through other getters, and does nothing else but
// guard against nil: `func (i *Instance) ID() string { return i.id }`,
// protobuf's `func (x *Msg) GetId() *Id { if x != nil { return x.Id };
// return nil }`, or `func (i *Instance) ID() string { if i.Proto == nil {
// return "" }; return i.Proto.GetId().GetValue() }`. Called twice on the
// same value, it gives the same value: as a row key, `inst.ID()` is the
// field path it returns (inst.Proto.Id.Value), so two helpers handed the
// same inst that each lock the row of inst.ID() lock one row. A method
// that takes a parameter, computes (concatenates, converts, calls
// anything but a getter) or reads anything but its receiver is no
// getter.

// GetterFact records, for another package, that a method is a getter and
// the field path below the receiver it returns (".Proto.Id.Value").
type GetterFact struct {
	Path string
}

// AFact marks GetterFact as an analysis.Fact.
func (*GetterFact) AFact() {}

func (f *GetterFact) String() string { return fmt.Sprintf("getter=%s", f.Path) }

// ImportGetters tells the package which methods of other packages are
// getters (their GetterFact).
func (p *Package) ImportGetters(f func(*types.Func) (string, bool)) { p.importGetter = f }

// Getters returns the package's getter methods and the field path each
// returns, for export as GetterFacts.
func Getters(pkg *types.Package, info *types.Info, files []*ast.File, importGetter func(*types.Func) (string, bool)) map[*types.Func]string {
	p := &Package{types: pkg, info: info, files: files, importGetter: importGetter}
	out := map[*types.Func]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Recv == nil {
				continue
			}
			fn, ok := info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if path, ok := p.getterPath(fn); ok {
				out[fn] = path
			}
		}
	}
	return out
}

// getterPath returns the field path below the receiver that fn, a
// getter, returns.
func (p *Package) getterPath(fn *types.Func) (string, bool) {
	if p == nil || fn == nil {
		return "", false
	}
	fn = fn.Origin()
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return "", false
	}
	if fn.Pkg() != p.types {
		if p.importGetter == nil || fn.Pkg() == nil {
			return "", false
		}
		return p.importGetter(fn)
	}
	if m, ok := p.getterMemo[fn]; ok {
		return m.path, m.ok
	}
	if p.getterMemo == nil {
		p.getterMemo = map[*types.Func]getterMemo{}
	}
	p.getterMemo[fn] = getterMemo{} // a getter that reaches itself is none
	path, ok := p.declGetter(fn)
	p.getterMemo[fn] = getterMemo{path: path, ok: ok}
	return path, ok
}

type getterMemo struct {
	path string
	ok   bool
}

// declGetter reads the body of fn, a method of the package, as a getter:
// nil guards (`if x == nil { return <zero> }`, `if x != nil { return
// <path> }`) and returns, of which exactly one returns something other
// than a literal zero value, and that a field path of the receiver.
func (p *Package) declGetter(fn *types.Func) (string, bool) {
	decl := p.funcDecl(fn)
	if decl == nil || decl.Body == nil || decl.Recv == nil || len(decl.Recv.List) != 1 || len(decl.Recv.List[0].Names) != 1 {
		return "", false
	}
	recv, _ := p.info.Defs[decl.Recv.List[0].Names[0]].(*types.Var)
	if recv == nil {
		return "", false
	}
	var value ast.Expr
	values := 0
	ret := func(r *ast.ReturnStmt) bool {
		if len(r.Results) != 1 {
			return false
		}
		if zeroLiteral(p.info, r.Results[0]) {
			return true
		}
		value = r.Results[0]
		values++
		return true
	}
	list := decl.Body.List
	if len(list) == 0 {
		return "", false
	}
	for i, st := range list {
		switch st := st.(type) {
		case *ast.ReturnStmt:
			if i != len(list)-1 || !ret(st) {
				return "", false
			}
		case *ast.IfStmt:
			if st.Init != nil || st.Else != nil || len(st.Body.List) != 1 || !p.nilGuard(st.Cond, recv) {
				return "", false
			}
			r, ok := st.Body.List[0].(*ast.ReturnStmt)
			if !ok || !ret(r) {
				return "", false
			}
		default:
			return "", false
		}
	}
	if _, last := list[len(list)-1].(*ast.ReturnStmt); !last || values != 1 {
		return "", false
	}
	r := p.keyRef(p.info, value)
	if r.Root != types.Object(recv) || r.Path == "" {
		return "", false
	}
	return r.Path, true
}

// nilGuard reports whether cond compares the receiver, or a field path
// of it, with nil.
func (p *Package) nilGuard(cond ast.Expr, recv *types.Var) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.EQL && b.Op != token.NEQ {
		return false
	}
	x, y := b.X, b.Y
	if isNil(p.info, x) {
		x, y = y, x
	}
	if !isNil(p.info, y) {
		return false
	}
	return p.keyRef(p.info, x).Root == types.Object(recv)
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// zeroLiteral reports whether e is nil or a constant zero value: "", 0,
// false.
func zeroLiteral(info *types.Info, e ast.Expr) bool {
	if isNil(info, e) {
		return true
	}
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	switch v := tv.Value.String(); v {
	case `""`, "0", "false", "0.0":
		return true
	}
	return false
}

// keyRef is refOf that also reads a getter's call as the field path it
// returns: inst.ID() is inst.Proto.Id.Value, the value of a row key.
// A method promoted from an embedded field is not followed.
func (p *Package) keyRef(info *types.Info, e ast.Expr) Ref {
	return refThrough(info, e, func(x *ast.CallExpr) (string, ast.Expr, bool) {
		sx, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if !ok || len(x.Args) != 0 {
			return "", nil, false
		}
		sel, ok := info.Selections[sx]
		if !ok || sel.Kind() != types.MethodVal || len(sel.Index()) != 1 {
			return "", nil, false
		}
		fn, _ := sel.Obj().(*types.Func)
		gp, ok := p.getterPath(fn)
		return gp, sx.X, ok
	})
}
