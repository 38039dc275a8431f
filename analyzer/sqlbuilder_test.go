package analyzer_test

import (
	"testing"

	"github.com/locklint/locklint/analyzer"
)

// The go-sqlbuilder golden packages: builders changed in place, rendered
// by Build and sent through database/sql or sqlx.

func TestSQLBuilderStatements(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "lock-outside-tx", "check-then-insert", "nested-lock"}}, "sbstore", "sbdefault")
}
