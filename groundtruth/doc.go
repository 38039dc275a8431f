// Package groundtruth reproduces, on a real MySQL-family server, each
// locking claim that locklint's rules make in their messages and
// documentation.
//
// The package has no code of its own: its tests are the evidence. Each
// test is named after the rule it backs (Test<RuleInCamel>_<Claim>, for
// example TestUnindexedLock_LocksUnrelatedRowsAtRR) and carries a comment
// with the rule ID and the number of the experiment it repeats in
// ground-truth.md, the project's record of what the server was observed to
// do (kept next to DESIGN.md). Rule documentation cites these test names. Where a server disagrees with
// ground-truth.md, the test follows the server.
//
// The tests open several connections to the server (one per session, each
// with innodb_lock_wait_timeout=1 and its own isolation level), let one
// session take locks and the others probe them, and classify each probe as
// PROCEEDS, BLOCKED (error 1205 after waiting), NOWAIT (error 1205 at
// once), DEADLOCK (error 1213) or another error. They create their tables in
// the scratch database locklint_gt (created if missing) under names unique
// to the test and the run, and drop them afterwards.
//
// Configuration:
//
//   - LOCKLINT_TEST_DSN: a go-sql-driver/mysql DSN, for example
//     root@tcp(127.0.0.1:3306)/test. The user needs CREATE DATABASE (for
//     locklint_gt), DDL and DML there, and PROCESS to read
//     information_schema.INNODB_TRX and PROCESSLIST. Without it every test
//     is skipped.
//   - LOCKLINT_REQUIRE_DB=1: a missing or unreachable database fails every
//     test instead of skipping it, so CI never passes without the ground
//     truth having run.
//
// The observations were made on MariaDB 10.11 (InnoDB, stock settings:
// innodb_snapshot_isolation=OFF, innodb_rollback_on_timeout=OFF,
// innodb_deadlock_detect=ON). Tests of MariaDB-only behaviour (FOR SHARE
// rejected, NOWAIT failing with 1205) skip on other engines.
package groundtruth
