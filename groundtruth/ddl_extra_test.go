package groundtruth

import (
	"context"
	"testing"
	"time"
)

// The claims of table-lock and ddl-lock that ddl_lock_test.go and
// table_lock_test.go do not cover: what survives *sql.Conn.Close, what a
// release on another connection does, which statements commit a
// transaction implicitly, and which ALTER TABLE operations cannot run
// online. None is a numbered ground-truth.md experiment.

// table-lock. database/sql's Conn.Close returns the connection to the pool
// and go-sql-driver/mysql does not reset the session (its ResetSession only
// checks the connection is alive), so a GET_LOCK and a LOCK TABLES taken
// on a *sql.Conn and not released outlive Close: another session cannot
// take the named lock nor read the table until the pooled connection
// releases them or disconnects.
func TestTableLock_ConnCloseKeepsSessionLocks(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	f.name("lock")
	b := f.session("B", rr)
	b.must("SET SESSION lock_wait_timeout = 1")

	pool := f.pool(1)
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()

	conn, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id1, got int64
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id1); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(ctx, f.expand("SELECT GET_LOCK('{lock}', 0)")).Scan(&got); err != nil || got != 1 {
		t.Fatalf("GET_LOCK: %v, %d", err, got)
	}
	if _, err := conn.ExecContext(ctx, f.expand("LOCK TABLES {t} WRITE")); err != nil {
		t.Fatal(err)
	}
	if err := conn.Close(); err != nil { // back to the pool, not disconnected
		t.Fatal(err)
	}

	wantRows(t, b.run("SELECT GET_LOCK('{lock}', 0)"), "0")
	want(t, b.run("SELECT v FROM {t} WHERE id = 10"), blocked)

	// The pool hands the same session out again, locks and all.
	conn, err = pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var id2 int64
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id2); err != nil {
		t.Fatal(err)
	}
	if id1 != id2 {
		t.Fatalf("the pool opened a new connection (%d, then %d)", id1, id2)
	}
	if _, err := conn.ExecContext(ctx, "UNLOCK TABLES"); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(ctx, f.expand("SELECT RELEASE_LOCK('{lock}')")).Scan(&got); err != nil || got != 1 {
		t.Fatalf("RELEASE_LOCK: %v, %d", err, got)
	}
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 10"), "0")
	wantRows(t, b.run("SELECT GET_LOCK('{lock}', 0)"), "1")
	wantRows(t, b.run("SELECT RELEASE_LOCK('{lock}')"), "1")
}

// table-lock (the pool case). The release has to run on the session that
// holds the lock: UNLOCK TABLES on another connection succeeds and
// releases nothing, RELEASE_LOCK there returns 0 ("held by another
// thread"). A pool may give the release any of its connections.
func TestTableLock_ReleaseOnAnotherConnectionReleasesNothing(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	f.name("lock")
	a, b, c := f.session("A", rr), f.session("B", rr), f.session("C", rr)
	c.must("SET SESSION lock_wait_timeout = 1")

	wantRows(t, a.run("SELECT GET_LOCK('{lock}', 0)"), "1")
	a.must("LOCK TABLES {t} WRITE")

	want(t, b.run("UNLOCK TABLES"), proceeds)
	wantRows(t, b.run("SELECT RELEASE_LOCK('{lock}')"), "0")

	want(t, c.run("SELECT v FROM {t} WHERE id = 10"), blocked)
	wantRows(t, c.run("SELECT GET_LOCK('{lock}', 0)"), "0")

	a.must("UNLOCK TABLES")
	wantRows(t, a.run("SELECT RELEASE_LOCK('{lock}')"), "1")
	wantRows(t, c.run("SELECT v FROM {t} WHERE id = 10"), "0")
}

// table-lock. LOCK TABLES commits the open transaction implicitly: the
// INSERT before it survives the ROLLBACK after it, and the session is no
// longer in a transaction (MariaDB's @@in_transaction).
func TestTableLock_LockTablesCommitsTransaction(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)

	a.begin()
	wantAffected(t, a.run("INSERT INTO {t} (id) VALUES (25)"), 1)
	a.must("LOCK TABLES {t} WRITE")
	if gt.mariaDB {
		if got := a.inTx(); got != "0" {
			t.Errorf("@@in_transaction after LOCK TABLES = %s, want 0", got)
		}
	}
	a.rollback()
	a.must("UNLOCK TABLES")
	wantRows(t, b.run("SELECT id FROM {t} WHERE id = 25"), "25")
}

