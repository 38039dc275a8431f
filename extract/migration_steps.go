package extract

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/sqltext"
)

// GORM's AutoMigrate in startup and migration code is silent: run at
// every start, it usually finds the tables as the models describe them
// and changes nothing. A step of a versioned migration is different. The
// runner records which steps a database has had and runs each step once,
// at the deploy that brings the database past it, while the instances
// still on the old version serve. A step that migrates a model whose
// table an earlier step of the same runner created or changed finds the
// table there, on every database that existed before it, and alters it:
// the step exists because the model changed.
//
// A step is
//
//   - a method of a type declared in the package that also has a method
//     whose name says it is a version, takes nothing and returns an
//     integer constant (Version() int { return 3 }, Version() uint64 {
//     return 20220101000001 }): the runner orders the steps by it and
//     runs those above the version the database records;
//   - the function literal given as the Migrate field of a gormigrate
//     Migration (github.com/go-gormigrate/gormigrate), which records the
//     migration's ID once it ran. Steps are ordered by their place in one
//     slice literal, which is the order gormigrate runs them in, or else
//     by IDs made of digits alone (timestamps).
//
// A function that migrates every model at start has no version; a
// package-level migrate function that calls AutoMigrate of all models
// has none either; and a step that migrates a table no earlier step
// touched may be creating it (the first step of a runner creates the
// tables on an empty database), so it stays silent.

// MigrationStep says which step of a versioned migration makes a schema
// change, on which tables that an earlier step already created or
// changed.
type MigrationStep struct {
	// Name is the step: "V3.Run", "migration 202101021200 (gormigrate)".
	Name string
	// Tables are the tables the change alters.
	Tables []string
	// Earlier is the earlier step that made the first of Tables.
	Earlier string
}

// migrateFact is the fact entry for a GORM schema change whose models
// are the function's own parameter: a wrapper
// `func (c *client) AutoMigrate(values ...any) error { return
// c.db.AutoMigrate(values...) }`, whose callers choose what changes.
func migrateFact(f *Func, params map[types.Object]int, s *Site, decl *ast.FuncDecl, pos func(ast.Node) (string, int)) (FactStmt, bool) {
	if s.Via != nil || len(s.migrateModels) != 1 {
		return FactStmt{}, false
	}
	id, ok := ast.Unparen(s.migrateModels[0]).(*ast.Ident)
	if !ok {
		return FactStmt{}, false
	}
	v, ok := f.info.Uses[id].(*types.Var)
	if !ok {
		return FactStmt{}, false
	}
	mp, ok := params[v]
	if !ok || mp < 0 {
		return FactStmt{}, false
	}
	if sig, ok := f.info.TypeOf(decl.Name).(*types.Signature); ok && sig.Variadic() && mp == sig.Params().Len()-1 && !s.Call.Ellipsis.IsValid() {
		return FactStmt{}, false // AutoMigrate(values): one slice, not the models
	}
	op := sqltext.DDLAlterTable
	if s.SQL != nil && s.SQL.DDL != nil {
		op = s.SQL.DDL.Op
	}
	p, path := OwnHandle, ""
	if hp, ok := params[s.Handle.Ref.Root]; ok {
		p, path = hp, s.Handle.Ref.Path
	}
	file, line := pos(s.Call)
	return FactStmt{
		Param: p, Path: path, Kind: s.Handle.Kind, Func: funcName(decl),
		At:      fmt.Sprintf("%s:%d", filepath.Base(file), line),
		Migrate: s.Method, MigrateOp: op, ModelParam: mp,
	}, true
}

// setAsideMigrateVia moves the schema changes callees make with this
// function's models out of Sites: they are judged only in a migration
// step (MarkMigrationSteps).
func (f *Func) setAsideMigrateVia() {
	f.migrateVia = nil
	kept := f.Sites[:0]
	for _, s := range f.Sites {
		if s.Migrate && s.Via != nil {
			f.migrateVia = append(f.migrateVia, s)
			continue
		}
		kept = append(kept, s)
	}
	f.Sites = kept
}

