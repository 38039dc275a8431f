package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
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

func benchmarkFunctions(b *testing.B, n int) {
	dir := generatedPackage(b, n)
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedTypesSizes | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Dir: dir,
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Fatalf("load: %v", err)
	}
	a := analyzer.New(analyzer.Config{Schema: []string{testSchema}})
	b.ResetTimer()
	for b.Loop() {
		if _, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/func")
}

// The cost per function stays flat as the package grows: the analysis is
// linear in the number of functions.
func BenchmarkFunctions1000(b *testing.B) { benchmarkFunctions(b, 1000) }
func BenchmarkFunctions2000(b *testing.B) { benchmarkFunctions(b, 2000) }
func BenchmarkFunctions4000(b *testing.B) { benchmarkFunctions(b, 4000) }
