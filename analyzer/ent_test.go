package analyzer_test

import (
	"testing"

	"github.com/locklint/locklint/analyzer"
)

// The ent golden package: a service over an ent client generated (in
// testdata, by hand, in ent's shape) from a schema package; tables and
// indexes come from the generated migrate package.
func TestEnt(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{
		"unindexed-lock", "range-lock", "lock-outside-tx", "check-then-insert", "tx-not-closed",
		"outer-handle-in-tx", "nested-lock", "skip-locked-candidate",
	}}, "entshop/service")
}
