package models

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/locklint/locklint/schema"
)

// Fact lists the tables a package's GORM models describe, so that
// packages importing it know them. It is an analysis.Fact: gob-encodable
// and deterministic (sorted, no maps, no positions).
type Fact struct {
	Tables []Table
	// Joins are the join tables the models' many2many fields make GORM
	// create, sorted by name; they have no Go type of their own.
	Joins []schema.Table
	// XORM is the xorm mapper the package shows or inherits from its
	// imports, so that packages importing it name columns as its engine
	// does.
	XORM XORMNames
}

// Table is one model's table.
type Table struct {
	// Type is the model's Go type name in its package.
	Type string
	// Name is the table's name.
	Name string
	// At is "file.go:line" of the type's declaration, for notes.
	At string
	// Schema is the table the model's tags describe. It is nil for a
	// struct that only names its table (a TableName method, no gorm
	// tags): callers learn its name, not its indexes.
	Schema *schema.Table
	// Past is set for a model declared in a migration package: a view
	// of its table at one step of the schema's history (repoV008 with
	// the columns as step 8 left them), which yields to a model of the
	// same table declared elsewhere.
	Past bool
}

// AFact marks Fact as an analysis.Fact.
func (*Fact) AFact() {}

func (f *Fact) String() string {
	var names []string
	for _, t := range f.Tables {
		names = append(names, t.Type+"="+t.Name)
	}
	for _, t := range f.Joins {
		names = append(names, "join="+t.Name)
	}
	return "models(" + strings.Join(names, ", ") + ")"
}

// Lookup returns the table of the model type called name, or nil.
func (f *Fact) Lookup(name string) *Table {
	if f == nil {
		return nil
	}
	i := sort.Search(len(f.Tables), func(i int) bool { return f.Tables[i].Type >= name })
	if i < len(f.Tables) && f.Tables[i].Type == name {
		return &f.Tables[i]
	}
	return nil
}

// Read finds the GORM models a package declares: named struct types with
// a gorm tag (for v1 also a sql tag) on some field, or embedding
// gorm.Model. Plain structs are not taken for models even though GORM
// would accept them: a DTO called Order must not define the orders
// table's indexes. A plain struct with a TableName method is listed for
// its name only. Models whose table name cannot be told are left out. It
// returns nil when there are none.
func Read(pkg *types.Package, src Source, fset *token.FileSet) *Fact {
	return ReadWith(pkg, src, fset, XORMNames{})
}

// ReadWith is Read for a package whose imports give the xorm mapper
// inherited, used when the package shows none itself. The fact carries
// the mapper on.
func ReadWith(pkg *types.Package, src Source, fset *token.FileSet, inherited XORMNames) *Fact {
	d := DialectOf(pkg)
	var naming *Naming
	xm := xormMappingFor(src, inherited)
	fact := &Fact{}
	for _, f := range src.Files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if ts.TypeParams != nil || ts.Assign.IsValid() {
					continue
				}
				obj, ok := src.Info.Defs[ts.Name].(*types.TypeName)
				if !ok {
					continue
				}
				tagged := isModel(obj, d)
				if !tagged && IsBunModel(obj) {
					if m := ParseBun(obj.Type()); m != nil && m.Table != "" {
						p := fset.Position(obj.Pos())
						st := m.Schema()
						fact.Tables = append(fact.Tables, Table{Type: obj.Name(), Name: schema.Key(m.Table), At: fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line), Schema: &st})
					}
					continue
				}
				if !tagged && IsXORMModel(obj) {
					if t, ok := readXORM(obj, src, fset, xm); ok {
						fact.Tables = append(fact.Tables, t)
					}
					continue
				}
				if !tagged && !HasTableNameMethod(obj) {
					continue
				}
				if naming == nil {
					n := NamingIn(src)
					naming = &n
				}
				table, known := TableName(obj, src, *naming)
				if !known || table == "" {
					continue
				}
				p := fset.Position(ts.Pos())
				t := Table{
					Type: obj.Name(),
					Name: schema.Key(table),
					At:   fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line),
				}
				if tagged {
					m := Parse(obj.Type(), table, modelDialect(obj, d))
					if m == nil {
						continue
					}
					st := m.Schema()
					t.Schema = &st
					fact.Joins = append(fact.Joins, joinTables(obj, m, *naming, modelDialect(obj, d))...)
				}
				fact.Tables = append(fact.Tables, t)
			}
		}
	}
	for _, imp := range pkg.Imports() {
		if imp.Path() == pkgEntSchema {
			fact.Tables = append(fact.Tables, readEnt(src, fset)...)
			break
		}
	}
	if MigrationPackage(pkg.Name()) {
		for i := range fact.Tables {
			fact.Tables[i].Past = true
		}
	}
	if xm.Known {
		fact.XORM = *xm
	}
	if len(fact.Tables) == 0 && !fact.XORM.Known {
		return nil
	}
	sort.Slice(fact.Tables, func(i, j int) bool { return fact.Tables[i].Type < fact.Tables[j].Type })
	sort.SliceStable(fact.Joins, func(i, j int) bool { return fact.Joins[i].Name < fact.Joins[j].Name })
	return fact
}

