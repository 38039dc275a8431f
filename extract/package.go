package extract

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/locklint/locklint/models"
)

// Package is what extraction knows about the package as a whole: the
// package-level variables that hold one value for the life of the program
// (`var lockSQL = "SELECT ... FOR UPDATE"`, never assigned by the package),
// the fields that only ever hold one constant-built text, and the facts of
// the functions it calls, once known. SQL templates live in such places.
type Package struct {
	types *types.Package
	info  *types.Info
	// vars are the initializers of the package-level variables the
	// package never assigns nor takes the address of.
	vars map[*types.Var]ast.Expr
	// fieldSets are the values the package stores in each struct field
	// (literals and assignments), for fieldText, which memoizes its
	// answers in fieldMemo.
	fieldSets map[*types.Var][]fieldSet
	fieldMemo map[*types.Var]fieldMemo
	// handleMemo memoizes fieldHandle, by field and path below it.
	handleMemo map[fieldPath]handleMemo
	defs       map[*ast.FuncDecl]defs
	// globals memoizes globalVar.
	globals map[GlobalVar]*types.Var
	// lookup returns a function's fact; set once facts are computed.
	lookup FactLookup
	// importText returns the text of another package's variable.
	importText func(*types.Var) (string, bool)
	// importRuns returns the RunsFact of another package's function, and
	// importImpls the implementations of an interface method (runner.go).
	importRuns  func(*types.Func) *RunsFact
	importImpls func(*types.Func) ([]Implementation, bool)
	// importGetter returns the GetterFact of another package's method,
	// and getterMemo memoizes the package's own (getter.go).
	importGetter func(*types.Func) (string, bool)
	getterMemo   map[*types.Func]getterMemo
	// importWaits returns what another package's function waits on, as
	// its WaitsFact says (waits.go).
	importWaits func(*types.Func) string
	// importField returns the FieldFact of another package's field.
	importField func(*types.Var) (*FieldFact, bool)
	// xormNames is the xorm mapper the package's imports show.
	xormNames models.XORMNames
	// files are the package's syntax, walked once more, on first need,
	// for what its *gorm.DB fields hold (gorm_poolfield.go).
	files      []*ast.File
	gormFields *gormFields
	// decls are the package's function declarations by object, built on
	// first need (funcDecl).
	decls map[*types.Func]*ast.FuncDecl
	// stepLits are the function literals of migration libraries' steps
	// met so far, and stepSessions the parameters of those that are the
	// session the library opens for the step (migration_steps.go).
	stepLits     map[*ast.FuncLit]*migrationLit
	stepSessions map[types.Object]bool
}

// funcDecl returns the declaration of a function of the package.
func (p *Package) funcDecl(fn *types.Func) *ast.FuncDecl {
	if p.decls == nil {
		p.decls = map[*types.Func]*ast.FuncDecl{}
		for _, f := range p.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if obj, ok := p.info.Defs[fd.Name].(*types.Func); ok {
						p.decls[obj] = fd
					}
				}
			}
		}
	}
	return p.decls[fn.Origin()]
}

// UseXORMNames tells the package the xorm mapper its imports show, used
// when it shows none itself.
func (p *Package) UseXORMNames(n models.XORMNames) { p.xormNames = n }

// ImportVarTexts tells the package how to find the text other packages'
// variables hold (their TextFact).
func (p *Package) ImportVarTexts(f func(*types.Var) (string, bool)) { p.importText = f }

// VarTexts returns the texts of the package's exported package-level
// variables that hold one known text for the life of the program, for
// export as TextFacts.
func (p *Package) VarTexts() map[*types.Var]string {
	out := map[*types.Var]string{}
	for v, init := range p.vars {
		if !v.Exported() {
			continue
		}
		if t, ok := textOf(p.info, defs{pkg: p}, init); ok && len(t) <= maxReturnText {
			out[v] = t
		}
	}
	return out
}

// importedText is the text of another package's variable, from its fact.
func (p *Package) importedText(v *types.Var) (string, bool) {
	if p == nil || p.importText == nil || v.Pkg() == nil || v.Pkg() == p.types {
		return "", false
	}
	return p.importText(v)
}

