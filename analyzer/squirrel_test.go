package analyzer_test

import (
	"testing"

	"github.com/locklint/locklint/analyzer"
)

// The squirrel golden packages: statements built with squirrel builder
// chains, run through RunWith or through ToSql and database/sql.

func TestSquirrelLocks(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "range-lock", "lock-outside-tx"}}, "sqlocks")
}

func TestSquirrelTransactionFlow(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "check-then-insert", "tx-not-closed", "outer-handle-in-tx", "skip-locked-candidate"}}, "sqtxflow")
}

// TestSquirrelPlaceholderFormat checks that statements built for
// PostgreSQL (sq.Dollar) are not judged and those built with sq.Question
// are.
func TestSquirrelPlaceholderFormat(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "lock-outside-tx"}}, "sqpostgres", "sqmysql")
}
