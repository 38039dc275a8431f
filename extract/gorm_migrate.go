package extract

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// GORM derives schema changes from models: db.AutoMigrate(&Order{}) and
// db.Migrator().AddColumn(&Order{}, "Note") send CREATE TABLE and ALTER
// TABLE statements whose text exists only at run time. They are recorded
// as sites with Migrate set and a DDL summary standing for that text, so
// ddl-lock can report them: run from request code, each ALTER waits for
// the table's metadata lock while every later query on the table queues
// behind it.

const gormPath = "gorm.io/gorm"

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
	if startupCode(c.out.declName) {
		return true
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
	c.out.Sites = append(c.out.Sites, &Site{
		Call:      c.expr,
		Pos:       c.expr.Pos(),
		Framework: GORM,
		Method:    method,
		SQL:       &sqltext.Summary{Kind: sqltext.KindDDL, DDL: &sqltext.DDL{Op: op}},
		Migrate:   true,
		Handle:    h,
		Loop:      c.loop,
		info:      c.info,
	})
	return true
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
