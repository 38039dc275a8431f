package extract

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// The import paths of the Go database libraries locklint knows, and what
// each is, live in this one table: the recognizers refer to these names,
// and the analyzer asks the table whether a package can talk to a
// database at all and to which server.

const (
	pkgSQL        = "database/sql"
	pkgSQLX       = "github.com/jmoiron/sqlx"
	gormPath      = "gorm.io/gorm"
	pkgGORMv1     = "github.com/jinzhu/gorm"
	pkgGORMClause = "gorm.io/gorm/clause"
	pkgSquirrel   = "github.com/Masterminds/squirrel"
	pkgXORM       = "xorm.io/xorm"
	pkgXORMFork   = "github.com/xorm-io/xorm"
	// pkgXORMBuilder builds conditions and statements for xorm; it sends
	// nothing itself.
	pkgXORMBuilder = "xorm.io/builder"
	pkgEnt         = "entgo.io/ent"
	pkgEntSQL      = "entgo.io/ent/dialect/sql"
	pkgBun         = "github.com/uptrace/bun"
	pkgGoqu        = "github.com/doug-martin/goqu/v9"
	pkgGoquExp     = "github.com/doug-martin/goqu/v9/exp"
)

// Backend is the database server a driver or a dialect name stands for.
type Backend uint8

const (
	BackendUnknown  Backend = iota
	BackendMySQL            // MySQL, MariaDB, TiDB: what locklint judges
	BackendPostgres         // PostgreSQL, CockroachDB
	BackendSQLite
	BackendOther // SQL Server, ClickHouse, ...: not MySQL either
)

func (b Backend) String() string {
	return [...]string{"unknown", "MySQL", "PostgreSQL", "SQLite", "another database"}[b]
}

// library is one row of the table.
type library struct {
	// api is true for the libraries whose calls send SQL (their import
	// means a package may talk to a database).
	api bool
	// backend is the server a driver (or a GORM dialector) talks to.
	backend Backend
}

// libraries is keyed by import path. Drivers are listed with the versions
// projects import; a path below one (pgx/v5/stdlib) counts as it.
var libraries = map[string]library{
	pkgSQL:        {api: true},
	pkgSQLX:       {api: true},
	gormPath:      {api: true},
	pkgGORMv1:     {api: true},
	pkgGORMClause: {},
	pkgSquirrel:   {api: true},
	pkgXORM:       {api: true},
	pkgXORMFork:   {api: true},
	pkgEnt:        {api: true}, // imported by the client package ent generates
	pkgEntSQL:     {api: true},
	pkgBun:        {api: true},
	pkgGoqu:       {api: true},
	pkgGoquExp:    {},

	"github.com/go-sql-driver/mysql":           {backend: BackendMySQL},
	"github.com/ziutek/mymysql":                {backend: BackendMySQL},
	"gorm.io/driver/mysql":                     {backend: BackendMySQL},
	"github.com/jinzhu/gorm/dialects/mysql":    {backend: BackendMySQL},
	"github.com/lib/pq":                        {backend: BackendPostgres},
	"github.com/jackc/pgx":                     {backend: BackendPostgres},
	"github.com/jackc/pgx/v4":                  {backend: BackendPostgres},
	"github.com/jackc/pgx/v5":                  {backend: BackendPostgres},
	"github.com/jackc/pgconn":                  {backend: BackendPostgres},
	"github.com/jackc/pgtype":                  {backend: BackendPostgres},
	"github.com/go-pg/pg":                      {backend: BackendPostgres},
	"github.com/go-pg/pg/v10":                  {backend: BackendPostgres},
	"gorm.io/driver/postgres":                  {backend: BackendPostgres},
	"github.com/jinzhu/gorm/dialects/postgres": {backend: BackendPostgres},
	"github.com/mattn/go-sqlite3":              {backend: BackendSQLite},
	"modernc.org/sqlite":                       {backend: BackendSQLite},
	"github.com/glebarez/go-sqlite":            {backend: BackendSQLite},
	"github.com/glebarez/sqlite":               {backend: BackendSQLite},
	"github.com/ncruces/go-sqlite3":            {backend: BackendSQLite},
	"zombiezen.com/go/sqlite":                  {backend: BackendSQLite},
	"crawshaw.io/sqlite":                       {backend: BackendSQLite},
	"gorm.io/driver/sqlite":                    {backend: BackendSQLite},
	"github.com/jinzhu/gorm/dialects/sqlite":   {backend: BackendSQLite},
	"github.com/denisenkom/go-mssqldb":         {backend: BackendOther},
	"github.com/microsoft/go-mssqldb":          {backend: BackendOther},
	"gorm.io/driver/sqlserver":                 {backend: BackendOther},
	"github.com/ClickHouse/clickhouse-go":      {backend: BackendOther},
	"github.com/ClickHouse/clickhouse-go/v2":   {backend: BackendOther},

	// bun's dialects and drivers, goqu's dialects (imported for their
	// registration: _ "github.com/doug-martin/goqu/v9/dialect/mysql").
	"github.com/uptrace/bun/dialect/mysqldialect":      {backend: BackendMySQL},
	"github.com/uptrace/bun/dialect/pgdialect":         {backend: BackendPostgres},
	"github.com/uptrace/bun/driver/pgdriver":           {backend: BackendPostgres},
	"github.com/uptrace/bun/dialect/sqlitedialect":     {backend: BackendSQLite},
	"github.com/uptrace/bun/driver/sqliteshim":         {backend: BackendSQLite},
	"github.com/uptrace/bun/dialect/mssqldialect":      {backend: BackendOther},
	"github.com/doug-martin/goqu/v9/dialect/mysql":     {backend: BackendMySQL},
	"github.com/doug-martin/goqu/v9/dialect/postgres":  {backend: BackendPostgres},
	"github.com/doug-martin/goqu/v9/dialect/sqlite3":   {backend: BackendSQLite},
	"github.com/doug-martin/goqu/v9/dialect/sqlserver": {backend: BackendOther},
}

