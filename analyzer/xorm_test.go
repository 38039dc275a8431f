package analyzer_test

import (
	"testing"

	"github.com/locklint/locklint/analyzer"
)

// The xorm golden package: sessions begun by hand and closed by defer,
// engine.Transaction callbacks, the engine as the pool, bean conditions,
// and a schema read from the xorm tags of a model package.
func TestXORM(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{
		"unindexed-lock", "range-lock", "lock-outside-tx", "check-then-insert", "tx-not-closed",
		"outer-handle-in-tx", "nested-lock", "skip-locked-candidate",
	}}, "xormwallet/store")
}

// TestXORMThroughInterface: a helper that takes an interface both the
// engine and a session satisfy runs xorm's statements on what its caller
// passes; an interface xorm does not satisfy is not read. A ForUpdate
// added only when the configured server is MySQL locks on MySQL; one
// added for another server, or on a caller's flag, is not counted. A
// helper's statement under its boolean parameter runs only at callers
// that pass true (or a value not known), also through a wrapper that
// passes its own parameter on; one under `len(stale) > 0` does not run
// where the caller passes a slice nothing appends to, or nil. Rows a
// helper inserted, found by the key the INSERT filled in, are the
// transaction's own, also two helpers down.
func TestXORMThroughInterface(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "nested-lock"}}, "xormiface")
}

// TestXORMFork checks the github.com/xorm-io/xorm fork, with its models
// in the same package.
func TestXORMFork(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "lock-outside-tx", "outer-handle-in-tx", "lost-update", "ddl-lock"}}, "xormfork")
}

// TestXORMInheritedMapper checks models named by the mapper that another
// package (the one owning the engine) sets: GonicMapper's repo_id, not
// SnakeMapper's repo_i_d.
func TestXORMInheritedMapper(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "range-lock", "lock-outside-tx"}}, "xormforge/issues")
}

// TestXORMOtherDatabase checks that an engine opened for PostgreSQL keeps
// its package's statements out of InnoDB's rules.
func TestXORMOtherDatabase(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "xormpostgres")
}

// TestXORMMigrationSteps: xormigrate steps declared as package-level
// variables (and inside a function) run on a session the runner opens
// and never begins, so their DDL, also through the package's helpers,
// and their unindexed backfills are judged as the pool's; a new table, a
// helper no step calls and a function value taking its caller's session
// stay silent.
func TestXORMMigrationSteps(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock", "unindexed-lock"}}, "xormsteps/migration")
}

// TestXORMSyncWithOptionsSteps: steps registered from init functions with
// timestamp IDs, whose helper passes its caller's beans to
// SyncWithOptions. A step altering a table an earlier step made is
// reported at the helper's call, saying which undeclared indexes the
// options drop: none with IgnoreDropIndices and IgnoreConstrains, the
// unique ones with IgnoreDropIndices alone, unknown for options chosen at
// run time. The first step of a table and a helper given a slice of its
// own stay silent.
func TestXORMSyncWithOptionsSteps(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "xormpartial/migration")
}

// TestListedMigrationSteps: a migration package's own runner, a slice of
// NewMigration(version, desc, fn) calls, orders its steps like
// xormigrate's slice.
func TestListedMigrationSteps(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "listedsteps/migrations")
}

// TestXORMSessionFromHelper checks sessions a helper begins and returns:
// the caller's deferred Close rolls back what it did not commit.
func TestXORMSessionFromHelper(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"tx-not-closed"}}, "xormsession/db", "xormsession/tasks")
}

// TestXORMGetterWriteBack checks a lost update whose read is in a getter
// that returns the row and whose write is in a helper that writes the
// struct it is given: the caller changes the struct in between.
func TestXORMGetterWriteBack(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lost-update"}}, "xormgetter")
}

// TestXORMBeansInOrder checks that a per-bean helper's statements are
// ordered as the caller lists the beans.
func TestXORMBeansInOrder(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-order"}}, "xormbeans")
}
