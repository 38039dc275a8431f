package extract

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
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
//     migration's ID once it ran, written in a function or as the value
//     of a package-level variable. Steps are ordered by the place of
//     their Migration, or of the variable holding it, in one slice
//     literal, which is the order gormigrate runs them in, or else by IDs
//     made of digits alone (timestamps).
//
// xormigrate (src.techknowlogick.com/xormigrate) runs the steps of a
// slice of Migrations in order, each Migrate function given the engine
// and each MigrateSession function a session the runner opens for the
// step with engine.NewSession() and never begins: every statement of the
// step autocommits on whichever connection the pool picks, and nothing
// (no lock_wait_timeout) was set on it. The session parameter of such a
// literal is that session, also where the step hands it to a helper of
// the package, so the step's DDL and backfills are judged as the pool's.
// Steps are often package-level variables (var addOrgID =
// xormigrate.Migration{...}) listed in a slice elsewhere: VarDecl reads
// their literals. Their SQL statements are judged one by one whatever
// step runs them; their schema changes derived from models (xorm's
// Sync, like GORM's AutoMigrate) need the steps' order, which is the
// slice's, as for gormigrate. The literals of gormigrate and xormigrate
// steps count as migration code, where a schema change derived from
// models stays silent unless MarkMigrationSteps finds it a step's.
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
		Migrate: s.Method, MigrateOp: op, ModelParam: mp, SyncDrops: s.SyncDrops,
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
// package's functions and judges their schema changes derived from
// models (GORM's AutoMigrate and Migrator, xorm's Sync): one that
// alters a table an earlier step of the same runner created or changed
// gets Step and is a site of its function; the others of those steps stay
// silent. Call it once the functions are expanded for the last time.
// decls maps each function declaration of the package to its extraction
// (the declaration first).
//
// vars are the function literals of package-level variables (VarDecl):
// gormigrate steps there count as in functions, ordered by the place of
// their Migration, or of the variable holding it, in a slice literal.
func MarkMigrationSteps(info *types.Info, decls map[*types.Func][]*Func, vars []*Func) {
	lits := slices.Clone(vars)
	for _, funcs := range decls {
		if len(funcs) > 0 {
			lits = append(lits, funcs[1:]...)
		}
	}
	steps := versionedSteps(info, decls)
	steps = append(steps, librarySteps(lits)...)
	steps = append(steps, listedSteps(info, decls)...)
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
		if s.Framework == XORM {
			if table, ok := models.XORMTableName(obj, *st.source(f.info).Source, f.xormNames()); ok {
				out = append(out, table)
			} else if table := st.xormTables[obj]; table != "" {
				out = append(out, table)
			}
			continue
		}
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

// xormigratePath is xormigrate's module.
const xormigratePath = "src.techknowlogick.com/xormigrate"

// migrationLit is the function literal given as a field of a migration
// library's Migration literal: the step's Migrate function, its
// Rollback, ...
type migrationLit struct {
	// lib is the library's path (gormigratePath, xormigratePath).
	lib string
	// field is the field the literal is given as: "Migrate".
	field string
	// id is the Migration's ID, when a constant.
	id string
	// index and slice place the Migration (or &Migration) in the slice
	// literal it is an element of; slice is nil when it is none.
	index int
	slice *ast.CompositeLit
	// holder is the package-level variable the Migration is the value
	// of (var addNote = gormigrate.Migration{...}), listed in a slice
	// elsewhere.
	holder *types.Var
}

// noteMigrationStep records lit, met with the stack of its ancestors,
// when it is a function of a gormigrate or xormigrate Migration literal
// (Migrate, Rollback, ...): migration code. The session a xormigrate
// MigrateSession function takes is the fresh, never begun session
// xormigrate opens for the step. Called before lit is extracted.
func (p *Package) noteMigrationStep(lit *ast.FuncLit, stack []ast.Node) {
	if p == nil || p.info == nil {
		return
	}
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 1 {
		return
	}
	kv, ok := stack[i].(*ast.KeyValueExpr)
	if !ok || ast.Unparen(kv.Value) != ast.Expr(lit) {
		return
	}
	cl, ok := stack[i-1].(*ast.CompositeLit)
	key, _ := kv.Key.(*ast.Ident)
	if !ok || key == nil {
		return
	}
	t := p.info.TypeOf(cl)
	lib := migrationLibrary(t)
	if lib == "" {
		return
	}
	step := &migrationLit{lib: lib, field: key.Name}
	if obj := paramObject(p.info, lit.Type, 0); lib == xormigratePath && key.Name == "MigrateSession" && obj != nil && isXORMSession(obj.Type()) {
		if p.stepSessions == nil {
			p.stepSessions = map[types.Object]bool{}
		}
		p.stepSessions[obj] = true
	}
	for _, e := range cl.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "ID" {
				if tv, ok := p.info.Types[kv.Value]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					step.id = constant.StringVal(tv.Value)
				}
			}
		}
	}
	step.index, step.slice = sliceElement(stack[:i], cl)
	if j := i - 2; step.slice == nil && j >= 0 {
		var value ast.Expr = cl
		if u, ok := stack[j].(*ast.UnaryExpr); ok && u.Op == token.AND && j > 0 {
			value, j = u, j-1 // var addNote = &gormigrate.Migration{...}
		}
		if vs, ok := stack[j].(*ast.ValueSpec); ok {
			for j, v := range vs.Values {
				if ast.Unparen(v) == value && j < len(vs.Names) {
					step.holder, _ = p.info.Defs[vs.Names[j]].(*types.Var)
				}
			}
		}
	}
	if p.stepLits == nil {
		p.stepLits = map[*ast.FuncLit]*migrationLit{}
	}
	p.stepLits[lit] = step
}

