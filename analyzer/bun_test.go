package analyzer_test

import (
	"testing"

	"github.com/locklint/locklint/analyzer"
)

// The bun golden package: RunInTx callbacks, BeginTx with Commit and a
// deferred Rollback, the pool used while a transaction is open, and a
// model whose tags declare its keys only.
func TestBun(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{
		"unindexed-lock", "range-lock", "lock-outside-tx", "check-then-insert", "tx-not-closed",
		"outer-handle-in-tx", "nested-lock", "skip-locked-candidate",
	}}, "bunticket/store")
}

// TestBunOtherDatabase checks that bun's PostgreSQL dialect keeps its
// package's statements out of InnoDB's rules.
func TestBunOtherDatabase(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "lock-outside-tx"}}, "bunpg")
}
