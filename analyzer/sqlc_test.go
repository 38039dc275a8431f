package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/analyzer"
)

// The sqlc golden package: a service over sqlc's generated Queries, run
// on the pool (New(db)), in a transaction (q.WithTx(tx), New(tx)) and in
// a callback helper that hands its function Queries over the
// transaction. No -schema is given: the tables are those sqlc.yaml's
// schema path creates.
func TestSqlc(t *testing.T) {
	t.Parallel()
	a := analyzer.New(analyzer.Config{Enable: []string{
		"unindexed-lock", "range-lock", "lock-outside-tx", "check-then-insert", "tx-not-closed",
		"outer-handle-in-tx", "nested-lock", "skip-locked-candidate",
	}})
	analysistest.Run(diagnosticsOnly{t}, testdata, a, "sqlcbank/service")
}