// driverNames are the names drivers register with database/sql, as
// sql.Open, sqlx.Open, sqlx.Connect and sqlx.NewDb take them.
var driverNames = map[string]Backend{
	"mysql":    BackendMySQL,
	"mymysql":  BackendMySQL,
	"postgres": BackendPostgres, "postgresql": BackendPostgres,
	"pgx": BackendPostgres, "pgx/v4": BackendPostgres, "pgx/v5": BackendPostgres,
	"cloudsqlpostgres": BackendPostgres, "cockroach": BackendPostgres,
	"sqlite3": BackendSQLite, "sqlite": BackendSQLite,
	"sqlserver": BackendOther, "mssql": BackendOther, "clickhouse": BackendOther,
}

// lookupLibrary returns the row for path or for the nearest listed path
// above it.
func lookupLibrary(path string) (library, bool) {
	for {
		if l, ok := libraries[path]; ok {
			return l, true
		}
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			return library{}, false
		}
		path = path[:i]
	}
}

// SendsSQL reports whether importing path lets a package send SQL: it is
// one of the database libraries the extractor reads.
func SendsSQL(path string) bool {
	l, ok := libraries[path]
	return ok && l.api
}

// BackendEvidence is what a file's Go code says about the server it talks
// to: the dialects its handles and drivers name, strongest evidence first.
type BackendEvidence struct {
	// Named are the backends the file names where it opens a handle:
	// sql.Open("postgres", ...), sqlx.NewDb(db, "sqlite3"), or a GORM
	// dialector's Open (postgres.Open(dsn)).
	Named []Backend
	// Imported are the backends of the drivers the file imports.
	Imported []Backend
}

// Has reports whether the evidence names b.
func (e BackendEvidence) Has(b Backend) bool {
	for _, x := range e.Named {
		if x == b {
			return true
		}
	}
	for _, x := range e.Imported {
		if x == b {
			return true
		}
	}
	return false
}

// Foreign returns the non-MySQL backend the evidence names, strongest
// first, or BackendUnknown.
func (e BackendEvidence) Foreign() Backend {
	for _, list := range [][]Backend{e.Named, e.Imported} {
		for _, b := range list {
			if b != BackendMySQL && b != BackendUnknown {
				return b
			}
		}
	}
	return BackendUnknown
}

// FileBackend reads what file says about the database it talks to.
func FileBackend(info *types.Info, file *ast.File) BackendEvidence {
	var e BackendEvidence
	add := func(list *[]Backend, b Backend) {
		for _, x := range *list {
			if x == b {
				return
			}
		}
		*list = append(*list, b)
	}
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if l, ok := lookupLibrary(path); ok && l.backend != BackendUnknown {
			add(&e.Imported, l.backend)
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if namesMySQLBranch(info, n) {
			// One package for every server, picked by configuration:
			// its MySQL branch talks to MySQL.
			add(&e.Named, BackendMySQL)
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return true
		}
		if b := namedBackend(info, fn, call); b != BackendUnknown {
			add(&e.Named, b)
		}
		return true
	})
	return e
}

// namedBackend returns the backend a call that opens a handle names.
func namedBackend(info *types.Info, fn *types.Func, call *ast.CallExpr) Backend {
	pkg := fn.Pkg().Path()
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return BackendUnknown
	}
	driverArg := -1
	switch {
	case pkg == pkgGoqu && sig.Recv() != nil && fn.Name() == "WithDialect":
		driverArg = 0 // goqu.From("t").WithDialect("postgres")
	case sig.Recv() != nil:
		return BackendUnknown
	case pkg == pkgGoqu && (fn.Name() == "New" || fn.Name() == "Dialect"):
		driverArg = 0 // goqu.New("mysql", db), goqu.Dialect("postgres")
	case pkg == pkgSQL && fn.Name() == "Open":
		driverArg = 0
	case pkg == pkgSQLX && (fn.Name() == "Open" || fn.Name() == "Connect" || fn.Name() == "MustOpen" || fn.Name() == "MustConnect" || fn.Name() == "ConnectContext"):
		driverArg = 0
		if fn.Name() == "ConnectContext" {
			driverArg = 1
		}
	case pkg == pkgSQLX && fn.Name() == "NewDb":
		driverArg = 1
	case pkg == pkgGORMv1 && fn.Name() == "Open":
		driverArg = 0
	case isXORMPkg(pkg) && strings.HasPrefix(fn.Name(), "NewEngine"):
		driverArg = 0 // xorm.NewEngine("postgres", dsn), NewEngineGroup, ...
	case fn.Name() == "Open" && (pkg == pkgEntSQL || entClientPkg(fn.Pkg())):
		driverArg = 0 // ent.Open("mysql", dsn), entsql.Open(dialect.MySQL, dsn)
	default:
		// A GORM dialector: postgres.Open(dsn), sqlite.New(config).
		if l, ok := lookupLibrary(pkg); ok && l.backend != BackendUnknown && (fn.Name() == "Open" || fn.Name() == "New") {
			return l.backend
		}
		return BackendUnknown
	}
	if driverArg >= len(call.Args) {
		return BackendUnknown
	}
	tv, ok := info.Types[call.Args[driverArg]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return BackendUnknown
	}
	return driverNames[strings.ToLower(constant.StringVal(tv.Value))]
}
