package analyzer_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/analyzer"
)

// testdata is the repository's testdata directory: the golden packages
// are shared by every package's tests, so they live at the top.
var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}()

// testSchema is the DDL every golden package is checked against.
var testSchema = filepath.Join(testdata, "schema", "schema.sql")

func run(t *testing.T, cfg analyzer.Config, pkgs ...string) {
	t.Helper()
	t.Parallel() // each run loads its packages with go list: mostly waiting
	cfg.Schema = append(cfg.Schema, testSchema)
	analysistest.Run(diagnosticsOnly{t}, testdata, analyzer.New(cfg), pkgs...)
}

// diagnosticsOnly checks diagnostics exactly but lets packages export
// facts without a `// want` for each: analysistest treats every fact as an
// expectation, and the facts here are a means, not what is tested.
// TestFacts checks facts exactly, on a package written for it.
type diagnosticsOnly struct{ *testing.T }

func (d diagnosticsOnly) Errorf(format string, args ...any) {
	d.Helper()
	if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "unexpected fact") {
		d.T.Error(msg)
	}
}

func TestExtraction(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "unindexed-lock"}}, "extraction")
}

func TestUnindexedLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "unindexed")
}

func TestArgumentCountRefused(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "argcount")
}

// TestUnindexedLockReadCommitted checks that an autocommit unindexed
// statement is silent at READ COMMITTED, where it holds no gap locks.
func TestUnindexedLockReadCommitted(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}, Isolation: "read-committed"}, "unindexedrc")
}

func TestRangeLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"range-lock"}}, "rangelock")
}

func TestRangeLockReadCommitted(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"range-lock"}, Isolation: "read-committed"}, "rangelockrc")
}

func TestLockOutsideTx(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx"}}, "outsidetx")
}

func TestIgnoreDirectives(t *testing.T) {
	run(t, analyzer.Config{}, "ignore")
}

func TestTxNotClosed(t *testing.T) {
	a := analyzer.New(analyzer.Config{Enable: []string{"tx-not-closed"}, Schema: []string{testSchema}})
	analysistest.RunWithSuggestedFixes(diagnosticsOnly{t}, testdata, a, "txnotclosed")
}

func TestLockHeldBlocking(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-held-blocking"}}, "lockheld")
}

func TestNestedLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}}, "nestedlock")
}

// TestMigrationRunsOnce pins what a migration's running once changes: a
// one-off migrator's loop takes no lock another run could take in the
// other order, and its error paths end the program.
func TestMigrationRunsOnce(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "tx-not-closed"}}, "nestedlock/migrator")
}

func TestCheckThenInsert(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"check-then-insert"}}, "checkinsert", "checkinsert/repo")
}

func TestCheckThenInsertReadCommitted(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"check-then-insert"}, Isolation: "read-committed"}, "checkinsertrc")
}

func TestLockOrderSubqueryChoosesRows(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-order"}}, "lockordersub/opposite", "lockordersub/same")
}

func TestNestedLockLoopUnderParent(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}}, "nestedparent")
}

func TestNestedLockSpreadArguments(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}}, "nestedspread")
}

func TestNestedLockKeysEqualByGuard(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}, Schema: []string{filepath.Join(testdata, "schema", "notes.sql")}}, "guardkeys")
}

func TestLockOrderGuardInLoop(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "lock-order"}, Schema: []string{filepath.Join(testdata, "schema", "notes.sql")}}, "guardloop")
}

func TestLockOrder(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-order"}}, "lockorder/a", "lockorder/b", "lockorder/c", "lockorder/pairs")
}

func TestSkipLockedCandidate(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"skip-locked-candidate"}}, "skiplocked")
}

func TestSkipLockedCandidateMySQL57(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"skip-locked-candidate"}, Engine: "mysql57"}, "skiplocked57")
}

// TestCrossPackageFacts needs facts from package repo for every finding
// in package app.
func TestCrossPackageFacts(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "lock-outside-tx", "lock-held-blocking", "lock-order", "tx-not-closed", "check-then-insert", "skip-locked-candidate"}}, "txhelpers/app")
}

// TestHelperTxJudgedAtCallers checks unexported helpers given their
// callers' transactions: judged once, in the helper, at the level the
// callers' transactions run at.
func TestHelperTxJudgedAtCallers(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "check-then-insert"}}, "helpertx/orders")
}

