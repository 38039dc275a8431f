package xormsql

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"xorm.io/builder"
	"xorm.io/xorm"
	"xorm.io/xorm/contexts"
)

// argRecorder keeps the SQL and the arguments xorm sends.
type argRecorder struct {
	sqls []string
	args [][]interface{}
}

func (r *argRecorder) BeforeProcess(c *contexts.ContextHook) (context.Context, error) {
	r.sqls = append(r.sqls, c.SQL)
	r.args = append(r.args, c.Args)
	return c.Ctx, nil
}

func (r *argRecorder) AfterProcess(*contexts.ContextHook) error { return nil }

// TestBuilderSQLSent pins what the extractor reads from xorm.io/builder
// values: an Eq map compares its keys in sorted order, a slice value is an
// IN list, Like matches its value anywhere in the column ('%v%', which no
// index can seek), and Exec of a builder statement sends the UPDATE it
// renders.
func TestBuilderSQLSent(t *testing.T) {
	engine, _ := setup(t)
	rec := &argRecorder{}
	engine.AddHook(rec)
	var ws []WalletAccount
	if err := engine.Where(builder.Eq{"owner_i_d": 1, "currency": "EUR"}).Find(&ws); err != nil {
		t.Fatal(err)
	}
	if err := engine.Where(builder.Eq{"id": []int64{1, 2}}).Find(&ws); err != nil {
		t.Fatal(err)
	}
	if err := engine.Where(builder.Like{"currency", "EU"}).Find(&ws); err != nil {
		t.Fatal(err)
	}
	if _, err := engine.Exec(builder.Update(builder.Eq{"balance": 5}).From("wallet_account").Where(builder.Eq{"owner_i_d": 1})); err != nil {
		t.Fatal(err)
	}
	want := []struct{ sql, args string }{
		{"WHERE currency=? AND owner_i_d=?", "[EUR 1]"},
		{"WHERE id IN (?,?)", "[1 2]"},
		{"WHERE currency LIKE ?", "[%EU%]"},
		{"UPDATE wallet_account SET balance=? WHERE owner_i_d=?", "[5 1]"},
	}
	if len(rec.sqls) != len(want) {
		t.Fatalf("xorm sent %d statements, want %d: %q", len(rec.sqls), len(want), rec.sqls)
	}
	for i, w := range want {
		if !strings.Contains(rec.sqls[i], w.sql) || fmt.Sprint(rec.args[i]) != w.args {
			t.Errorf("xorm sent %s %v, want it to contain %s with %s", rec.sqls[i], rec.args[i], w.sql, w.args)
		}
	}
}

// WalletAccountNote is WalletAccount with one more column.
type WalletAccountNote struct {
	Id   int64  `xorm:"pk autoincr"`
	Note string `xorm:"varchar(64)"`
}

func (WalletAccountNote) TableName() string { return "wallet_account" }

// TestSyncAltersExistingTable backs ddl-lock's reading of Sync in a
// migration step: on a table that exists and lacks a column of the bean,
// xorm's Sync sends ALTER TABLE ... ADD, which waits for the metadata lock
// of a transaction that merely read the table, and while it waits a plain
// read of the table from a third session waits behind it. It also drops
// the indexes the table has that the bean does not declare.
func TestSyncAltersExistingTable(t *testing.T) {
	syncAltersExistingTable(t, func(engine *xorm.Engine) error { return engine.Sync(new(WalletAccountNote)) }, true, true)
}

// TestSyncWithOptionsAltersExistingTable: SyncWithOptions with
// IgnoreDropIndices and IgnoreConstrains sends the same ALTER TABLE ...
// ADD, with the same wait and the same queue behind it, and keeps the
// indexes the bean does not declare.
func TestSyncWithOptionsAltersExistingTable(t *testing.T) {
	syncAltersExistingTable(t, func(engine *xorm.Engine) error {
		_, err := engine.SyncWithOptions(xorm.SyncOptions{IgnoreDropIndices: true, IgnoreConstrains: true}, new(WalletAccountNote))
		return err
	}, false, false)
}

// TestSyncWithOptionsKeepsOnlyPlainIndexes: IgnoreDropIndices alone keeps
// the plain indexes the bean does not declare, not the unique ones: the
// table's unique index is still dropped.
func TestSyncWithOptionsKeepsOnlyPlainIndexes(t *testing.T) {
	syncAltersExistingTable(t, func(engine *xorm.Engine) error {
		_, err := engine.SyncWithOptions(xorm.SyncOptions{IgnoreDropIndices: true}, new(WalletAccountNote))
		return err
	}, true, false)
}

// syncAltersExistingTable runs sync on wallet_account, which has the
// unique index owner_currency and the plain index balance_idx, neither
// declared by the bean: dropsUnique and dropsPlain say which of them sync
// drops.
func syncAltersExistingTable(t *testing.T, sync func(*xorm.Engine) error, dropsUnique, dropsPlain bool) {
	engine, _ := setup(t)
	rec := &argRecorder{}
	engine.AddHook(rec)
	db, err := sql.Open("mysql", os.Getenv("LOCKLINT_TEST_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE INDEX balance_idx ON wallet_account (balance)"); err != nil {
		t.Fatal(err)
	}
	reader, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if _, err := reader.ExecContext(ctx, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM wallet_account").Scan(&n); err != nil {
		t.Fatal(err)
	}
	synced := make(chan error, 1)
	go func() { synced <- sync(engine) }()

	// A later plain read, with a short wait of its own, queues behind
	// the waiting ALTER.
	late, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Close()
	if _, err := late.ExecContext(ctx, "SET SESSION lock_wait_timeout = 1"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !waitingForMDL(t, db) {
		if time.Now().After(deadline) {
			t.Fatal("Sync's ALTER never waited for the metadata lock")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := late.QueryRowContext(ctx, "SELECT COUNT(*) FROM wallet_account").Scan(&n); err == nil || !strings.Contains(err.Error(), "1205") {
		t.Errorf("a plain read behind the waiting ALTER: got %v, want lock wait timeout (1205)", err)
	}
	select {
	case err := <-synced:
		t.Fatalf("Sync returned while the reading transaction was open: %v", err)
	default:
	}
	if _, err := reader.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if err := <-synced; err != nil {
		t.Fatal(err)
	}
	var alter string
	for _, s := range rec.sqls {
		if strings.HasPrefix(s, "ALTER TABLE") {
			alter = s
		}
	}
	if !strings.Contains(alter, "ADD") || !strings.Contains(alter, "note") {
		t.Errorf("Sync sent %q, want an ALTER TABLE adding note", rec.sqls)
	}
	// The bean declares no index: Sync drops the indexes the table has,
	// as its options allow, each with the same metadata lock.
	for _, index := range []struct {
		name  string
		drops bool
	}{{"owner_currency", dropsUnique}, {"balance_idx", dropsPlain}} {
		dropped := false
		for _, s := range rec.sqls {
			dropped = dropped || strings.HasPrefix(s, "DROP INDEX") && strings.Contains(s, index.name)
		}
		if dropped != index.drops {
			t.Errorf("Sync sent %q, want a DROP INDEX of the undeclared %s index: %v", rec.sqls, index.name, index.drops)
		}
	}
}

func waitingForMDL(t *testing.T, db *sql.DB) bool {
	t.Helper()
	var n int
	err := db.QueryRow("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table metadata lock' AND INFO LIKE 'ALTER TABLE%'").Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n > 0
}