// stepFunc is one step of a versioned migration: the functions that run
// in it, its family (the steps one runner orders) and its place there.
type stepFunc struct {
	name   string
	funcs  []*Func
	family any
	key    constant.Value
}

// gormigratePath is the module of gormigrate; /v2 and later share it.
const gormigratePath = "github.com/go-gormigrate/gormigrate"

// MarkMigrationSteps finds the steps of versioned migrations among the
// package's functions and judges their GORM schema changes: one that
// alters a table an earlier step of the same runner created or changed
// gets Step and is a site of its function; the others of those steps stay
// silent. Call it once the functions are expanded for the last time.
// decls maps each function declaration of the package to its extraction
// (the declaration first).
func MarkMigrationSteps(info *types.Info, decls map[*types.Func][]*Func) {
	steps := versionedSteps(info, decls)
	steps = append(steps, gormigrateSteps(info, decls)...)
	if len(steps) < 2 {
		return
	}
	// Earliest first: the step an earlier one is named after is the
	// first that made the table.
	sort.SliceStable(steps, func(i, j int) bool {
		if c := constant.Compare(steps[i].key, token.LSS, steps[j].key); c || constant.Compare(steps[j].key, token.LSS, steps[i].key) {
			return c
		}
		return steps[i].name < steps[j].name
	})
	// The tables each step creates or changes.
	touched := make([]map[string]bool, len(steps))
	for i, st := range steps {
		touched[i] = map[string]bool{}
		for _, f := range st.funcs {
			for _, s := range f.allMigrate() {
				for _, t := range f.migrateTables(s) {
					touched[i][t] = true
				}
			}
			for _, s := range f.Sites {
				if s.Migrate || s.SQL == nil || s.SQL.DDL == nil {
					continue
				}
				for _, t := range s.SQL.DDL.Tables {
					if t != "" {
						touched[i][t] = true
					}
				}
			}
		}
	}
	for _, st := range steps {
		for _, f := range st.funcs {
			var promoted []*Site
			for _, s := range f.allMigrate() {
				s.Step = nil
				var tables []string
				earlier := ""
				for _, t := range f.migrateTables(s) {
					for j, o := range steps {
						if o.family == st.family && constant.Compare(o.key, token.LSS, st.key) && touched[j][t] {
							tables = append(tables, t)
							if earlier == "" {
								earlier = o.name
							}
							break
						}
					}
				}
				if len(tables) > 0 {
					s.Step = &MigrationStep{Name: st.name, Tables: tables, Earlier: earlier}
					promoted = append(promoted, s)
				}
			}
			// Only the steps' judged changes remain sites.
			kept := f.Sites[:0]
			for _, s := range f.Sites {
				if !s.Migrate {
					kept = append(kept, s)
				}
			}
			f.Sites = append(kept, promoted...)
			sort.SliceStable(f.Sites, func(i, j int) bool { return f.Sites[i].Pos < f.Sites[j].Pos })
		}
	}
}

// allMigrate are the function's GORM schema changes: its own, silent or
// not, and those of callees given its models.
func (f *Func) allMigrate() []*Site {
	var out []*Site
	for _, s := range f.Sites {
		if s.Migrate {
			out = append(out, s)
		}
	}
	out = append(out, f.quietMigrate...)
	return append(out, f.migrateVia...)
}

// migrateTables are the tables a GORM schema change names: its models'
// tables, or a table name given as a constant.
func (f *Func) migrateTables(s *Site) []string {
	var out []string
	for _, a := range s.migrateModels {
		if tv, ok := f.info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			out = append(out, constant.StringVal(tv.Value))
			continue
		}
		obj := models.StructOf(f.info.TypeOf(a))
		if obj == nil {
			continue
		}
		st := f.gorm()
		table, _ := models.TableName(obj, *st.source(f.info).Source, st.namingOf(f.info))
		if table == "" && f.modelTables != nil {
			table = f.modelTables(obj)
		}
		if table != "" {
			out = append(out, table)
		}
	}
	return out
}

