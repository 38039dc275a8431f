package analyzer

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
)

// InnoDB rules say nothing true about PostgreSQL or SQLite, and projects
// that support several databases keep one package per backend, side by
// side. So before judging a package, locklint asks which server it talks
// to, strongest evidence first:
//
//  1. the dialect its own handles name (sql.Open("postgres", ...),
//     sqlx.NewDb(db, "sqlite3"), gorm.Open(postgres.Open(dsn)));
//  2. the drivers it imports (github.com/lib/pq, modernc.org/sqlite, ...);
//  3. the dialect of its statements: `?` placeholders against `$1`,
//     ON CONFLICT, RETURNING, `::` casts, ILIKE.
//
// Any sign of MySQL (its driver, a "mysql" handle, `?` placeholders)
// keeps the package judged: a package that serves MySQL and PostgreSQL
// side by side is judged, statement by statement, and a statement written
// for another database is never summarized (extract leaves it unknown).
// A package with no evidence at all is judged, as before.
//
// Test files are read apart: a test that opens SQLite to exercise a
// MySQL repository says nothing of the repository, but the test file's
// own findings are dropped with it.

// backends is what a package's files say about the server they talk to.
type backends struct {
	pkg     extract.BackendEvidence
	foreign map[*token.File]bool // test files that talk only to another database
}

// readBackends collects the evidence of the package's files.
func readBackends(pass *analysis.Pass) *backends {
	b := &backends{foreign: map[*token.File]bool{}}
	var tests []*ast.File
	for _, f := range pass.Files {
		ev := extract.FileBackend(pass.TypesInfo, f)
		if isTestFile(pass, f) {
			tests = append(tests, f)
			if ev.Foreign() != extract.BackendUnknown && !ev.Has(extract.BackendMySQL) {
				b.foreign[pass.Fset.File(f.Pos())] = true
			}
			continue
		}
		b.pkg.Named = append(b.pkg.Named, ev.Named...)
		b.pkg.Imported = append(b.pkg.Imported, ev.Imported...)
	}
	if len(tests) == len(pass.Files) {
		// A package of tests only: its tests are the package.
		for _, f := range tests {
			ev := extract.FileBackend(pass.TypesInfo, f)
			b.pkg.Named = append(b.pkg.Named, ev.Named...)
			b.pkg.Imported = append(b.pkg.Imported, ev.Imported...)
		}
	}
	return b
}

// foreign returns the other database the package's Go code says it talks
// to, or BackendUnknown when it may talk to MySQL.
func (b *backends) foreignPackage() extract.Backend {
	if b.pkg.Has(extract.BackendMySQL) {
		return extract.BackendUnknown
	}
	return b.pkg.Foreign()
}

// foreignStatements reports whether the statements the package writes
// itself say it talks to another database: some are in another dialect
// and none binds `?` placeholders. It is asked only when the Go code said
// nothing.
func foreignStatements(decls []*decl) bool {
	foreign := false
	for _, d := range decls {
		for _, f := range d.funcs {
			for _, s := range f.Sites {
				if s.Via != nil || s.Text == "" {
					continue
				}
				dia := sqltext.DialectOf(s.Text)
				if dia.QuestionMarks && dia.Foreign == "" {
					return false
				}
				if dia.Foreign != "" {
					foreign = true
				}
			}
		}
	}
	return foreign
}

// judges reports whether a finding at pos is about MySQL code.
func (b *backends) judges(fset *token.FileSet, pos token.Pos) bool {
	return !b.foreign[fset.File(pos)]
}

func isTestFile(pass *analysis.Pass, f *ast.File) bool {
	return strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go")
}