// xormMappingFor is the mapper the package shows, else the inherited one.
func xormMappingFor(src Source, inherited XORMNames) *XORMNames {
	n := XORMMapperIn(src)
	if !n.Known {
		n = inherited
	}
	return &n
}

// readXORM reads one xorm model's table.
func readXORM(obj *types.TypeName, src Source, fset *token.FileSet, xm *XORMNames) (Table, bool) {
	table, known := XORMTableName(obj, src, *xm)
	if !known || table == "" {
		return Table{}, false
	}
	p := fset.Position(obj.Pos())
	t := Table{Type: obj.Name(), Name: schema.Key(table), At: fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)}
	if m := ParseXORM(obj.Type(), table, *xm); m != nil {
		st := m.Schema()
		t.Schema = &st
	}
	return t, true
}

// DialectOf is the GORM version a package's models are written for: v1
// when it imports github.com/jinzhu/gorm and not gorm.io/gorm.
func DialectOf(pkg *types.Package) Dialect {
	v1 := false
	for _, imp := range pkg.Imports() {
		switch imp.Path() {
		case pkgGORM:
			return V2
		case pkgGORMv1:
			v1 = true
		}
	}
	if v1 {
		return V1
	}
	return V2
}

// modelDialect prefers what the model embeds: gorm.Model of either version.
func modelDialect(obj *types.TypeName, d Dialect) Dialect {
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return d
	}
	for i := 0; i < st.NumFields(); i++ {
		switch {
		case isNamed(st.Field(i).Type(), pkgGORM, "Model"):
			return V2
		case isNamed(st.Field(i).Type(), pkgGORMv1, "Model"):
			return V1
		}
	}
	return d
}

func isModel(obj *types.TypeName, d Dialect) bool {
	st, ok := obj.Type().Underlying().(*types.Struct)
	return ok && hasGORMTags(st, d, 0)
}

// hasGORMTags reports whether st, or a struct it embeds, tags a field for
// GORM or embeds gorm.Model: `type Route struct { Model; RouteEntity }`
// with the tags on RouteEntity's fields is a model as much as a flat
// struct is, since GORM reads embedded fields as its own.
//
// A struct whose fields carry xorm tags and whose only GORM tags are
// `gorm:"-"` is xorm's: the marks keep a field out of GORM, for a
// project moving from xorm to GORM, and declare no table.
func hasGORMTags(st *types.Struct, d Dialect, depth int) bool {
	if depth > maxEmbed {
		return false
	}
	xormTagged := false
	for i := 0; i < st.NumFields(); i++ {
		if _, ok := reflect.StructTag(st.Tag(i)).Lookup("xorm"); ok {
			xormTagged = true
			break
		}
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f.Anonymous() && (isNamed(f.Type(), pkgGORM, "Model") || isNamed(f.Type(), pkgGORMv1, "Model")) {
			return true
		}
		tag := st.Tag(i)
		if g, ok := reflect.StructTag(tag).Lookup("gorm"); ok && !(xormTagged && g == "-") || d == V1 && strings.Contains(tag, `sql:"`) {
			return true
		}
		if sub, ok := deref(f.Type()).Underlying().(*types.Struct); ok && f.Anonymous() && hasGORMTags(sub, d, depth+1) {
			return true
		}
	}
	return false
}

// Carried is the Facts of the packages a package depends on, directly or
// not, passed on so that every package sees the models of all of them.
// go vet's driver gives a package the package facts of its direct
// imports only, while an in-process driver gives it those of every
// dependency: a service that reaches its models through another package
// (ent's client, which imports the generated migrate package) would
// otherwise know their tables under one driver and not the other.
type Carried struct {
	// Pkgs are sorted by path, each once.
	Pkgs []PkgFact
}

// PkgFact is one package's Fact.
type PkgFact struct {
	Path string
	Fact Fact
}

// AFact marks Carried as an analysis.Fact.
func (*Carried) AFact() {}

func (c *Carried) String() string { return fmt.Sprintf("carried models of %d packages", len(c.Pkgs)) }

// MigrationPackage reports whether a package of that name holds schema
// migrations: "migrate", "migrator", or a name with "migration" in it.
func MigrationPackage(name string) bool {
	name = strings.ToLower(name)
	return name == "migrate" || name == "migrator" || strings.Contains(name, "migration")
}
