package groundtruth

import (
	"testing"
	"time"
)

// ddl-lock, ground-truth.md experiment 13b (and 13d as the control).
// An open transaction that has only read a table blocks ALTER TABLE on it,
// at RR and RC alike: the ALTER waits for the metadata lock and fails with
// 1205. The same read in autocommit leaves nothing behind.
func TestDDLLock_OpenReadTxBlocksAlter(t *testing.T) {
	parallel(t)
	for _, level := range []iso{rr, rc} {
		t.Run(level.String(), func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			a := f.session("A", level)
			c := alterSession(f, level, "1")

			wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0") // autocommit
			want(t, c.run("ALTER TABLE {t} ADD COLUMN x INT"), proceeds)

			a.begin()
			wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0")
			want(t, c.run("ALTER TABLE {t} ADD COLUMN y INT"), blocked)
		})
	}
}

// ddl-lock, ground-truth.md experiment 13c.
// While an ALTER TABLE waits for a metadata lock (here held by an open
// read-only transaction), every new statement on the table queues behind
// it: a plain autocommit SELECT from a third session waits and fails with
// 1205 after its lock_wait_timeout of 1 s. When the transaction ends, the
// ALTER runs, and reads proceed again.
func TestDDLLock_WaitingAlterBlocksLaterReads(t *testing.T) {
	ddlQueuesLaterReads(t, "ALTER TABLE {t} ADD COLUMN x INT")
}

// ddl-lock (the fix it recommends), ground-truth.md experiment 13.
// SET SESSION lock_wait_timeout = 1 before the DDL makes an ALTER TABLE
// that cannot get its metadata lock fail fast with 1205 (in about a
// second) instead of waiting for the server default (86400 s on MariaDB,
// a year on MySQL) while queueing every other query on the table.
func TestDDLLock_ShortLockWaitTimeoutFailsFast(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a := f.session("A", rr)
	c := alterSession(f, rr, "1")
	t.Logf("server default lock_wait_timeout = %s s", c.value("SELECT @@GLOBAL.lock_wait_timeout"))

	a.begin()
	wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0")
	o := c.run("ALTER TABLE {t} ADD COLUMN x INT")
	want(t, o, blocked)
	if o.elapsed >= 2500*time.Millisecond {
		t.Errorf("ALTER with lock_wait_timeout = 1 took %v, want < 2.5 s", o.elapsed)
	}
}

// ddl-lock on index statements (13b and 13c with DROP INDEX ... ON and
// CREATE UNIQUE INDEX ... ON instead of ALTER TABLE). Each needs the
// table's exclusive metadata lock: it waits for an open transaction that
// has only read the table, and while it waits a plain autocommit SELECT
// from a third session queues behind it and fails with 1205 after its
// lock_wait_timeout of 1 s. Once the transaction ends, both go through.
func TestDDLLock_WaitingIndexDDLBlocksLaterReads(t *testing.T) {
	parallel(t)
	for _, tc := range []struct{ name, stmt string }{
		{"drop_index", "DROP INDEX idx_k ON {t}"},
		{"create_unique_index", "CREATE UNIQUE INDEX uk_c ON {t} (c)"},
	} {
		stmt := tc.stmt
		t.Run(tc.name, func(t *testing.T) { ddlQueuesLaterReads(t, stmt) })
	}
}

// ddl-lock on the statements GORM's AutoMigrate sends to bring an
// existing table up to its model (13b and 13c with each of them): ALTER
// TABLE ... ADD COLUMN for a column the table lacks, ALTER TABLE ...
// MODIFY COLUMN for one whose type differs, CREATE INDEX for an index it
// lacks. Each waits for the metadata lock an open transaction that only
// read the table holds, and while it waits a plain autocommit SELECT from
// a third session queues behind it and fails with 1205 after its
// lock_wait_timeout of 1 s. Once the transaction ends, both go through.
func TestDDLLock_AutoMigrateStatementsBlockLaterReads(t *testing.T) {
	parallel(t)
	for _, tc := range []struct{ name, stmt string }{
		{"add_column", "ALTER TABLE {t} ADD COLUMN note VARCHAR(191) NULL"},
		{"modify_column", "ALTER TABLE {t} MODIFY COLUMN v BIGINT NOT NULL DEFAULT 0"},
		{"create_index", "CREATE INDEX idx_c ON {t} (c)"},
	} {
		stmt := tc.stmt
		t.Run(tc.name, func(t *testing.T) { ddlQueuesLaterReads(t, stmt) })
	}
}

// ddlQueuesLaterReads runs stmt on a third session while A's open
// transaction has read the table: stmt waits for A's metadata lock, a
// plain SELECT of B queues behind it and fails with 1205 after B's
// lock_wait_timeout of 1 s, and once A commits both go through. The
// DDL's own timeout is long enough that a busy machine does not end its
// wait before A commits.
func ddlQueuesLaterReads(t *testing.T, stmt string) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	c := alterSession(f, rr, "20")
	b.must("SET SESSION lock_wait_timeout = 1")

	a.begin()
	wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0")
	pc := c.start(stmt)
	pc.waitForMetadataLock()

	want(t, b.run("SELECT v FROM {t} WHERE id = 20"), blocked)

	a.commit()
	want(t, pc.result(), proceeds)
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 20"), "0")
}
