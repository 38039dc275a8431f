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
// side, or one adapter file per backend in one package. So before judging
// a file, locklint asks which server it talks to, strongest evidence
// first:
//
//  1. the dialect its handles name (sql.Open("postgres", ...),
//     sqlx.NewDb(db, "sqlite3"), gorm.Open(postgres.Open(dsn))) and the
//     drivers it imports (github.com/lib/pq, modernc.org/sqlite, ...): in
//     the file itself, else anywhere in the package's non-test files;
//  2. the dialect of its statements: `?` placeholders against `$1`,
//     ON CONFLICT, RETURNING, `::` casts, ILIKE.
//
// The MySQL driver or a "mysql" handle keeps code judged. In a package
// whose Go code names only PostgreSQL, a file whose statements bind `?`
// placeholders, which PostgreSQL's drivers do not, is a MySQL adapter and
// is judged; SQLite binds `?` too, so that says nothing against SQLite. A
// package with no evidence in Go is judged unless its statements are all
// in another dialect. Whatever the package, a statement written in
// another dialect is never summarized (extract leaves it unknown).
//
// A test file that opens SQLite to exercise a MySQL repository says
// nothing of the repository: test files count only for themselves.

// backends is what a package's files say about the server they talk to.
type backends struct {
	pkg   extract.BackendEvidence                 // the package's non-test files together
	files map[*token.File]extract.BackendEvidence // each file's own
	// question and foreign list the files whose own statements bind ?
	// placeholders in MySQL's dialect, and that have statements in
	// another dialect.
	question, foreign map[*token.File]bool
}

// readBackends collects the Go evidence of the package's files.
func readBackends(pass *analysis.Pass) *backends {
	b := &backends{files: map[*token.File]extract.BackendEvidence{}}
	var all extract.BackendEvidence
	tests := 0
	for _, f := range pass.Files {
		ev := extract.FileBackend(pass.TypesInfo, f)
		b.files[pass.Fset.File(f.Pos())] = ev
		all.Named = append(all.Named, ev.Named...)
		all.Imported = append(all.Imported, ev.Imported...)
		if isTestFile(pass, f) {
			tests++
			continue
		}
		b.pkg.Named = append(b.pkg.Named, ev.Named...)
		b.pkg.Imported = append(b.pkg.Imported, ev.Imported...)
	}
	if tests == len(pass.Files) {
		b.pkg = all // a package of tests only: its tests are the package
	}
	return b
}

// judgesNothing reports, before extraction, that no file of the package
// can be judged: Go code names SQLite or another non-MySQL server and
// nothing names MySQL. It then produces neither findings nor facts.
func (b *backends) judgesNothing() bool {
	if b.pkg.Has(extract.BackendMySQL) {
		return false
	}
	switch b.pkg.Foreign() {
	case extract.BackendSQLite, extract.BackendOther:
		for _, ev := range b.files {
			if ev.Has(extract.BackendMySQL) {
				return false
			}
		}
		return true
	}
	return false
}

// readStatements records the dialect of the statements the package's
// functions write themselves.
func (b *backends) readStatements(fset *token.FileSet, decls []*decl) {
	b.question, b.foreign = map[*token.File]bool{}, map[*token.File]bool{}
	for _, d := range decls {
		for _, f := range d.funcs {
			for _, s := range f.Sites {
				if s.Via != nil && !s.TextFromCaller || s.Text == "" {
					// A callee's statement is its file's; SQL this file
					// hands to a wrapper (tx.ExecContext of its own Tx
					// interface) is this file's.
					continue
				}
				file := fset.File(s.Pos)
				switch dia := sqltext.DialectOfCached(s.Text); {
				case dia.Foreign != "":
					b.foreign[file] = true
				case dia.QuestionMarks && s.Framework != extract.Bun && s.Framework != extract.Goqu:
					// bun writes ? for every dialect, and goqu's text is
					// locklint's rendering: no evidence of MySQL.
					b.question[file] = true
				}
			}
		}
	}
}

// judgesAny reports whether some file of the package is judged.
func (b *backends) judgesAny() bool {
	for f := range b.files {
		if b.judgesFile(f) {
			return true
		}
	}
	return false
}

// judgesFile reports whether the code of file f talks to MySQL, as far as
// can be told.
func (b *backends) judgesFile(f *token.File) bool {
	ev := b.files[f]
	switch {
	case ev.Has(extract.BackendMySQL):
		return true
	case onlyImported(ev) && b.question[f] && !b.foreign[f]:
		// A driver imported for its error values (pgx.ErrTxCommitRollback
		// beside database/sql) while the file's own statements bind ?
		// placeholders: they are the MySQL adapters' statements.
		return true
	case ev.Foreign() != extract.BackendUnknown:
		return false
	}
	if b.pkg.Has(extract.BackendMySQL) {
		return true
	}
	switch b.pkg.Foreign() {
	case extract.BackendPostgres:
		return b.question[f]
	case extract.BackendUnknown:
		// Nothing in Go: the statements of the whole package decide.
		return len(b.question) > 0 || len(b.foreign) == 0
	}
	return false
}

// judges reports whether a finding at pos is about MySQL code.
func (b *backends) judges(fset *token.FileSet, pos token.Pos) bool {
	return b.judgesFile(fset.File(pos))
}

// onlyImported reports whether the file names no server in Go and only
// imports another server's driver.
func onlyImported(ev extract.BackendEvidence) bool {
	return len(ev.Named) == 0 && ev.Foreign() != extract.BackendUnknown
}

func isTestFile(pass *analysis.Pass, f *ast.File) bool {
	return strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go")
}
