package prove

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
)

// The scenarios run against the real server of LOCKLINT_TEST_DSN, each
// test in a database of its own that it drops at the end. Without the
// DSN they skip, saying so; with LOCKLINT_REQUIRE_DB=1 they fail instead.

// scratchDSN creates an empty database for the test and returns a DSN
// naming it.
func scratchDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("LOCKLINT_TEST_DSN")
	if dsn == "" {
		if os.Getenv("LOCKLINT_REQUIRE_DB") != "" {
			t.Fatal("LOCKLINT_TEST_DSN is not set, and LOCKLINT_REQUIRE_DB says the database tests must run")
		}
		t.Skip("LOCKLINT_TEST_DSN is not set: the prove scenarios need a MySQL or MariaDB server")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Ping(); err != nil {
		admin.Close()
		if os.Getenv("LOCKLINT_REQUIRE_DB") != "" {
			t.Fatalf("test database unreachable: %v", err)
		}
		t.Skipf("test database unreachable: %v", err)
	}
	var b [4]byte
	rand.Read(b[:])
	name := "locklint_prove_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name)
		admin.Close()
	})
	cfg.DBName = name
	return cfg.FormatDSN()
}

func open(t *testing.T, dsn string) *Prover {
	t.Helper()
	p, err := Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The tables of the scenarios, as a schema would describe them.
var (
	accounts = &schema.Table{
		Name:    "accounts",
		Columns: []string{"id", "owner_id", "email", "status", "balance", "version"},
		Indexes: []schema.Index{
			{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
			{Name: "uk_email", Columns: []string{"email"}, Unique: true},
			{Name: "idx_owner", Columns: []string{"owner_id"}},
		},
	}
	orders = &schema.Table{
		Name:    "orders",
		Columns: []string{"id", "account_id", "status"},
		Indexes: []schema.Index{{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true}},
	}
)

// stmt makes a statement of a case; related is its related position's
// index, -1 for the finding's own.
func stmt(related int, level sqltext.Isolation, text string) Stmt {
	return Stmt{Posn: "svc.go:1:1", Related: related, Text: text, SQL: sqltext.Summarize(text), Isolation: level}
}

func mkCase(rule string, stmts ...Stmt) Case {
	return Case{Rule: rule, Posn: "svc.go:1:1", Stmts: stmts, Tables: []*schema.Table{accounts, orders}}
}

const (
	rr = sqltext.RepeatableRead
	rc = sqltext.ReadCommitted
)

func TestScenarios(t *testing.T) {
	dsn := scratchDSN(t)
	p := open(t, dsn)
	defer p.Close()
	tests := []struct {
		name string
		c    Case
		want Outcome
	}{
		{"unindexed-lock/locking read on an unindexed column blocks an insert far away", mkCase("unindexed-lock",
			stmt(-1, rr, "SELECT id, balance FROM accounts WHERE status = ? FOR UPDATE")), Reproduced},
		{"unindexed-lock/near miss: the same read by a unique key blocks nothing far away", mkCase("unindexed-lock",
			stmt(-1, rr, "SELECT id, balance FROM accounts WHERE email = ? FOR UPDATE")), NotReproduced},
		{"unindexed-lock/read committed: the scan waits for a row it does not match", mkCase("unindexed-lock",
			stmt(-1, rc, "SELECT id FROM accounts WHERE status = ? FOR UPDATE")), Reproduced},
		{"unindexed-lock/read committed near miss: an indexed read passes the held row", mkCase("unindexed-lock",
			stmt(-1, rc, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE")), NotReproduced},
		{"range-lock/equality on a non-unique index blocks inserts of neighbours", mkCase("range-lock",
			stmt(-1, rr, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE")), Reproduced},
		{"range-lock/a range of the primary key blocks inserts in it", mkCase("range-lock",
			stmt(-1, rr, "SELECT id FROM accounts WHERE id > ? FOR UPDATE")), Reproduced},
		{"range-lock/named placeholders are bound as ?", mkCase("range-lock",
			stmt(-1, rr, "SELECT id FROM accounts WHERE owner_id = :owner FOR UPDATE")), Reproduced},
		{"range-lock/near miss: equality on the primary key locks the record only", mkCase("range-lock",
			stmt(-1, rr, "SELECT id FROM accounts WHERE id = ? FOR UPDATE")), NotReproduced},
		{"range-lock/near miss: read committed takes no gap lock", mkCase("range-lock",
			stmt(-1, rc, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE")), NotReproduced},
		{"check-then-insert/absent key checked then inserted deadlocks", mkCase("check-then-insert",
			stmt(-1, rr, "INSERT INTO accounts (email, owner_id, status) VALUES (?, ?, 'new')"),
			stmt(0, rr, "SELECT id FROM accounts WHERE email = ? FOR UPDATE")), Reproduced},
		{"check-then-insert/read committed: the second insert fails with a duplicate key", mkCase("check-then-insert",
			stmt(-1, rc, "INSERT INTO accounts (email, owner_id, status) VALUES (?, ?, 'new')"),
			stmt(0, rc, "SELECT id FROM accounts WHERE email = ? FOR UPDATE")), Reproduced},
		{"check-then-insert/near miss: the insert is not in the checked gap", mkCase("check-then-insert",
			stmt(-1, rr, "INSERT INTO accounts (email, owner_id, status) VALUES (?, ?, 'new')"),
			stmt(0, rr, "SELECT email FROM accounts WHERE id = ? FOR UPDATE")), NotReproduced},
		{"nested-lock/two rows locked one after the other deadlock", mkCase("nested-lock",
			stmt(-1, rr, "UPDATE accounts SET balance = balance + ? WHERE id = ?"),
			stmt(0, rr, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE")), Reproduced},
		{"nested-lock/one statement in a loop deadlocks", mkCase("nested-lock",
			stmt(-1, rr, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE")), Reproduced},
		{"nested-lock/near miss: shared locks do not conflict", mkCase("nested-lock",
			stmt(-1, rr, "SELECT balance FROM accounts WHERE id = ? LOCK IN SHARE MODE"),
			stmt(0, rr, "SELECT balance FROM accounts WHERE id = ? LOCK IN SHARE MODE")), NotReproduced},
		{"lock-order/two paths lock two tables in opposite order", mkCase("lock-order",
			stmt(-1, rr, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, rr, "UPDATE orders SET status = ? WHERE id = ?"),
			stmt(1, rr, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(2, rr, "UPDATE orders SET status = ? WHERE id = ?")), Reproduced},
		{"lock-order/near miss: the other path's locks are shared", mkCase("lock-order",
			stmt(-1, rr, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, rr, "SELECT status FROM orders WHERE id = ? LOCK IN SHARE MODE"),
			stmt(1, rr, "SELECT balance FROM accounts WHERE id = ? LOCK IN SHARE MODE"),
			stmt(2, rr, "SELECT status FROM orders WHERE id = ? LOCK IN SHARE MODE")), NotReproduced},
		{"lost-update/read then absolute write loses one update", mkCase("lost-update",
			stmt(-1, rr, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, rr, "SELECT balance FROM accounts WHERE id = ?")), Reproduced},
		{"lost-update/near miss: an atomic increment keeps both", mkCase("lost-update",
			stmt(-1, rr, "UPDATE accounts SET balance = balance + ? WHERE id = ?"),
			stmt(0, rr, "SELECT balance FROM accounts WHERE id = ?")), NotReproduced},
		{"stale-snapshot-read/plain read, lock, write overwrites the change committed in between", mkCase("stale-snapshot-read",
			stmt(-1, rr, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, rr, "SELECT balance FROM accounts WHERE id = ?"),
			stmt(1, rr, "SELECT id FROM accounts WHERE id = ? FOR UPDATE")), Reproduced},
		{"stale-snapshot-read/read committed: the plain read before the lock is older too", mkCase("stale-snapshot-read",
			stmt(-1, rc, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, rc, "SELECT balance FROM accounts WHERE id = ?"),
			stmt(1, rc, "SELECT id FROM accounts WHERE id = ? FOR UPDATE")), Reproduced},
		{"stale-snapshot-read/an UPDATE of the row is the lock", mkCase("stale-snapshot-read",
			stmt(-1, rr, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, rr, "SELECT balance FROM accounts WHERE id = ?"),
			stmt(1, rr, "UPDATE accounts SET status = 'busy' WHERE id = ?")), Reproduced},
		{"stale-snapshot-read/snapshot, lock, plain read answers from the snapshot", mkCase("stale-snapshot-read",
			stmt(-1, rr, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, rr, "SELECT balance FROM accounts WHERE id = ?"),
			stmt(1, rr, "SELECT id FROM accounts WHERE id = ? FOR UPDATE"),
			stmt(2, rr, "SELECT COUNT(*) FROM orders WHERE account_id = ?")), Reproduced},
		{"stale-snapshot-read/near miss: at read committed the read after the lock is current", mkCase("stale-snapshot-read",
			stmt(-1, rc, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, rc, "SELECT balance FROM accounts WHERE id = ?"),
			stmt(1, rc, "SELECT id FROM accounts WHERE id = ? FOR UPDATE"),
			stmt(2, rc, "SELECT COUNT(*) FROM orders WHERE account_id = ?")), NotReproduced},
		{"stale-snapshot-read/near miss: serializable plain reads lock the row", mkCase("stale-snapshot-read",
			stmt(-1, sqltext.Serializable, "UPDATE accounts SET balance = ? WHERE id = ?"),
			stmt(0, sqltext.Serializable, "SELECT balance FROM accounts WHERE id = ?"),
			stmt(1, sqltext.Serializable, "SELECT id FROM accounts WHERE id = ? FOR UPDATE")), NotReproduced},
		{"lock-outside-tx/the autocommit lock is gone when the statement returns", mkCase("lock-outside-tx",
			stmt(-1, rr, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE")), Reproduced},
		{"lock-outside-tx/a shared lock ends with the statement too", mkCase("lock-outside-tx",
			stmt(-1, rr, "SELECT id FROM accounts WHERE owner_id = ? LOCK IN SHARE MODE")), Reproduced},
		{"lock-outside-tx/near miss: a plain read locks nothing even in a transaction", mkCase("lock-outside-tx",
			stmt(-1, rr, "SELECT balance FROM accounts WHERE id = ?")), NotReproduced},
		{"lock-held-blocking/the row an UPDATE locked stays locked while the transaction waits", mkCase("lock-held-blocking",
			stmt(0, rr, "UPDATE accounts SET status = 'held' WHERE id = ?")), Reproduced},
		{"lock-held-blocking/the row an INSERT added stays locked", mkCase("lock-held-blocking",
			stmt(0, rr, "INSERT INTO orders (account_id, status) VALUES (?, 'new')")), Reproduced},
		{"lock-held-blocking/near miss: a plain read holds no row lock", mkCase("lock-held-blocking",
			stmt(0, rr, "SELECT balance FROM accounts WHERE id = ?")), NotReproduced},
		{"outer-handle-in-tx/a pool write waits for the transaction's lock", mkCase("outer-handle-in-tx",
			stmt(-1, rr, "UPDATE accounts SET balance = balance + ? WHERE id = ?"),
			stmt(1, rr, "UPDATE accounts SET balance = balance - ? WHERE id = ?")), Reproduced},
		{"outer-handle-in-tx/a pool read misses the transaction's write", mkCase("outer-handle-in-tx",
			stmt(-1, rr, "SELECT balance FROM accounts WHERE id = ?"),
			stmt(1, rr, "UPDATE accounts SET balance = ? WHERE id = ?")), Reproduced},
		{"outer-handle-in-tx/a pool write on another table commits on its own", mkCase("outer-handle-in-tx",
			stmt(-1, rr, "UPDATE orders SET status = 'sent' WHERE id = ?"),
			stmt(1, rr, "UPDATE accounts SET status = 'busy' WHERE id = ?")), Reproduced},
		{"outer-handle-in-tx/a pool insert commits on its own", mkCase("outer-handle-in-tx",
			stmt(-1, rr, "INSERT INTO orders (account_id, status) VALUES (?, 'audit')"),
			stmt(1, rr, "UPDATE accounts SET status = 'busy' WHERE id = ?")), Reproduced},
		{"outer-handle-in-tx/near miss: a plain read does not wait for the transaction's lock", mkCase("outer-handle-in-tx",
			stmt(-1, rr, "SELECT balance FROM accounts WHERE id = ?"),
			stmt(1, rr, "SELECT id FROM accounts WHERE id = ? FOR UPDATE")), NotReproduced},
	}
	// Blind, the prover reads none of the server's lock tables, as on a
	// server that shows no lock waits or answers too late: the verdicts
	// must not change, since they rest on what the statements did.
	for _, blind := range []bool{false, true} {
		p.blind = blind
		view := "lock tables read"
		if blind {
			view = "blind"
		}
		for _, tt := range tests {
			t.Run(view+"/"+tt.name, func(t *testing.T) {
				v := p.Prove(context.Background(), tt.c)
				t.Log(v)
				if v.Outcome != tt.want {
					t.Errorf("got %s, want %s: %s", v.Outcome, tt.want, v)
				}
				if v.Outcome != NotProvable && (v.Server == "" || v.Isolation == "") {
					t.Errorf("verdict does not say where it ran: %s", v)
				}
				if v.Outcome == Reproduced && strings.Contains(tt.name, "deadlock") && !strings.Contains(v.Lock, "deadlock") {
					t.Errorf("no deadlock locks reported: %s", v)
				}
				assertNoTables(t, p)
			})
		}
	}
}

func TestNotProvable(t *testing.T) {
	dsn := scratchDSN(t)
	p := open(t, dsn)
	defer p.Close()
	for _, tt := range []struct {
		c   Case
		why string
	}{
		{mkCase("tx-not-closed", stmt(-1, rr, "SELECT 1")), "no scenario"},
		{mkCase("range-lock", stmt(-1, rr, "SELECT id FROM ghosts WHERE a > ? FOR UPDATE")), "not in the schema"},
		{mkCase("range-lock", stmt(-1, rr, "SELECT id FROM prod.accounts WHERE owner_id = ? FOR UPDATE")), "qualifies"},
		{mkCase("range-lock", stmt(-1, rr, "SELECT id FROM accounts WHERE owner_id = $1 FOR UPDATE")), "$n placeholders"},
		{mkCase("range-lock", stmt(-1, rr, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE INTO OUTFILE '/tmp/x'")), "writes a file"},
		{mkCase("range-lock", stmt(-1, rr, "SELECT id FROM "+sqltext.Hole+" WHERE owner_id = ? FOR UPDATE")), "at run time"},
		{mkCase("lock-order", stmt(-1, rr, "UPDATE accounts SET balance = ? WHERE id = ?"), stmt(0, rr, "UPDATE orders SET status = ? WHERE id = ?")), "another package"},
		{mkCase("lock-held-blocking", stmt(0, rr, "SELECT GET_LOCK('payouts', 10)")), "table or named lock"},
		{mkCase("outer-handle-in-tx", stmt(-1, rr, "SELECT balance FROM accounts WHERE id = ?")), "written or locked anything"},
		{mkCase("outer-handle-in-tx", stmt(-1, rr, "SELECT balance FROM accounts WHERE id = ?"), stmt(1, rr, "LOCK TABLES accounts WRITE")), "not one locklint can replay"},
		{mkCase("stale-snapshot-read", stmt(-1, rr, "INSERT INTO orders (account_id, status) VALUES (?, ?)"),
			stmt(0, rr, "SELECT status FROM accounts WHERE id = ?"), stmt(1, rr, "SELECT id FROM accounts WHERE id = ? FOR UPDATE")), "not an UPDATE"},
	} {
		v := p.Prove(context.Background(), tt.c)
		if v.Outcome != NotProvable || !strings.Contains(v.Detail, tt.why) {
			t.Errorf("%s: got %s, want not provable (%s)", tt.c.Stmts[0].Text, v, tt.why)
		}
	}
	assertNoTables(t, p)
}

// A scenario whose statement fails, and one whose context ends while a
// session waits, leave no table behind either.
func TestCleanupAfterFailureAndInterruption(t *testing.T) {
	dsn := scratchDSN(t)
	p := open(t, dsn)
	defer p.Close()
	// The server has no such function: the INSERT fails.
	bad := mkCase("check-then-insert",
		stmt(-1, rr, "INSERT INTO accounts (email, status) VALUES (?, no_such_function())"),
		stmt(0, rr, "SELECT id FROM accounts WHERE email = ? FOR UPDATE"))
	if v := p.Prove(context.Background(), bad); v.Outcome != NotProvable || !strings.Contains(v.Detail, "1305") {
		t.Errorf("a failing scenario: got %s, want not provable with the server's error", v)
	}
	assertNoTables(t, p)

	ctx, cancel := context.WithCancel(context.Background())
	p.wait = 50 * time.Millisecond
	go func() {
		<-afterMillis(200)
		cancel()
	}()
	p.Prove(ctx, mkCase("unindexed-lock", stmt(-1, rr, "SELECT id FROM accounts WHERE status = ? FOR UPDATE")))
	assertNoTables(t, p)
}

func TestRefusesForeignTables(t *testing.T) {
	dsn := scratchDSN(t)
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE customers (id BIGINT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), dsn, ""); err == nil || !strings.Contains(err.Error(), "customers") {
		t.Errorf("Open on a database with a foreign table: got %v, want a refusal naming it", err)
	}
	var n int
	db.QueryRow("SELECT COUNT(*) FROM customers").Scan(&n)
	if _, err := db.Exec("SELECT 1 FROM customers"); err != nil {
		t.Errorf("the foreign table is gone: %v", err)
	}
}

func TestRefusesTheSchemaServer(t *testing.T) {
	dsn := scratchDSN(t)
	if _, err := Open(context.Background(), dsn, dsn); err == nil || !strings.Contains(err.Error(), "never writes") {
		t.Errorf("Open with -dsn on the same server: got %v, want a refusal", err)
	}
}

func TestNoPasswordInErrors(t *testing.T) {
	dsn := scratchDSN(t)
	cfg, _ := mysql.ParseDSN(dsn)
	cfg.Passwd = "Sekr1tPassw0rd"
	for _, d := range []string{cfg.FormatDSN(), "root:Sekr1tPassw0rd@tcp(127.0.0.1:3306/x", "root:Sekr1tPassw0rd@tcp(127.0.0.1:3306)/"} {
		_, err := Open(context.Background(), d, "")
		if err == nil {
			t.Fatalf("Open(%q) succeeded", "...")
		}
		if strings.Contains(err.Error(), "Sekr1t") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}

// assertNoTables fails when the scratch database holds any table.
func assertNoTables(t *testing.T, p *Prover) {
	t.Helper()
	var n int
	if err := p.db.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d tables left in the scratch database", n)
	}
}

func afterMillis(ms int) <-chan time.Time { return time.After(time.Duration(ms) * time.Millisecond) }