// versionedSteps are the methods of the package's types that have a
// version method (versionOf).
func versionedSteps(info *types.Info, decls map[*types.Func][]*Func) []stepFunc {
	type version struct {
		method string
		value  constant.Value
	}
	versions := map[*types.TypeName]version{}
	for fn, funcs := range decls {
		if len(funcs) == 0 {
			continue
		}
		d, ok := funcs[0].Node.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if v := versionOf(info, fn, d); v != nil {
			if t := recvTypeName(fn); t != nil {
				versions[t] = version{fn.Name(), v}
			}
		}
	}
	var out []stepFunc
	for fn, funcs := range decls {
		t := recvTypeName(fn)
		v, ok := versions[t]
		if !ok || t == nil || fn.Name() == v.method || len(funcs) == 0 {
			continue
		}
		out = append(out, stepFunc{
			name:   funcs[0].declName,
			funcs:  funcs,
			family: v.method, // the runner orders the steps by it
			key:    v.value,
		})
	}
	return out
}

// versionOf returns the integer constant that the method d returns when
// its name says it is a version and it takes nothing: Version() int {
// return 3 }.
func versionOf(info *types.Info, fn *types.Func, d *ast.FuncDecl) constant.Value {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Params().Len() != 0 || sig.Results().Len() != 1 ||
		!strings.Contains(strings.ToLower(fn.Name()), "version") {
		return nil
	}
	if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return nil
	}
	if d.Body == nil || len(d.Body.List) != 1 {
		return nil
	}
	ret, ok := d.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	tv, ok := info.Types[ret.Results[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return nil
	}
	return tv.Value
}

// recvTypeName is the named type of a method's receiver.
func recvTypeName(fn *types.Func) *types.TypeName {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// gormigrateSteps are the Migrate function literals of gormigrate
// Migrations written in the package's functions.
func gormigrateSteps(info *types.Info, decls map[*types.Func][]*Func) []stepFunc {
	var out []stepFunc
	for _, funcs := range decls {
		if len(funcs) == 0 {
			continue
		}
		d, ok := funcs[0].Node.(*ast.FuncDecl)
		if !ok || d.Body == nil {
			continue
		}
		byLit := map[ast.Node]*Func{}
		for _, f := range funcs[1:] {
			byLit[f.Node] = f
		}
		var stack []ast.Node
		ast.Inspect(d.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !isGormigrateMigration(info.TypeOf(lit)) {
				return true
			}
			id, body := "", ast.Expr(nil)
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				k, _ := kv.Key.(*ast.Ident)
				switch {
				case k == nil:
				case k.Name == "ID":
					if tv, ok := info.Types[kv.Value]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
						id = constant.StringVal(tv.Value)
					}
				case k.Name == "Migrate":
					body = ast.Unparen(kv.Value)
				}
			}
			f := byLit[body]
			if f == nil {
				return true
			}
			st := stepFunc{name: fmt.Sprintf("migration %q (gormigrate)", id), funcs: []*Func{f}}
			if i, slice := sliceElement(stack, lit); slice != nil {
				st.family, st.key = slice, constant.MakeInt64(int64(i))
			} else if digits(id) {
				st.family, st.key = gormigratePath, constant.MakeFromLiteral(id, token.INT, 0)
			} else {
				return true // no order known
			}
			out = append(out, st)
			return true
		})
	}
	return out
}

// isGormigrateMigration reports whether t is gormigrate's Migration (or a
// pointer to it).
func isGormigrateMigration(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Name() != "Migration" {
		return false
	}
	path := n.Obj().Pkg().Path()
	return path == gormigratePath || strings.HasPrefix(path, gormigratePath+"/")
}

// sliceElement returns the index of lit (or &lit) among the elements of
// the composite literal around it, and that literal; nil when lit is not
// an element of one.
func sliceElement(stack []ast.Node, lit *ast.CompositeLit) (int, *ast.CompositeLit) {
	var elem ast.Node = lit
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				elem = n
				continue
			}
		case *ast.CompositeLit:
			for j, e := range n.Elts {
				if e == elem {
					return j, n
				}
			}
		}
		return 0, nil
	}
	return 0, nil
}

// digits reports whether s is a non-empty run of decimal digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