// table-lock. FLUSH TABLES WITH READ LOCK takes the global read lock:
// writes to any table of the server wait (and fail after their
// lock_wait_timeout), plain reads proceed, and UNLOCK TABLES lets writes
// through again. Not parallel: the lock would stall every other test's
// writes; it is held for about a second.
func TestTableLock_GlobalReadLockBlocksWrites(t *testing.T) {
	requireDB(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	b.must("SET SESSION lock_wait_timeout = 1")

	a.must("FLUSH TABLES WITH READ LOCK")
	o := b.run("UPDATE {t} SET v = v + 1 WHERE id = 10")
	a.must("UNLOCK TABLES")
	want(t, o, blocked)
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 10"), "0")
	wantAffected(t, b.run("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)
}

// ddl-lock. DDL commits the open transaction implicitly: the INSERT
// before an ALTER TABLE survives the ROLLBACK after it.
func TestDDLLock_DDLCommitsTransaction(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)

	a.begin()
	wantAffected(t, a.run("INSERT INTO {t} (id) VALUES (25)"), 1)
	a.must("ALTER TABLE {t} ADD COLUMN x INT")
	if gt.mariaDB {
		if got := a.inTx(); got != "0" {
			t.Errorf("@@in_transaction after ALTER TABLE = %s, want 0", got)
		}
	}
	a.rollback()
	wantRows(t, b.run("SELECT id FROM {t} WHERE id = 25"), "25")
}

// ddl-lock. lock_wait_timeout is a session variable: a SET on one
// connection leaves another connection's DDL waiting for its own timeout.
// On a pool, the SET and the DDL may well run on two connections.
func TestDDLLock_SetIsPerSession(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, other := f.session("A", rr), f.session("other", rr)
	c := alterSession(f, rr, "2")
	other.must("SET SESSION lock_wait_timeout = 1") // not C's session

	a.begin()
	wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0")
	o := c.run("ALTER TABLE {t} ADD COLUMN x INT")
	want(t, o, blocked)
	if o.elapsed < 1800*time.Millisecond {
		t.Errorf("ALTER on a session with lock_wait_timeout = 2 gave up after %v: another session's SET applied to it", o.elapsed)
	}
}

// ddl-lock (the online-DDL operation list of migration files). With an
// explicit ALGORITHM=INPLACE or LOCK=NONE the server refuses (error 1846)
// the operations ddl-lock reports as copying the table or blocking writes:
// changing a column's type, converting the character set, adding a foreign
// key with foreign_key_checks on, dropping the primary key without adding
// one, adding a FULLTEXT index. It accepts the operations ddl-lock lets
// through: ADD COLUMN (instant), ADD INDEX, widening a VARCHAR within its
// length prefix, replacing the primary key, renaming a column, NOT NULL,
// and ADD FOREIGN KEY with foreign_key_checks off.
func TestDDLLock_OnlineOperations(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.table("c") // dropped first: it references {p}
	f.table("p")
	f.setup(
		"CREATE TABLE {p} (id INT PRIMARY KEY) ENGINE=InnoDB",
		"CREATE TABLE {c} (id INT PRIMARY KEY, n INT, pid INT, s VARCHAR(20), KEY (pid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
		"INSERT INTO {p} VALUES (1)",
		"INSERT INTO {c} VALUES (1, 1, 1, 'a')",
	)
	s := alterSession(f, rr, "2")
	for _, q := range []string{
		"ALTER TABLE {c} MODIFY n BIGINT, ALGORITHM=INPLACE",
		"ALTER TABLE {c} MODIFY n BIGINT, LOCK=NONE",
		"ALTER TABLE {c} CONVERT TO CHARACTER SET latin1, ALGORITHM=INPLACE",
		"ALTER TABLE {c} CONVERT TO CHARACTER SET latin1, LOCK=NONE",
		"ALTER TABLE {c} ADD CONSTRAINT fk_c FOREIGN KEY (pid) REFERENCES {p} (id), ALGORITHM=INPLACE",
		"ALTER TABLE {c} ADD CONSTRAINT fk_c FOREIGN KEY (pid) REFERENCES {p} (id), LOCK=NONE",
		"ALTER TABLE {c} DROP PRIMARY KEY, ALGORITHM=INPLACE",
		"ALTER TABLE {c} DROP PRIMARY KEY, LOCK=NONE",
		"ALTER TABLE {c} ADD FULLTEXT INDEX ft_s (s), LOCK=NONE",
	} {
		wantErr(t, s.run(q), 1846)
	}
	for _, q := range []string{
		"ALTER TABLE {c} ADD COLUMN x INT, ALGORITHM=INSTANT",
		"ALTER TABLE {c} ADD INDEX idx_n (n), ALGORITHM=INPLACE, LOCK=NONE",
		"ALTER TABLE {c} MODIFY s VARCHAR(40), ALGORITHM=INPLACE, LOCK=NONE",
		"ALTER TABLE {c} DROP PRIMARY KEY, ADD PRIMARY KEY (id, n), ALGORITHM=INPLACE, LOCK=NONE",
		"ALTER TABLE {c} MODIFY n INT NOT NULL, ALGORITHM=INPLACE, LOCK=NONE",
	} {
		want(t, s.run(q), proceeds)
	}
	if gt.mariaDB {
		// MySQL 8 spells a rename RENAME COLUMN; both accept this one.
		want(t, s.run("ALTER TABLE {c} CHANGE n n2 INT NOT NULL, ALGORITHM=INSTANT"), proceeds)
	}
	s.must("SET SESSION foreign_key_checks = 0")
	want(t, s.run("ALTER TABLE {c} ADD CONSTRAINT fk_c FOREIGN KEY (pid) REFERENCES {p} (id), ALGORITHM=INPLACE, LOCK=NONE"), proceeds)
	s.must("SET SESSION foreign_key_checks = 1")
}

// ddl-lock on a table with a FULLTEXT index: adding or dropping a column
// is refused with ALGORITHM=INSTANT and with LOCK=NONE (the table is
// rebuilt with LOCK=SHARED at best), while a MODIFY that keeps the
// column's type (here dropping ON UPDATE) and a RENAME COLUMN stay
// instant. On a table without one, ADD COLUMN is instant.
func TestDDLLock_FulltextTableColumns(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.table("f")
	f.table("g")
	f.setup(
		"CREATE TABLE {f} (id INT PRIMARY KEY, body TEXT NOT NULL, x INT, ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, FULLTEXT KEY ft_body (body)) ENGINE=InnoDB",
		"CREATE TABLE {g} (id INT PRIMARY KEY, body TEXT NOT NULL) ENGINE=InnoDB",
		"INSERT INTO {f} (id, body) VALUES (1, 'a'), (2, 'b')",
		"INSERT INTO {g} VALUES (1, 'a')",
	)
	s := alterSession(f, rr, "2")
	for _, q := range []string{
		"ALTER TABLE {f} ADD COLUMN y INT, ALGORITHM=INSTANT",
		"ALTER TABLE {f} ADD COLUMN y INT, ALGORITHM=INPLACE, LOCK=NONE",
		"ALTER TABLE {f} DROP COLUMN x, ALGORITHM=INPLACE, LOCK=NONE",
	} {
		// 1845 (INSTANT not supported) or 1846 (LOCK=NONE not supported).
		if o := s.run(q); o.kind != failed || o.code != 1845 && o.code != 1846 {
			t.Errorf("%s: want ERR 1845 or 1846, got %v", q, o)
		}
	}
	want(t, s.run("ALTER TABLE {g} ADD COLUMN y INT, ALGORITHM=INSTANT"), proceeds)
	if gt.mariaDB {
		want(t, s.run("ALTER TABLE {f} MODIFY ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, ALGORITHM=INSTANT"), proceeds)
		want(t, s.run("ALTER TABLE {f} RENAME COLUMN ts TO ts2, ALGORITHM=INSTANT"), proceeds)
	}
}
