package extract

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
)

// An exported field of a package's type (db.Store{Client: NewClient(pool)})
// is read by other packages, which cannot see what is stored there. The
// declaring package can: FieldFact says, for each path below the field
// that leads to a handle, which kind of handle every literal and
// assignment of the package stores there (literals that leave the field
// out store nil and run nothing). A package that reads the field and does
// not assign it itself takes the handle from the fact. What packages that
// import the declaring one store there is not seen by the fact; a package
// that assigns the field itself is judged on its own stores.

// FieldFact describes the handles an exported field holds.
type FieldFact struct {
	// Handles are sorted by Path.
	Handles []FieldHandle
}

// FieldHandle is the handle found at Path below the field ("" for the
// field itself, ".db" for a handle the stored value keeps in its field
// db).
type FieldHandle struct {
	Path string
	Kind HandleKind
	Type string
}

// AFact marks FieldFact as an analysis.Fact.
func (*FieldFact) AFact() {}

func (f *FieldFact) String() string { return fmt.Sprintf("field handles %v", f.Handles) }

// ExportedFieldHandles returns the facts of the package's exported fields
// whose stores all give one kind of handle at some path.
func (p *Package) ExportedFieldHandles() map[*types.Var]*FieldFact {
	out := map[*types.Var]*FieldFact{}
	for v, sets := range p.fieldSets {
		if !v.Exported() || v.Pkg() != p.types || len(sets) > maxFieldSets {
			continue
		}
		var f FieldFact
		for _, path := range p.fieldPaths(sets) {
			if h, ok := p.fieldHandleAny(v, path); ok && h.Kind != HandleUnknown {
				f.Handles = append(f.Handles, FieldHandle{Path: path, Kind: h.Kind, Type: h.Type})
			}
		}
		if len(f.Handles) > 0 {
			sort.Slice(f.Handles, func(i, j int) bool { return f.Handles[i].Path < f.Handles[j].Path })
			out[v] = &f
		}
	}
	return out
}

// fieldPaths are the paths below a field worth describing: the field
// itself, the fields a constructor's fact says hold its parameters, and
// the fields a literal stored there sets.
func (p *Package) fieldPaths(sets []fieldSet) []string {
	seen := map[string]bool{"": true}
	out := []string{""}
	add := func(path string) {
		if !seen[path] {
			seen[path] = true
			out = append(out, path)
		}
	}
	for _, s := range sets {
		e := s.value
		if e == nil {
			continue
		}
		if def := s.defs.value(p.info, e); def != nil {
			e = def
		}
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = ast.Unparen(u.X)
		}
		switch e := e.(type) {
		case *ast.CallExpr:
			if fn, ok := calleeFunc(p.info, e).(*types.Func); ok && p.lookup != nil {
				if fact := p.lookup(fn); fact != nil {
					for _, ff := range fact.Fields {
						if ff.Param != ZeroField {
							add(ff.Path)
						}
					}
				}
			}
		case *ast.CompositeLit:
			for _, elt := range e.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						add("." + id.Name)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// ImportFieldHandles sets how the package reads another package's
// FieldFact.
func (p *Package) ImportFieldHandles(f func(*types.Var) (*FieldFact, bool)) { p.importField = f }

// importedFieldHandle is the handle at path below another package's
// exported field v, as its package's fact says, when this package stores
// nothing there itself.
func (p *Package) importedFieldHandle(v *types.Var, path string) (Handle, bool) {
	if p == nil || p.importField == nil || v.Pkg() == nil || v.Pkg() == p.types || !v.Exported() || len(p.fieldSets[v]) > 0 {
		return Handle{}, false
	}
	f, ok := p.importField(v)
	if !ok || f == nil {
		return Handle{}, false
	}
	for _, h := range f.Handles {
		if h.Path == path {
			return Handle{Kind: h.Kind, Type: h.Type}, true
		}
	}
	return Handle{}, false
}
