package extract

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/sqltext"
)

// GORM derives schema changes from models: db.AutoMigrate(&Order{}) and
// db.Migrator().AddColumn(&Order{}, "Note") send CREATE TABLE and ALTER
// TABLE statements whose text exists only at run time. They are recorded
// as sites with Migrate set and a DDL summary standing for that text, so
// ddl-lock can report them: run from request code, each ALTER waits for
// the table's metadata lock while every later query on the table queues
// behind it.

// migratorDDL maps the gorm.Migrator methods that change an existing
// table to the DDL they send. CreateTable (a new table) and the read-only
// methods (HasTable, ColumnTypes, ...) are not DDL on an existing table.
var migratorDDL = map[string]sqltext.DDLOp{
	"AutoMigrate":      sqltext.DDLAlterTable,
	"AddColumn":        sqltext.DDLAlterTable,
	"DropColumn":       sqltext.DDLAlterTable,
	"AlterColumn":      sqltext.DDLAlterTable,
	"MigrateColumn":    sqltext.DDLAlterTable,
	"RenameColumn":     sqltext.DDLAlterTable,
	"CreateConstraint": sqltext.DDLAlterTable,
	"DropConstraint":   sqltext.DDLAlterTable,
	"RenameIndex":      sqltext.DDLAlterTable,
	"CreateIndex":      sqltext.DDLCreateIndex,
	"DropIndex":        sqltext.DDLDropIndex,
	"DropTable":        sqltext.DDLDropTable,
	"RenameTable":      sqltext.DDLRenameTable,
}

// recognizeGORMMigrate handles (*gorm.DB).AutoMigrate and the methods of
// gorm.Migrator. Calls in startup and migration code are claimed without a
// site: that is where schema changes belong.
func recognizeGORMMigrate(c *call) bool {
	if c.fn == nil || c.fn.Pkg() == nil || c.fn.Pkg().Path() != gormPath {
		return false
	}
	op, ok := migratorDDL[c.fn.Name()]
	if !ok {
		return false
	}
	sig := c.fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return false
	}
	_, recv := named(sig.Recv().Type())
	var db ast.Expr
	switch {
	case recv == "DB" && c.fn.Name() == "AutoMigrate":
		db = receiver(c.expr)
	case recv == "Migrator":
		db = migratorDB(c, receiver(c.expr))
	default:
		return false
	}
	method := c.fn.Name()
	if recv == "Migrator" {
		method = "Migrator()." + method
	}
	h := Handle{Expr: db}
	if db != nil {
		if t := c.info.TypeOf(db); t != nil {
			h.Type = typeString(t)
		}
		h.Ref = refOf(c.info, db)
	}
	s := &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: GORM,
		Method:    method,
		SQL:       &sqltext.Summary{Kind: sqltext.KindDDL, DDL: &sqltext.DDL{Op: op}},
		Migrate:   true,
		Handle:    h,
		Loop:      c.loop,
		info:      c.info,
		// A DAL's DropTables(dst...), RenameTable(old, new) or
		// DropColumn(name): the caller names what changes, and the
		// helper is judged there.
		migrateTableParam: recv == "Migrator" && anyParamArg(c),
		migrateModels:     migrateArgs(c, recv == "Migrator"),
	}
	if startupCode(c.out.declName) || migrationPackage(c.out.pkgName()) || c.out.migrationStep != nil {
		// Where schema changes belong: silent, unless a step of a
		// versioned migration (MarkMigrationSteps), and carried to
		// callers when the models are theirs.
		c.out.quietMigrate = append(c.out.quietMigrate, s)
		return true
	}
	c.out.Sites = append(c.out.Sites, s)
	return true
}

// migrateArgs are the arguments naming what a migrate call changes:
// every model of AutoMigrate, the first argument (a model or a table
// name) of a Migrator method.
func migrateArgs(c *call, migrator bool) []ast.Expr {
	if migrator {
		if len(c.expr.Args) == 0 {
			return nil
		}
		return c.expr.Args[:1]
	}
	return c.expr.Args
}

// anyParamArg reports whether some argument of the call is a parameter
// of the function it is in.
func anyParamArg(c *call) bool {
	for _, a := range c.expr.Args {
		if paramArg(c, a) {
			return true
		}
	}
	return false
}