// fieldSet is one place that stores a value in a field.
type fieldSet struct {
	value ast.Expr // nil when not a single value
	defs  defs     // of the function doing it, to follow its variables
	// omitted is set for a struct literal that leaves the field out: it
	// holds the zero value there (no handle at all, for a handle).
	omitted bool
}

type fieldPath struct {
	v    *types.Var
	path string
}

type handleMemo struct {
	kind HandleKind
	typ  string
	ok   bool
	busy bool
}

type fieldMemo struct {
	text string
	ok   bool
	busy bool
}

// NewPackage indexes files, the package's syntax, for Decl.
func NewPackage(pkg *types.Package, info *types.Info, files []*ast.File) *Package {
	p := &Package{
		types:      pkg,
		info:       info,
		vars:       map[*types.Var]ast.Expr{},
		fieldSets:  map[*types.Var][]fieldSet{},
		fieldMemo:  map[*types.Var]fieldMemo{},
		handleMemo: map[fieldPath]handleMemo{},
		defs:       map[*ast.FuncDecl]defs{},
		files:      files,
	}
	for _, in := range info.InitOrder {
		if len(in.Lhs) == 1 {
			p.vars[in.Lhs[0]] = in.Rhs
		}
	}
	for _, file := range files {
		for _, decl := range file.Decls {
			var d defs
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil {
				d = collectDefsIn(p, info, fd)
				p.defs[fd] = d
			} else {
				d = defs{pkg: p}
			}
			p.index(decl, d)
		}
	}
	return p
}

// index records the assignments decl makes to package-level variables and
// to fields.
func (p *Package) index(decl ast.Node, d defs) {
	info := p.info
	unset := func(e ast.Expr) {
		if ix, ok := ast.Unparen(e).(*ast.IndexExpr); ok {
			e = ix.X // m[k] = v changes m
		}
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok && !v.IsField() {
				delete(p.vars, v)
			}
		}
	}
	setField := func(lhs, rhs ast.Expr) {
		sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if v, ok := info.ObjectOf(sel.Sel).(*types.Var); ok && v.IsField() {
			p.fieldSets[v] = append(p.fieldSets[v], fieldSet{value: rhs, defs: d})
		}
	}
	ast.Inspect(decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				unset(lhs)
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
					rhs = n.Rhs[i]
				}
				setField(lhs, rhs)
			}
		case *ast.IncDecStmt:
			unset(n.X)
			setField(n.X, nil)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				unset(n.X)
				setField(n.X, nil)
			}
		case *ast.CompositeLit:
			p.indexLiteral(n, d)
		}
		return true
	})
}

// indexLiteral records the fields a struct literal sets: by name, or
// every field in order.
func (p *Package) indexLiteral(lit *ast.CompositeLit, d defs) {
	t := p.info.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	keyed := map[*types.Var]bool{}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if v, ok := p.info.ObjectOf(id).(*types.Var); ok && v.IsField() {
					p.fieldSets[v] = append(p.fieldSets[v], fieldSet{value: kv.Value, defs: d})
					keyed[v] = true
				}
			}
			continue
		}
		if i < st.NumFields() {
			p.fieldSets[st.Field(i)] = append(p.fieldSets[st.Field(i)], fieldSet{value: elt, defs: d})
		}
	}
	if len(keyed) > 0 || len(lit.Elts) == 0 {
		// A field the literal leaves out holds "" there.
		for i := 0; i < st.NumFields(); i++ {
			if f := st.Field(i); !keyed[f] {
				p.fieldSets[f] = append(p.fieldSets[f], fieldSet{defs: d, omitted: true})
			}
		}
	}
}

// varValue is the initializer of a package-level variable the package
// never changes, or nil.
func (p *Package) varValue(v *types.Var) ast.Expr {
	if p == nil {
		return nil
	}
	return p.vars[v]
}

