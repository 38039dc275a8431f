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
