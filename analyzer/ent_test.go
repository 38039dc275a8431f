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

// Stores over an ent client that a generic helper binds to a transaction
// it begins (a copy whose client field is the transaction's client),
// ended by the helper package's functions on the handle it returns.
func TestEntBoundStores(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{
		"unindexed-lock", "range-lock", "lock-outside-tx", "tx-not-closed", "nested-lock",
	}}, "entshop/store", "entshop/admin")
}

// An older ent's client names no entity package in its API, so under go
// vet's driver, which gives it as export data, its imports do not list
// ent/ledger: the entity package comes from the importer's own imports
// (the stand-in client does not import it, in every driver).
func TestEntOldClient(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "entold/wallet")
}
