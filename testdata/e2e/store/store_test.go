package store

import "testing"

// The package has tests, so it is analyzed twice, as store and as
// "store [store.test]": its findings must still be listed once.
func TestStoreHoldsItsPool(t *testing.T) {
	var s Store
	if s.db != nil {
		t.Fatal("a zero Store has no pool")
	}
}
