package analyzer_test

import (
	"testing"

	"github.com/locklint/locklint/analyzer"
)

// The goqu golden package: datasets run on a Database or a TxDatabase,
// WithTx callbacks, Begin with Wrap or Commit, and a dataset rendered
// with ToSQL and sent through database/sql.
func TestGoqu(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{
		"unindexed-lock", "range-lock", "lock-outside-tx", "check-then-insert", "tx-not-closed",
		"outer-handle-in-tx", "nested-lock", "skip-locked-candidate",
	}}, "goqupayouts")
}

// TestGoquOtherDatabase checks that a goqu database opened with the
// postgres dialect keeps its package's statements out of InnoDB's rules.
func TestGoquOtherDatabase(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "lock-outside-tx"}}, "goqupg")
}
