package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/appends"
	"golang.org/x/tools/go/analysis/passes/asmdecl"
	"golang.org/x/tools/go/analysis/passes/assign"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/bools"
	"golang.org/x/tools/go/analysis/passes/buildtag"
	"golang.org/x/tools/go/analysis/passes/cgocall"
	"golang.org/x/tools/go/analysis/passes/composite"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/defers"
	"golang.org/x/tools/go/analysis/passes/directive"
	"golang.org/x/tools/go/analysis/passes/errorsas"
	"golang.org/x/tools/go/analysis/passes/framepointer"
	"golang.org/x/tools/go/analysis/passes/hostport"
	"golang.org/x/tools/go/analysis/passes/httpresponse"
	"golang.org/x/tools/go/analysis/passes/ifaceassert"
	"golang.org/x/tools/go/analysis/passes/loopclosure"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/nilfunc"
	"golang.org/x/tools/go/analysis/passes/printf"
	"golang.org/x/tools/go/analysis/passes/shift"
	"golang.org/x/tools/go/analysis/passes/sigchanyzer"
	"golang.org/x/tools/go/analysis/passes/slog"
	"golang.org/x/tools/go/analysis/passes/stdmethods"
	"golang.org/x/tools/go/analysis/passes/stdversion"
	"golang.org/x/tools/go/analysis/passes/stringintconv"
	"golang.org/x/tools/go/analysis/passes/structtag"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/tests"
	"golang.org/x/tools/go/analysis/passes/timeformat"
	"golang.org/x/tools/go/analysis/passes/unmarshal"
	"golang.org/x/tools/go/analysis/passes/unreachable"
	"golang.org/x/tools/go/analysis/passes/unsafeptr"
	"golang.org/x/tools/go/analysis/passes/unusedresult"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
	"golang.org/x/tools/go/packages"

	"github.com/locklint/locklint/analyzer"
)

// generatedPackage writes a module with one package of n functions, each
// a transaction with a few statements, a helper call and a loop, and
// returns its directory.
func generatedPackage(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	var src strings.Builder
	src.WriteString("package gen\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n")
	src.WriteString(`func debit(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", id)
	return err
}
`)
	for i := range n {
		fmt.Fprintf(&src, `
func f%d(ctx context.Context, db *sql.DB, ids []int64, owner int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", owner).Scan(&bal); err != nil {
		return err
	}
	for _, id := range ids {
		if err := debit(ctx, tx, id); err != nil {
			return err
		}
	}
	tx.QueryContext(ctx, "SELECT id FROM orders WHERE created_at > ? FOR UPDATE", "2020-01-01")
	return tx.Commit()
}
`, i)
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module gen\n\ngo 1.26\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "gen.go"), []byte(src.String()), 0o644))
	return dir
}

// load type-checks the packages of the module in dir, with their
// dependencies from source, as a vet driver sees them.
func load(b *testing.B, dir string) []*packages.Package {
	b.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedTypesSizes | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Dir: dir,
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Fatalf("load: %v", err)
	}
	return pkgs
}

func benchmarkFunctions(b *testing.B, n int) {
	pkgs := load(b, generatedPackage(b, n))
	a := analyzer.New(analyzer.Config{Schema: []string{testSchema}})
	b.ResetTimer()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		if _, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil); err != nil {
			b.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/func")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(n), "B/func")
}

// The cost per function, in time and in memory allocated, stays flat as
// the package grows from a thousand functions to fifty thousand: the
// analysis is linear in the number of functions. (Run the large sizes
// with -benchtime=1x.)
func BenchmarkFunctions1000(b *testing.B)  { benchmarkFunctions(b, 1000) }
func BenchmarkFunctions2000(b *testing.B)  { benchmarkFunctions(b, 2000) }
func BenchmarkFunctions4000(b *testing.B)  { benchmarkFunctions(b, 4000) }
func BenchmarkFunctions10000(b *testing.B) { benchmarkFunctions(b, 10000) }
func BenchmarkFunctions50000(b *testing.B) { benchmarkFunctions(b, 50000) }

// vetSuite is what a plain go vet runs (cmd/vet's list of analyzers).
var vetSuite = []*analysis.Analyzer{
	appends.Analyzer, asmdecl.Analyzer, assign.Analyzer, atomic.Analyzer, bools.Analyzer,
	buildtag.Analyzer, cgocall.Analyzer, composite.Analyzer, copylock.Analyzer, defers.Analyzer,
	directive.Analyzer, errorsas.Analyzer, framepointer.Analyzer, hostport.Analyzer,
	httpresponse.Analyzer, ifaceassert.Analyzer, loopclosure.Analyzer, lostcancel.Analyzer,
	nilfunc.Analyzer, printf.Analyzer, shift.Analyzer, sigchanyzer.Analyzer, slog.Analyzer,
	stdmethods.Analyzer, stdversion.Analyzer, stringintconv.Analyzer, structtag.Analyzer,
	testinggoroutine.Analyzer, tests.Analyzer, timeformat.Analyzer, unmarshal.Analyzer,
	unreachable.Analyzer, unsafeptr.Analyzer, unusedresult.Analyzer, waitgroup.Analyzer,
}

// BenchmarkVetRatio runs locklint and go vet's own analyzers over the
// end-to-end example module (database/sql, sqlx and GORM code, with GORM
// and sqlx analyzed from source as dependencies) and reports the time of
// each and their ratio: what locklint adds to a go vet run. Type checking
// is shared and excluded, as the go command does it once for both.
func BenchmarkVetRatio(b *testing.B) {
	pkgs := load(b, filepath.Join(testdata, "e2e"))
	a := analyzer.New(analyzer.Config{Schema: []string{filepath.Join(testdata, "e2e", "migrations")}})
	var vet, lint time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := checker.Analyze(vetSuite, pkgs, nil); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil); err != nil {
			b.Fatal(err)
		}
		vet += t1.Sub(t0)
		lint += time.Since(t1)
	}
	b.ReportMetric(float64(vet.Milliseconds())/float64(b.N), "vet-ms/op")
	b.ReportMetric(float64(lint.Milliseconds())/float64(b.N), "locklint-ms/op")
	b.ReportMetric(float64(lint)/float64(vet), "locklint/vet")
}