// TestTxControlAsText checks BEGIN sent as text: on the pool it is a
// transaction no one can end; on a connection, or a pool pinned to one,
// it is an ordinary one.
func TestTxControlAsText(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"tx-not-closed"}}, "txtext/replica")
}

func TestTableLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"table-lock"}}, "tablelock", "tablelock/lockutil")
}

func TestDDLLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "ddllock")
}

func TestDDLLockGORMMigrate(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "gormmigrate")
}

// TestConfiguredFuncs checks tx_helpers and sql_sinks, and wrappers that
// pass their SQL parameter on, which need no configuration.
func TestConfiguredFuncs(t *testing.T) {
	run(t, analyzer.Config{
		Enable:    sinkRules,
		TxHelpers: []string{"(sinks/store.TxRunner).InTx"},
		SQLSinks:  []string{"(sinks/store.Runner).Run"},
	}, "sinks/app")
}

// TestUnconfiguredFuncs runs app's calls without the configuration.
func TestUnconfiguredFuncs(t *testing.T) {
	run(t, analyzer.Config{Enable: sinkRules}, "sinks/unconfigured")
}

var sinkRules = []string{"lock-outside-tx", "unindexed-lock", "outer-handle-in-tx"}

// TestBackends runs a multi-backend job store: only what talks to MySQL
// is judged.
func TestBackends(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "unindexed-lock", "table-lock"}},
		"backends/jobstore/mysql", "backends/jobstore/postgres", "backends/jobstore/sqlite",
		"backends/jobstore/pgqueries", "backends/jobstore/queue", "backends/jobstore/gormpg",
		"backends/jobstore/adapters", "backends/jobstore/sqlxpg", "backends/jobstore/sqlxmysql",
		"backends/jobstore/multidb")
}

// TestTestFixtures: DDL and table locks in test files, test helpers and
// test-helper packages are quiet by default, as every rule but
// tx-not-closed is.
func TestTestFixtures(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock", "table-lock"}},
		"fixtures/orders", "fixtures/orderstest", "fixtures/dbreset")
}

// TestCheckTestFixtures: check_test_fixtures brings them back.
func TestCheckTestFixtures(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock", "table-lock", "unindexed-lock"}, CheckTestFixtures: true}, "fixtures/checked")
}

// TestDDLHelpers: a DropTable(name) helper's DDL is judged at its callers,
// as if written there, with a note from request handlers.
func TestDDLHelpers(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "ddlhelpers/admin", "ddlhelpers/app")
}

// TestTestCalls: a test that calls the code under test does not repeat
// that code's findings, and SQL the test writes itself is quiet too.
func TestTestCalls(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "testcalls/accounts")
}

// TestTestTransactions: a test's own transactions meet no other session,
// so only tx-not-closed judges them by default.
func TestTestTransactions(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "lock-order", "tx-not-closed"}}, "testcalls/ledger")
}

// TestSQLSources checks text recovered from reassigned variables,
// package-level templates, fields, maps of fragments, functions and the
// query objects adapter methods return, also across packages.
func TestSQLSources(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "unindexed-lock", "table-lock", "skip-locked-candidate"}}, "sqlsources/jobstore", "sqlsources/worker")
}

// TestRunTimeTables checks that statements whose table is named at run
// time are still judged by the rules that need no index knowledge.
func TestRunTimeTables(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "lock-held-blocking", "skip-locked-candidate", "check-then-insert", "tx-not-closed", "ddl-lock", "table-lock", "unindexed-lock"}}, "sqlsources/tenantstore")
}

// TestQueryObjects follows statements that adapters behind interfaces
// return in query objects, with table names their methods format, to the
// subscriber that runs them on its own transaction interface.
func TestQueryObjects(t *testing.T) {
	run(t, analyzer.Config{
		Enable:    []string{"range-lock", "unindexed-lock", "check-then-insert", "lock-held-blocking", "lock-outside-tx", "nested-lock"},
		Schema:    []string{filepath.Join(testdata, "schema", "relay.sql")},
		Isolation: "serializable",
	}, "queryobj/relay")
}

