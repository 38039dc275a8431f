package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/analyzer"
)

// The GORM golden packages: every rule that works for raw SQL, on GORM
// builder chains, transactions and models. They share the models of
// testdata/src/gormshop/models and the test schema.

func TestGORMUnindexedLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "gormunindexed")
}

func TestGORMRangeLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"range-lock"}}, "gormrange")
}

func TestGORMLockOutsideTx(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx"}}, "gormoutsidetx")
}

func TestGORMIneffectiveLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ineffective-lock"}}, "gormineffective")
}

// TestGORMModelsOnly checks a package whose only schema is its models'
// gorm tags, declared in another package: no -schema at all.
func TestGORMModelsOnly(t *testing.T) {
	a := analyzer.New(analyzer.Config{Enable: []string{"unindexed-lock", "range-lock"}})
	analysistest.Run(diagnosticsOnly{t}, testdata, a, "gormmodels")
}

// TestGORMModelsAndDDL checks that the DDL wins over the models where both
// describe a table, and that models still describe the tables it lacks.
func TestGORMModelsAndDDL(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "gormmodelsddl")
}

// TestGORMNamingStrategy checks table names under a NamingStrategy the
// package shows (TablePrefix, SingularTable), with no schema but the tags.
func TestGORMNamingStrategy(t *testing.T) {
	a := analyzer.New(analyzer.Config{Enable: []string{"unindexed-lock", "range-lock"}})
	analysistest.Run(diagnosticsOnly{t}, testdata, a, "gormnaming")
}

// TestGORMv1 checks GORM v1 code: its query option locks, so it is never
// ineffective-lock.
func TestGORMv1(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "lock-outside-tx", "ineffective-lock", "check-then-insert"}}, "gormv1")
}

// TestGORMTransactionFlow runs the transaction-flow rules on GORM code.
func TestGORMTransactionFlow(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "lock-order", "check-then-insert", "tx-not-closed", "lock-held-blocking", "skip-locked-candidate"}}, "gormtxflow")
}

func TestGORMTableLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"table-lock"}}, "gormtablelock")
}

// TestGORMModelsBesideDDLFiles: with no schema given, a model table that
// the project's .sql files create is unknown rather than judged by the
// model's indexes alone.
func TestGORMModelsBesideDDLFiles(t *testing.T) {
	a := analyzer.New(analyzer.Config{Enable: []string{"unindexed-lock"}})
	analysistest.Run(diagnosticsOnly{t}, testdata, a, "gormddlfiles/shipping")
}

// TestGORMJoinTables checks the join tables GORM creates for many2many
// fields, with no schema but the models' tags.
func TestGORMJoinTables(t *testing.T) {
	a := analyzer.New(analyzer.Config{Enable: []string{"unindexed-lock", "check-then-insert"}})
	analysistest.Run(diagnosticsOnly{t}, testdata, a, "gormjoins")
}

// TestGORMDDLPool: a SET SESSION sent through a GORM pool does not
// protect the DDL sent after it, which may run on another connection.
func TestGORMDDLPool(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "gormddl")
}

// TestGORMHandleLock checks a lock set on a GORM handle, not on one
// chain: it travels with the handle into callbacks and helpers.
func TestGORMHandleLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "range-lock", "lock-outside-tx", "check-then-insert", "lost-update", "stale-snapshot-read"}}, "gormv1store")
}

// TestGORMPoolFields checks *gorm.DB struct fields: the pool when the
// type begins transactions on them or fills them from gorm.Open only.
func TestGORMPoolFields(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx"}}, "gormpoolfield")
}

// TestGORMOwnModelsWin checks that a package's own model describes a
// table that an imported client's struct names with other indexes, and
// that two imported structs that disagree still leave it unknown.
func TestGORMOwnModelsWin(t *testing.T) {
	a := analyzer.New(analyzer.Config{Enable: []string{"unindexed-lock"}})
	analysistest.Run(diagnosticsOnly{t}, testdata, a, "ownmodels/store", "ownmodels/client", "ownmodels/steps", "ownmodels/accounts", "ownmodels/billing", "ownmodels/archive")
}

// TestGORMEmbeddedTags: a model whose GORM tags are all on embedded
// structs' fields describes its table's indexes.
func TestGORMEmbeddedTags(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "gormembed/models", "gormembed/store")
}
