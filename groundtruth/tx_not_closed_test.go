package groundtruth

import (
	"context"
	"testing"
)

// alterSession opens the DDL session C with a short lock_wait_timeout.
func alterSession(f *fixture, level iso, timeout string) *session {
	c := f.session("C", level)
	c.must("SET SESSION lock_wait_timeout = " + timeout)
	return c
}

// tx-not-closed, ground-truth.md experiment 13b.
// A transaction left open after nothing but a plain SELECT still holds the
// table's metadata lock: ALTER TABLE waits for it (1205 after
// lock_wait_timeout). After COMMIT the same ALTER proceeds.
func TestTxNotClosed_OpenReadOnlyTxBlocksAlterUntilCommit(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a := f.session("A", rr)
	c := alterSession(f, rr, "1")
	a.begin()
	wantRows(t, a.run("SELECT v FROM {t} WHERE id = 10"), "0")

	want(t, c.run("ALTER TABLE {t} ADD COLUMN x INT"), blocked)
	a.commit()
	want(t, c.run("ALTER TABLE {t} ADD COLUMN x INT"), proceeds)
}

// tx-not-closed, ground-truth.md experiment 14f (locks held until the
// transaction ends).
// Row locks of a transaction that is never closed are held as long as its
// connection lives: a writer waits (1205) while the connection is open and
// proceeds once the connection is closed, which rolls the transaction back.
func TestTxNotClosed_LocksHeldUntilConnectionCloses(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	a, b := f.session("A", rr), f.session("B", rr)
	a.begin()
	wantAffected(t, a.run("UPDATE {t} SET v = 7 WHERE id = 10"), 1)

	want(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), blocked)
	a.close()
	// The server rolls A back when it handles the disconnect; the writer
	// may wait for that for a moment, well within its 1 s timeout.
	wantAffected(t, b.probe("UPDATE {t} SET v = v + 1 WHERE id = 10"), 1)
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 10"), "0")
}

// tx-not-closed (transaction control sent as text through a pool).
// BEGIN sent through a *sql.DB runs on whichever connection the pool
// picks, and that connection goes back to the pool inside the
// transaction. While another caller has that connection, the pool runs
// the next statements on another one, where each commits on its own and
// a ROLLBACK ends nothing; the caller that got the BEGIN's connection
// runs inside the transaction, and its row lock stays after its
// statement, until a COMMIT or ROLLBACK happens to reach that connection.
func TestTxNotClosed_BeginOnPoolSpansConnections(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	b := f.session("B", rr)

	pool := f.pool(2)
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()

	if _, err := pool.ExecContext(ctx, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	// Another caller of the pool gets the idle connection: the one that
	// ran BEGIN.
	other, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if gt.mariaDB {
		var inTx int
		if err := other.QueryRowContext(ctx, "SELECT @@in_transaction").Scan(&inTx); err != nil || inTx != 1 {
			t.Fatalf("@@in_transaction of the pool's idle connection after BEGIN = %d (%v), want 1", inTx, err)
		}
	}

	// The code that sent BEGIN goes on through the pool: its UPDATE runs
	// on a second connection and commits at once; its ROLLBACK runs there
	// too and undoes nothing.
	if _, err := pool.ExecContext(ctx, f.expand("UPDATE {t} SET v = 7 WHERE id = 10")); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 10"), "7")

	// The other caller's single UPDATE runs inside the transaction BEGIN
	// opened: its row stays locked after the statement.
	if _, err := other.ExecContext(ctx, f.expand("UPDATE {t} SET v = 8 WHERE id = 20")); err != nil {
		t.Fatal(err)
	}
	want(t, b.run("UPDATE {t} SET v = 9 WHERE id = 20"), blocked)
	if _, err := other.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	wantRows(t, b.run("SELECT v FROM {t} WHERE id = 20"), "0")
}