// fieldText is the text a string field of one of the package's types
// holds wherever it is read: every literal and assignment in the package
// sets it to the same known text, and nothing takes its address. A field
// of an exported type that other packages may set, or one never set, is
// unknown; so is a field set from a parameter (`New(table string)`).
func (p *Package) fieldText(v *types.Var) (string, bool) {
	if p == nil || v.Pkg() == nil || v.Pkg() != p.types || v.Exported() {
		return "", false
	}
	if m, ok := p.fieldMemo[v]; ok {
		return m.text, m.ok && !m.busy
	}
	p.fieldMemo[v] = fieldMemo{busy: true}
	text, ok := "", false
	sets := p.fieldSets[v]
	if len(sets) > 0 {
		ok = true
		for i, s := range sets {
			t, tok := textOfDepth(p.info, s.defs, s.value, 1)
			if !tok || i > 0 && t != text {
				ok = false
				break
			}
			text = t
		}
	}
	p.fieldMemo[v] = fieldMemo{text: text, ok: ok}
	return text, ok
}

// fieldHandle is the kind of handle found at path below the field v of
// one of the package's unexported types, when every literal and
// assignment in the package stores a value there that holds the same
// kind: a service whose q is db.New(pool) in its only constructor runs
// sqlc's Queries on the pool. A field set anywhere else, or to values of
// different kinds, is unknown. Only the kind and type are known, not
// which variable: Ref is left to the caller.
func (p *Package) fieldHandle(v *types.Var, path string) (Handle, bool) {
	if p == nil || v.Pkg() == nil || v.Exported() {
		return Handle{}, false
	}
	if v.Pkg() != p.types {
		return Handle{}, false
	}
	return p.fieldHandleAny(v, path)
}

// fieldHandleAny is fieldHandle for any field of the package, exported or
// not: what the package's own code stores there. A literal that leaves
// the field out stores nil, which runs nothing, and does not count.
func (p *Package) fieldHandleAny(v *types.Var, path string) (Handle, bool) {
	if p == nil || p.lookup == nil || v.Pkg() == nil || v.Pkg() != p.types {
		return Handle{}, false
	}
	key := fieldPath{v, path}
	if m, ok := p.handleMemo[key]; ok {
		return Handle{Kind: m.kind, Type: m.typ}, m.ok && !m.busy
	}
	p.handleMemo[key] = handleMemo{busy: true}
	var out Handle
	ok := false
	if sets := p.fieldSets[v]; len(sets) > 0 && len(sets) <= maxFieldSets {
		n := 0
		for _, s := range sets {
			if s.omitted {
				continue
			}
			if s.value == nil {
				n = 0
				break
			}
			h := resolveHandleDepth(p.info, s.defs, p.lookup, s.value, path, 1)
			if h.Kind == HandleUnknown || h.zero || n > 0 && h.Kind != out.Kind {
				n = 0
				break
			}
			if n > 0 && h.Type != out.Type {
				h.Type = ""
			}
			out = Handle{Kind: h.Kind, Type: h.Type}
			n++
		}
		ok = n > 0
	}
	p.handleMemo[key] = handleMemo{kind: out.Kind, typ: out.Type, ok: ok}
	return out, ok
}

// maxFieldSets bounds the stores fieldHandle looks at for one field.
const maxFieldSets = 16

// globalVar finds the package-level variable g names in this package or
// in one it imports, directly or not; nil when g is nil or not found.
func (p *Package) globalVar(g *GlobalVar) *types.Var {
	if g == nil || p == nil || p.types == nil {
		return nil
	}
	if v, ok := p.globals[*g]; ok {
		return v
	}
	if p.globals == nil {
		p.globals = map[GlobalVar]*types.Var{}
	}
	v := p.findGlobal(g)
	p.globals[*g] = v
	return v
}

func (p *Package) findGlobal(g *GlobalVar) *types.Var {
	seen := map[*types.Package]bool{}
	var find func(pkg *types.Package) *types.Var
	find = func(pkg *types.Package) *types.Var {
		if seen[pkg] {
			return nil
		}
		seen[pkg] = true
		if pkg.Path() == g.Pkg {
			v, _ := pkg.Scope().Lookup(g.Name).(*types.Var)
			return v
		}
		for _, imp := range pkg.Imports() {
			if v := find(imp); v != nil {
				return v
			}
		}
		return nil
	}
	return find(p.types)
}
