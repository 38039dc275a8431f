package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/analyzer"
)

// The stale-session rules: the code believes a row is protected and it is
// not. lock-outside-tx runs with outer-handle-in-tx to show that a locking
// read on the pool inside a transaction gets one finding, not two; the
// read-modify-write rules run together for the same reason.

func TestOuterHandleInTx(t *testing.T) {
	cfg := analyzer.Config{Enable: []string{"outer-handle-in-tx", "lock-outside-tx"}, Schema: []string{testSchema}}
	analysistest.RunWithSuggestedFixes(diagnosticsOnly{t}, testdata, analyzer.New(cfg), "outerhandle")
}

func TestLostUpdate(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lost-update", "stale-snapshot-read"}}, "lostupdate")
}

func TestStaleSnapshotRead(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lost-update", "stale-snapshot-read"}}, "stalesnapshot")
}

func TestStaleSnapshotReadReadCommitted(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lost-update", "stale-snapshot-read"}, Isolation: "read-committed"}, "stalesnapshotrc")
}

func TestGORMOuterHandleInTx(t *testing.T) {
	cfg := analyzer.Config{Enable: []string{"outer-handle-in-tx", "lock-outside-tx"}, Schema: []string{testSchema}}
	analysistest.RunWithSuggestedFixes(diagnosticsOnly{t}, testdata, analyzer.New(cfg), "gormouterhandle")
}

func TestGORMLostUpdateAndStaleSnapshotRead(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lost-update", "stale-snapshot-read"}}, "gormrmw")
}

// TestGORMLostUpdatePrecision checks what is and is not a lost update in a
// GORM service layer: soft deletes, the caller's values, a checked claim,
// another row's fields.
func TestGORMLostUpdatePrecision(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lost-update"}}, "gormledger")
}

// TestOuterHandleNilGuard: `if tx != nil { tx.Commit() }` ends the
// transaction on every path that began it.
func TestOuterHandleNilGuard(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"outer-handle-in-tx"}}, "outerhandlenil")
}

// TestOuterHandleThroughPackagePool checks helpers that run on a
// package-level pool variable, called while a transaction begun from it
// is open, in the same package and in another.
func TestOuterHandleThroughPackagePool(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"outer-handle-in-tx", "lock-held-blocking"}}, "globalpool/store", "globalpool/service", "globalpool/catalog")
}