// paramArg reports whether e is a parameter of the function c is in.
func paramArg(c *call, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := c.info.Uses[id].(*types.Var)
	return ok && isParamOf(c, v)
}

// migratorDB finds the *gorm.DB a Migrator came from: db.Migrator(), or a
// variable assigned from it.
func migratorDB(c *call, e ast.Expr) ast.Expr {
	for range maxTextDepth {
		if e == nil {
			return nil
		}
		if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Migrator" {
				return sel.X
			}
			return nil
		}
		e = c.defs.value(c.info, e)
	}
	return nil
}

// startupCode reports whether a function, by its name, runs at startup or
// as a migration rather than on a request path: main, init, tests,
// constructors (New..., Open..., Connect...), and functions or types whose
// name says they migrate, set up, initialize or seed.
func startupCode(full string) bool {
	name := full
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:] // the method name of "Type.Method"
	}
	switch name {
	case "main", "init":
		return true
	}
	for _, p := range []string{"Test", "Benchmark", "Example", "Fuzz", "New", "new", "Open", "open", "Connect", "connect", "Must", "must"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	lower := strings.ToLower(full) // the type's name counts too: Migrator.Run
	for _, w := range []string{"migrat", "setup", "init", "bootstrap", "schema", "seed"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// migrationPackage reports whether a package's name says it holds
// migrations (migrations, migration, migrationscripts, dbmigrations, or
// migrate itself): all its code is migration code.
func migrationPackage(name string) bool { return models.MigrationPackage(name) }

// pkgName is the name of the package f is declared in, "" when unknown.
func (f *Func) pkgName() string {
	if f.defs.pkg == nil || f.defs.pkg.types == nil {
		return ""
	}
	return f.defs.pkg.types.Name()
}

// DropStartupHelperMigrations removes the GORM schema-change sites of
// unexported helpers that only startup code calls, and marks those
// helpers as startup code for Entry: a constructor
// NewAdapter that calls a.createTable(), which runs AutoMigrate, migrates
// at startup just as if it called AutoMigrate itself, though the helper's
// own name says nothing about startup. decls maps each function
// declaration of the package to its extraction (the declaration first).
// A helper qualifies when every use of it in the package is a direct call
// from the body (not a function literal: a handler registered in main
// runs on the request path) of startup code or of another qualifying
// helper. A helper never used, or used as a value, keeps its sites:
// nothing shows that it runs only at startup.
func DropStartupHelperMigrations(info *types.Info, decls map[*types.Func][]*Func) {
	uses := map[*types.Func]int{}
	for _, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok {
			if _, local := decls[fn]; local {
				uses[fn]++
			}
		}
	}
	callers := map[*types.Func][]*Func{}
	for _, funcs := range decls {
		for _, f := range funcs {
			for _, c := range f.Calls {
				if fn := c.Fn.Origin(); decls[fn] != nil {
					callers[fn] = append(callers[fn], f)
				}
			}
		}
	}
	startup := map[*types.Func]bool{}
	for fn, funcs := range decls {
		startup[fn] = len(funcs) > 0 && (startupCode(funcs[0].declName) || migrationPackage(funcs[0].pkgName()))
	}
	for changed := true; changed; {
		changed = false
		for fn := range decls {
			if startup[fn] || fn.Exported() || uses[fn] == 0 || uses[fn] != len(callers[fn]) {
				continue
			}
			all := true
			for _, f := range callers[fn] {
				owner, ok := f.Node.(*ast.FuncDecl)
				if !ok || !startup[declObj(info, owner)] {
					all = false
					break
				}
			}
			if all {
				startup[fn] = true
				changed = true
			}
		}
	}
	for fn, funcs := range decls {
		if !startup[fn] {
			continue
		}
		if len(funcs) > 0 {
			funcs[0].startupHelper = true // its own literals may be handlers
		}
		for _, f := range funcs {
			kept := f.Sites[:0]
			for _, s := range f.Sites {
				if !s.Migrate {
					kept = append(kept, s)
				} else {
					f.quietMigrate = append(f.quietMigrate, s)
				}
			}
			f.Sites = kept
		}
	}
}

func declObj(info *types.Info, d *ast.FuncDecl) *types.Func {
	fn, _ := info.Defs[d.Name].(*types.Func)
	return fn
}
