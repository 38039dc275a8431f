package analyzer_test

import (
	"testing"

	"github.com/locklint/locklint/analyzer"
)

// TestRowIdentity runs the transaction-flow rules on service code whose
// transactions work on rows they already hold.
func TestRowIdentity(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "lock-order"}},
		"rowid/ledger", "rowid/sqlxledger", "rowid/gormledger", "rowid/fulfil", "rowid/stock", "rowid/gormbind",
		"rowid/catalog", "rowid/gormimport", "rowid/cards", "rowid/quotas", "rowid/registry/model", "rowid/registry", "rowid/inlist")
}

// TestCheckThenInsertMariaDB checks the replace-by-hand wording for
// MariaDB, which makes the second transaction wait when the row exists.
func TestCheckThenInsertMariaDB(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"check-then-insert"}, Engine: "mariadb"}, "checkinsertmaria")
}

// TestClusteredOrder: a loop over rows a query can only read in
// primary-key order locks them in one order in every caller.
func TestClusteredOrder(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}}, "rowid/closing")
}

// TestWholeTableFirst: after an unindexed statement at REPEATABLE READ
// the transaction holds the whole table; at READ COMMITTED it does not.
func TestWholeTableFirst(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}}, "rowid/sweep")
}

func TestWholeTableFirstReadCommitted(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}, Isolation: "read-committed"}, "rowid/sweeprc")
}
