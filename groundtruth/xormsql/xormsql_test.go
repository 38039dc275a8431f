package xormsql

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	"xorm.io/xorm"
	"xorm.io/xorm/contexts"
)

// Wallet is mapped by xorm's default SnakeMapper: table wallet_account,
// column owner_id... as "owner_i_d" (SnakeMapper splits every capital).
type WalletAccount struct {
	Id       int64  `xorm:"pk autoincr"`
	OwnerID  int64  `xorm:"unique(owner_currency)"`
	Currency string `xorm:"varchar(8) unique(owner_currency)"`
	Balance  int64
}

// recorder keeps the SQL xorm sends.
type recorder struct {
	mu   sync.Mutex
	sqls []string
}

func (r *recorder) BeforeProcess(c *contexts.ContextHook) (context.Context, error) {
	r.mu.Lock()
	r.sqls = append(r.sqls, c.SQL)
	r.mu.Unlock()
	return c.Ctx, nil
}

func (r *recorder) AfterProcess(*contexts.ContextHook) error { return nil }

func (r *recorder) last(t *testing.T) string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sqls) == 0 {
		t.Fatal("xorm sent nothing")
	}
	return r.sqls[len(r.sqls)-1]
}

func setup(t *testing.T) (*xorm.Engine, *recorder) {
	dsn := os.Getenv("LOCKLINT_TEST_DSN")
	if dsn == "" {
		t.Skip("LOCKLINT_TEST_DSN is not set")
	}
	engine, err := xorm.NewEngine("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.Close() })
	if err := engine.DropTables(new(WalletAccount)); err != nil {
		t.Fatal(err)
	}
	if err := engine.Sync(new(WalletAccount)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.DropTables(new(WalletAccount)) })
	if _, err := engine.Insert(&WalletAccount{OwnerID: 1, Currency: "EUR", Balance: 10}); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	engine.AddHook(rec)
	return engine, rec
}

// TestSQLSent pins the statements the extractor writes for xorm calls:
// ForUpdate appends FOR UPDATE, Get adds LIMIT 1, the bean's non-zero
// fields become the WHERE, ID is the primary key, and names come from
// SnakeMapper.
func TestSQLSent(t *testing.T) {
	engine, rec := setup(t)
	sess := engine.NewSession()
	defer sess.Close()
	if err := sess.Begin(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		run  func() error
		want string
	}{
		{func() error { _, err := sess.ID(1).ForUpdate().Get(new(WalletAccount)); return err },
			"SELECT `id`, `owner_i_d`, `currency`, `balance` FROM `wallet_account` WHERE `id`=? LIMIT 1 FOR UPDATE"},
		{func() error {
			_, err := sess.ForUpdate().Get(&WalletAccount{OwnerID: 1, Currency: "EUR"})
			return err
		}, "SELECT `id`, `owner_i_d`, `currency`, `balance` FROM `wallet_account` WHERE `owner_i_d`=? AND `currency`=? LIMIT 1 FOR UPDATE"},
		{func() error {
			var ws []WalletAccount
			return sess.Where("balance > ?", 0).ForUpdate().Find(&ws)
		}, "SELECT `id`, `owner_i_d`, `currency`, `balance` FROM `wallet_account` WHERE (balance > ?) FOR UPDATE"},
		{func() error {
			_, err := sess.Cols("balance").Update(&WalletAccount{Balance: 0}, &WalletAccount{OwnerID: 1, Currency: "EUR"})
			return err
		}, "UPDATE `wallet_account` SET `balance` = ? WHERE `owner_i_d`=? AND `currency`=?"},
	}
	for _, c := range cases {
		if err := c.run(); err != nil {
			t.Fatal(err)
		}
		if got := rec.last(t); got != c.want {
			t.Errorf("xorm sent\n\t%s\nwant\n\t%s", got, c.want)
		}
	}
}

// TestCloseRollsBack checks that Close ends a transaction the session
// began and did not commit: the row lock is released, so `defer
// sess.Close()` closes the transaction.
func TestCloseRollsBack(t *testing.T) {
	engine, _ := setup(t)
	sess := engine.NewSession()
	if err := sess.Begin(); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.ID(1).ForUpdate().Get(new(WalletAccount)); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", os.Getenv("LOCKLINT_TEST_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	probe := func() error {
		conn, err := db.Conn(context.Background())
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(context.Background(), "SET SESSION innodb_lock_wait_timeout = 1"); err != nil {
			return err
		}
		_, err = conn.ExecContext(context.Background(), "UPDATE wallet_account SET balance = balance + 1 WHERE id = 1")
		return err
	}
	if err := probe(); err == nil || !strings.Contains(err.Error(), "1205") {
		t.Fatalf("while the session holds the lock: got %v, want lock wait timeout (1205)", err)
	}
	start := time.Now()
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	if err := probe(); err != nil {
		t.Fatalf("after Close: %v (%s)", err, time.Since(start))
	}
}
