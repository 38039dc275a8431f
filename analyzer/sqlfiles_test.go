package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/analyzer"
)

// sqlWant matches an expectation in a SQL file: a comment
// -- want `regexp` on the line a finding's statement starts on.
var sqlWant = regexp.MustCompile("-- want `([^`]*)`")

// TestSQLFiles lints testdata/sqlfiles as `locklint sql` does and checks
// every finding against the file's want comments, and every want comment
// against a finding.
func TestSQLFiles(t *testing.T) {
	dir := filepath.Join(testdata, "sqlfiles")
	findings, problems, err := analyzer.LintSQLFiles(analyzer.Config{}, dir, []string{filepath.Join(dir, "*.sql")})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("problem: %v", p)
	}
	type key struct {
		file string
		line int
	}
	wants := map[key][]*regexp.Regexp{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range sqlWant.FindAllStringSubmatch(line, -1) {
				k := key{filepath.Base(f), i + 1}
				wants[k] = append(wants[k], regexp.MustCompile(m[1]))
			}
		}
	}
	for _, f := range findings {
		k := key{filepath.Base(f.Pos.Filename), f.Pos.Line}
		matched := false
		for i, rx := range wants[k] {
			if rx.MatchString(f.Message) {
				wants[k] = append(wants[k][:i], wants[k][i+1:]...)
				matched = true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d: unexpected finding: %s", k.file, k.line, f.Message)
		}
	}
	for k, rxs := range wants {
		for _, rx := range rxs {
			t.Errorf("%s:%d: no finding matching %s", k.file, k.line, rx)
		}
	}
}

// TestSQLFilesTiDB checks that nothing is reported for TiDB, which runs
// every DDL online.
func TestSQLFilesTiDB(t *testing.T) {
	dir := filepath.Join(testdata, "sqlfiles")
	findings, _, err := analyzer.LintSQLFiles(analyzer.Config{Engine: "tidb", Enable: []string{"ddl-lock"}}, dir, []string{filepath.Join(dir, "001_blocking.up.sql")})
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 0 {
		t.Errorf("TiDB: got %d findings, want none: %v", len(findings), findings)
	}
}

// recorder is an analysistest.Testing that keeps the errors analysistest
// reports instead of failing: diagnostics in SQL files cannot carry want
// comments that analysistest reads (it reads them only from Go files and
// the package's OtherFiles, which embedded files are not).
type recorder struct {
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestEmbeddedMigrations checks that a package reports the migrations it
// embeds, at their file and line, and nothing else: not the .down.sql
// files, not SQL files it does not embed.
func TestEmbeddedMigrations(t *testing.T) {
	var r recorder
	a := analyzer.New(analyzer.Config{Schema: []string{testSchema}})
	analysistest.Run(&r, testdata, a, "embedmig")
	want := []string{
		`embedmig/migrations/002_status.up.sql:2:1: unexpected diagnostic: ddl-lock: ALTER TABLE orders may not run online: if it changes a column's data type`,
	}
	sort.Strings(r.errors)
	if len(r.errors) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(r.errors), len(want), strings.Join(r.errors, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(r.errors[i], w) {
			t.Errorf("got  %s\nwant %s...", r.errors[i], w)
		}
	}
}

// TestEmbeddedMigrationsPriorSchema checks ALTERs against the tables the
// earlier migration files left: a MODIFY that keeps a column's type
// (dropping ON UPDATE, also after a rename) is not reported, one that
// changes it is; ADD COLUMN on a table with a FULLTEXT index is reported
// as certain, on a table without one, or after the index is dropped,
// it is not.
func TestEmbeddedMigrationsPriorSchema(t *testing.T) {
	var r recorder
	a := analyzer.New(analyzer.Config{Schema: []string{testSchema}})
	analysistest.Run(&r, testdata, a, "embedmigprior")
	want := []string{
		`embedmigprior/migrations/002_modify.up.sql:4:1: unexpected diagnostic: ddl-lock: ALTER TABLE labels may not run online: if it changes a column's data type`,
		`embedmigprior/migrations/003_columns.up.sql:2:1: unexpected diagnostic: ddl-lock: ALTER TABLE posts cannot run online: posts has a FULLTEXT index`,
	}
	sort.Strings(r.errors)
	if len(r.errors) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(r.errors), len(want), strings.Join(r.errors, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(r.errors[i], w) {
			t.Errorf("got  %s\nwant %s...", r.errors[i], w)
		}
	}
}