// TestWrappedBeginner follows a transaction begun through a project
// interface whose implementation wraps a handle that *sql.DB satisfies,
// and ended by the Commit and Rollback its own type promotes from the
// *sql.Tx it embeds.
func TestWrappedBeginner(t *testing.T) {
	run(t, analyzer.Config{
		Enable: []string{"tx-not-closed", "lock-held-blocking", "lock-outside-tx"},
		Schema: []string{filepath.Join(testdata, "schema", "outbox.sql")},
	}, "queryobj/outbox")
}

// TestSubqueryPredicates checks that a column compared with a subquery
// that does not depend on the row is judged like one compared with a
// placeholder.
func TestSubqueryPredicates(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"range-lock", "unindexed-lock"}}, "sqlsources/ledger")
}

// TestHandles follows handles through a repository: handles returned by
// methods, thin wrappers over them, and stores built on the pool or a
// transaction.
func TestHandles(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "outer-handle-in-tx", "tx-not-closed"}}, "handles/billing", "handles/uow")
}

// TestReconnectingHandle follows a store's conn() to a pool that another
// package keeps in an atomic pointer and swaps on reconnect.
func TestReconnectingHandle(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "unindexed-lock"}}, "handles/reconnect/conns", "handles/reconnect/mysqlstore")
}

// TestTxOwnership: transactions returned inside wrappers, closed by
// deferred helpers, closures and method values, and the deferred rollback
// that only runs on error.
func TestTxOwnership(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"tx-not-closed"}}, "handles/txown")
}

// TestDAL follows a project's own DB and Tx interfaces to their
// implementation in an imported package.
func TestDAL(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-held-blocking", "lock-outside-tx", "outer-handle-in-tx"}}, "handles/orders")
}

// TestOuterHandlePrecision: a pool statement is judged by what the open
// transaction may hold when it runs.
func TestOuterHandlePrecision(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"outer-handle-in-tx"}}, "handles/outbox")
}

// TestPinnedPool: a pool limited to one connection keeps session locks
// on the session that runs the next statement.
func TestPinnedPool(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"table-lock", "ddl-lock", "outer-handle-in-tx"}}, "handles/migrate")
}

// TestFacts checks the facts a package exports, exactly: unlike the other
// golden tests, an unexpected or missing fact fails it.
func TestFacts(t *testing.T) {
	cfg := analyzer.Config{Schema: []string{testSchema}}
	analysistest.Run(t, testdata, analyzer.New(cfg), "facts/store")
}

// TestDALOtherDialect: a query object built by an interface whose
// implementations serve MySQL and PostgreSQL is the MySQL one's.
func TestDALOtherDialect(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "handles/queueiface/adapters", "handles/queueiface/worker")
}

// TestSQLXIn: the query sqlx.In, sqlx.Named and Rebind return is the
// query they were given.
func TestSQLXIn(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "sqlxin")
}

// TestClauseDAL follows a DAL over GORM whose statements take clause
// values: the implementation, imported only indirectly, applies them to
// the builder by kind; the service's constructor calls give the table and
// the conditions; Begin through the interface begins a transaction.
func TestClauseDAL(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "outer-handle-in-tx", "tx-not-closed", "lock-order"}}, "clausedal/accounts")
}

// TestTxHelperDAL follows a transaction helper that sees only a DAL's
// interfaces: what its Begin and its table locks do through them is
// settled where the implementation is seen.
func TestTxHelperDAL(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"table-lock", "tx-not-closed", "outer-handle-in-tx"}}, "txhelperdal/queue")
}

// TestPartitions checks unindexed statements on tables partitioned by
// RANGE on the column they filter: the lock covers the partitions the
// condition reaches, and a purge below a cutoff is not reported.
func TestPartitions(t *testing.T) {
	run(t, analyzer.Config{
		Enable: []string{"unindexed-lock"},
		Schema: []string{filepath.Join(testdata, "schema", "probes.sql")},
	}, "partitions/probes")
}

// TestColumnRenames checks statements on a table whose migrations rename
// columns after creating it: the table stays known, its index serves the
// column under its new name, and a renamed column without an index is
// still unindexed.
func TestColumnRenames(t *testing.T) {
	run(t, analyzer.Config{
		Enable: []string{"unindexed-lock"},
		Schema: []string{filepath.Join(testdata, "schema", "renames")},
	}, "renames/shelf")
}