// xormigrateStepSession reports whether ref is the session xormigrate
// opens for the step whose function takes it as its parameter.
func xormigrateStepSession(c *call, ref Ref) bool {
	p := c.out.defs.pkg
	return p != nil && ref.Valid() && ref.Path == "" && p.stepSessions[ref.Root]
}

// librarySteps are the gormigrate and xormigrate steps among function
// literals (of the package's functions and of its package-level
// variables): each Migrate (or xormigrate's MigrateSession) function
// noteMigrationStep recorded.
func librarySteps(lits []*Func) []stepFunc {
	var out []stepFunc
	for _, f := range lits {
		m := f.migrationStep
		if m == nil || m.field != "Migrate" && (m.lib != xormigratePath || m.field != "MigrateSession") {
			continue
		}
		lib := "gormigrate"
		if m.lib == xormigratePath {
			lib = "xormigrate"
		}
		st := stepFunc{name: fmt.Sprintf("migration %q (%s)", m.id, lib), funcs: []*Func{f}}
		index, slice := m.index, m.slice
		if slice == nil && m.holder != nil {
			index, slice = f.defs.pkg.listedAt(m.holder)
		}
		switch {
		case slice != nil:
			st.family, st.key = slice, constant.MakeInt64(int64(index))
		case digits(m.id):
			st.family, st.key = m.lib, constant.MakeFromLiteral(m.id, token.INT, 0)
		default:
			continue // no order known
		}
		out = append(out, st)
	}
	return out
}

// listedSteps are the steps of a runner the package writes itself: a
// package-level slice, in a migration package, of calls that each name
// one function of the package (`var migrations = []Migration{
// NewMigration("v1.2.0", "add tags", addTags, false), ...}`). The runner
// applies them in the slice's order, each once; an element that names
// no function of the package (a no-op variable) is no step, but keeps
// its place.
func listedSteps(info *types.Info, decls map[*types.Func][]*Func) []stepFunc {
	var decl *Func // any of the package's: all share its Package
	for _, funcs := range decls {
		if len(funcs) > 0 {
			decl = funcs[0]
			break
		}
	}
	if decl == nil || decl.defs.pkg == nil || !migrationPackage(decl.pkgName()) {
		return nil
	}
	var out []stepFunc
	for _, init := range decl.defs.pkg.vars {
		out = append(out, stepCalls(info, decls, init)...)
	}
	return out
}

// stepCalls reads the steps of one slice literal of listedSteps; none
// when an element is not a call, or fewer than two elements name a
// function of the package.
func stepCalls(info *types.Info, decls map[*types.Func][]*Func, e ast.Expr) []stepFunc {
	cl, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	if t := info.TypeOf(cl); t == nil {
		return nil
	} else if _, ok := t.Underlying().(*types.Slice); !ok {
		return nil
	}
	var out []stepFunc
	for i, el := range cl.Elts {
		call, ok := ast.Unparen(el).(*ast.CallExpr)
		if !ok {
			return nil
		}
		var fn *types.Func
		label := ""
		for _, a := range call.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok {
				if f, ok := info.Uses[id].(*types.Func); ok && len(decls[f]) > 0 {
					if fn != nil {
						return nil // two functions: not a list of steps
					}
					fn = f
				}
			}
			if tv, ok := info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.String && label == "" {
				label = constant.StringVal(tv.Value)
			}
		}
		if fn == nil {
			continue
		}
		name := fn.Name()
		if label != "" {
			name = fmt.Sprintf("%s (%s)", name, label)
		}
		out = append(out, stepFunc{name: name, funcs: decls[fn], family: cl, key: constant.MakeInt64(int64(i))})
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// listedAt returns the index of v (or &v) among the elements of a
// composite literal of the package, and that literal; nil when v is
// listed in none.
func (p *Package) listedAt(v *types.Var) (int, *ast.CompositeLit) {
	if p == nil {
		return 0, nil
	}
	index, slice := 0, (*ast.CompositeLit)(nil)
	for _, file := range p.files {
		ast.Inspect(file, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok || slice != nil {
				return slice == nil
			}
			for j, e := range cl.Elts {
				e = ast.Unparen(e)
				if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
					e = ast.Unparen(u.X)
				}
				if id, ok := e.(*ast.Ident); ok && p.info.Uses[id] == v {
					index, slice = j, cl
					return false
				}
			}
			return true
		})
	}
	return index, slice
}

// migrationLibrary is the migration library whose Migration t is (or
// points to): gormigratePath (any major version) or xormigratePath; ""
// for any other type.
func migrationLibrary(t types.Type) string {
	if p, ok := types.Unalias(typeOrNil(t)).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(typeOrNil(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Name() != "Migration" {
		return ""
	}
	switch path := n.Obj().Pkg().Path(); {
	case path == gormigratePath || strings.HasPrefix(path, gormigratePath+"/"):
		return gormigratePath
	case path == xormigratePath:
		return xormigratePath
	}
	return ""
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
