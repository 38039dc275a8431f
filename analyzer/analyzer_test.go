package analyzer_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/analyzer"
)

// testdata is the repository's testdata directory: the golden packages
// are shared by every package's tests, so they live at the top.
var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}()

// testSchema is the DDL every golden package is checked against.
var testSchema = filepath.Join(testdata, "schema", "schema.sql")

func run(t *testing.T, cfg analyzer.Config, pkgs ...string) {
	t.Helper()
	t.Parallel() // each run loads its packages with go list: mostly waiting
	cfg.Schema = append(cfg.Schema, testSchema)
	analysistest.Run(diagnosticsOnly{t}, testdata, analyzer.New(cfg), pkgs...)
}

// diagnosticsOnly checks diagnostics exactly but lets packages export
// facts without a `// want` for each: analysistest treats every fact as an
// expectation, and the facts here are a means, not what is tested.
type diagnosticsOnly struct{ *testing.T }

func (d diagnosticsOnly) Errorf(format string, args ...any) {
	d.Helper()
	if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "unexpected fact") {
		d.T.Error(msg)
	}
}

func TestExtraction(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "unindexed-lock"}}, "extraction")
}

func TestUnindexedLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "unindexed")
}

func TestRangeLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"range-lock"}}, "rangelock")
}

func TestRangeLockReadCommitted(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"range-lock"}, Isolation: "read-committed"}, "rangelockrc")
}

func TestLockOutsideTx(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx"}}, "outsidetx")
}

func TestIgnoreDirectives(t *testing.T) {
	run(t, analyzer.Config{}, "ignore")
}

func TestTxNotClosed(t *testing.T) {
	a := analyzer.New(analyzer.Config{Enable: []string{"tx-not-closed"}, Schema: []string{testSchema}})
	analysistest.RunWithSuggestedFixes(diagnosticsOnly{t}, testdata, a, "txnotclosed")
}

func TestLockHeldBlocking(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-held-blocking"}}, "lockheld")
}

func TestNestedLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}}, "nestedlock")
}

func TestCheckThenInsert(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"check-then-insert"}}, "checkinsert")
}

func TestCheckThenInsertReadCommitted(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"check-then-insert"}, Isolation: "read-committed"}, "checkinsertrc")
}

func TestLockOrder(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-order"}}, "lockorder/a", "lockorder/b", "lockorder/c")
}

func TestSkipLockedCandidate(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"skip-locked-candidate"}}, "skiplocked")
}

func TestSkipLockedCandidateMySQL57(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"skip-locked-candidate"}, Engine: "mysql57"}, "skiplocked57")
}

// TestCrossPackageFacts needs facts from package repo for every finding
// in package app.
func TestCrossPackageFacts(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "lock-outside-tx", "lock-held-blocking", "lock-order", "tx-not-closed", "check-then-insert", "skip-locked-candidate"}}, "txhelpers/app")
}

func TestTableLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"table-lock"}}, "tablelock", "tablelock/lockutil")
}

func TestDDLLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "ddllock")
}

func TestDDLLockGORMMigrate(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "gormmigrate")
}

// TestConfiguredFuncs checks tx_helpers and sql_sinks, and wrappers that
// pass their SQL parameter on, which need no configuration.
func TestConfiguredFuncs(t *testing.T) {
	run(t, analyzer.Config{
		Enable:    sinkRules,
		TxHelpers: []string{"(sinks/store.TxRunner).InTx"},
		SQLSinks:  []string{"(sinks/store.Runner).Run"},
	}, "sinks/app")
}

// TestUnconfiguredFuncs runs app's calls without the configuration.
func TestUnconfiguredFuncs(t *testing.T) {
	run(t, analyzer.Config{Enable: sinkRules}, "sinks/unconfigured")
}

var sinkRules = []string{"lock-outside-tx", "unindexed-lock", "outer-handle-in-tx"}

// TestHandles follows handles through a repository: handles returned by
// methods, thin wrappers over them, and stores built on the pool or a
// transaction.
func TestHandles(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "outer-handle-in-tx", "tx-not-closed"}}, "handles/billing", "handles/uow")
}

// TestTxOwnership: transactions returned inside wrappers, closed by
// deferred helpers, closures and method values, and the deferred rollback
// that only runs on error.
func TestTxOwnership(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"tx-not-closed"}}, "handles/txown")
}

// TestDAL follows a project's own DB and Tx interfaces to their
// implementation in an imported package.
func TestDAL(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-held-blocking", "lock-outside-tx", "outer-handle-in-tx"}}, "handles/orders")
}

// TestOuterHandlePrecision: a pool statement is judged by what the open
// transaction may hold when it runs.
func TestOuterHandlePrecision(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"outer-handle-in-tx"}}, "handles/outbox")
}

// TestPinnedPool: a pool limited to one connection keeps session locks
// on the session that runs the next statement.
func TestPinnedPool(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"table-lock", "ddl-lock", "outer-handle-in-tx"}}, "handles/migrate")
}