// TestFulltextIndexes checks that a FULLTEXT index, declared in CREATE
// TABLE or by CREATE FULLTEXT INDEX, is not taken for one an equality
// can use.
func TestFulltextIndexes(t *testing.T) {
	run(t, analyzer.Config{
		Enable: []string{"unindexed-lock"},
		Schema: []string{filepath.Join(testdata, "schema", "fulltext.sql")},
	}, "fulltext/notes")
}

// TestDialectBranches: statements in branches for another server's
// driver are not judged, and text helpers give MySQL's spelling.
func TestDialectBranches(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "dialectbranch")
}

func TestRetriedOperations(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock", "lock-order"}}, "retryops/retry", "retryops")
}

func TestValuesJoinedAtRunTime(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock"}}, "valuesjoin")
}

// TestDDLOperationsAtRunTime: an ALTER TABLE whose operations are
// chosen at run time keeps its kind and table.
func TestDDLOperationsAtRunTime(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "ddlruntime")
}

// TestDDLOnOpenedPool: start-up DDL that a helper runs on the *gorm.DB
// it is given is judged where the caller passes the pool the project's
// constructor (in another package) opened, also when a column type in
// the statement is read at run time.
func TestDDLOnOpenedPool(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "poolctor/dbopen", "poolctor/storage", "poolctor/schemafix", "poolctor/app")
}

// TestDDLWrappers: DDL that migration steps send through the project's
// own interface or helpers is judged at each call as if written there.
func TestDDLWrappers(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "ddlwrap/store", "ddlwrap/steps")
}

// TestMigrationSteps: GORM schema changes in the steps of a versioned
// migration (numbered script types, gormigrate's Migrate functions) on a
// table an earlier step made are reported, also for steps declared as
// package-level variables; every-start AutoMigrate,
// steps that make new tables and a package of migrations are not.
func TestMigrationSteps(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"ddl-lock"}}, "migsteps/shop", "migsteps/versioned", "migsteps/migrations", "migsteps/gormsteps", "migsteps/catalog")
}

// Lock order through a foreign key: a child INSERT share-locks its parent
// row before it inserts, against a transaction that deletes the children
// by the key and then the parent (fkstore; groundtruth
// TestLockOrder_ChildInsert*). Locking the parent first (fkparentfirst)
// and READ COMMITTED (fkstorerc) make no cycle.
func TestLockOrderForeignKey(t *testing.T) {
	fk := filepath.Join(testdata, "schema", "fkstore.sql")
	run(t, analyzer.Config{Enable: []string{"lock-order"}, Schema: []string{fk}}, "fkstore", "fkparentfirst")
}

func TestLockOrderForeignKeyRC(t *testing.T) {
	fk := filepath.Join(testdata, "schema", "fkstore.sql")
	run(t, analyzer.Config{Enable: []string{"lock-order"}, Schema: []string{fk}, Isolation: "read-committed"}, "fkstorerc")
}

// TestInterfaceCallbacks: a function literal handed to an interface
// method runs where the call is when every implementation runs it, once
// per turn of an implementation's loop.
func TestInterfaceCallbacks(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"nested-lock", "lock-order"}}, "walkvisit/tree", "walkvisit")
}

// TestHelperChains checks that a statement a helper runs on its caller's
// handle is reported once, where it is, and again only at a caller that
// knows more of it (a transaction it began).
func TestHelperChains(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "helperchain")
}

// TestLockHeldAfterHelperCommits: a helper that commits the session it is
// given ends its caller's transaction; a wait after it holds nothing.
func TestLockHeldAfterHelperCommits(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-held-blocking"}}, "lockheldhandoff")
}

// TestFieldGuards checks that a helper's statement under a test of a
// field of its options runs only at the callers whose options allow it.
func TestFieldGuards(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "fieldguards")
}

// TestLockHeldWaitsElsewhere checks that a wait in a package that sends
// no SQL (a command runner) is seen where a transaction calls it.
func TestLockHeldWaitsElsewhere(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-held-blocking"}}, "lockheldwaits")
}

// TestLockOrderWholeTableGuard checks that a cycle which needs two runs
// of one transaction past a scan that locks every row of a table, each at
// another point, is not reported: the second run waits at the scan.
func TestLockOrderWholeTableGuard(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-order", "nested-lock", "unindexed-lock"}}, "lockorder/scanguard", "lockorder/noscan")
}
