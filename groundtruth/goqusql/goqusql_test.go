package goqusql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/mysql"
	"github.com/doug-martin/goqu/v9/exp"
	_ "github.com/go-sql-driver/mysql"
)

// Payout is one row of goqu_gt_payouts.
type Payout struct {
	ID        int64  `db:"id"`
	Reference string `db:"reference"`
	Amount    int64  `db:"amount"`
}

// recorder keeps the SQL goqu logs before it sends it.
type recorder struct {
	mu   sync.Mutex
	sqls []string
}

// Printf receives goqu's log lines: [goqu] QUERY [query:=`SELECT ...`].
func (r *recorder) Printf(format string, v ...interface{}) {
	line := fmt.Sprintf(format, v...)
	if i, j := strings.Index(line, "query:=`"), strings.LastIndexByte(line, '`'); i >= 0 && j > i {
		line = line[i+len("query:=`") : j]
	}
	r.mu.Lock()
	r.sqls = append(r.sqls, line)
	r.mu.Unlock()
}

func (r *recorder) last(t *testing.T) string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sqls) == 0 {
		t.Fatal("goqu sent nothing")
	}
	return r.sqls[len(r.sqls)-1]
}

func setup(t *testing.T) (*goqu.Database, *sql.DB, *recorder) {
	dsn := os.Getenv("LOCKLINT_TEST_DSN")
	if dsn == "" {
		if os.Getenv("LOCKLINT_REQUIRE_DB") != "" {
			t.Fatal("LOCKLINT_TEST_DSN is not set")
		}
		t.Skip("LOCKLINT_TEST_DSN is not set")
	}
	raw, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	for _, q := range []string{
		"DROP TABLE IF EXISTS goqu_gt_payouts",
		"CREATE TABLE goqu_gt_payouts (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, reference VARCHAR(64) NOT NULL UNIQUE, amount BIGINT NOT NULL)",
		"INSERT INTO goqu_gt_payouts (reference, amount) VALUES ('p1', 10)",
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { raw.Exec("DROP TABLE IF EXISTS goqu_gt_payouts") })
	db := goqu.New("mysql", raw)
	rec := &recorder{}
	db.Logger(rec)
	return db, raw, rec
}

// probe tries to update payout 1 from another session with a one-second
// lock wait: nil when it proceeds.
func probe(t *testing.T, raw *sql.DB) error {
	t.Helper()
	ctx := context.Background()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET SESSION innodb_lock_wait_timeout = 1"); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, "UPDATE goqu_gt_payouts SET amount = amount + 1 WHERE id = 1")
	return err
}

func blocked(err error) bool { return err != nil && strings.Contains(err.Error(), "1205") }

// TestSQLSent pins the statements the extractor writes for goqu
// datasets: ScanStruct adds LIMIT 1, Count keeps the locking clause,
// the wait options, Ex's equality and IN, and the MySQL dialect's
// conflict clauses (DoUpdate is INSERT IGNORE ... ON DUPLICATE KEY
// UPDATE, DoNothing INSERT IGNORE).
func TestSQLSent(t *testing.T) {
	db, _, rec := setup(t)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ds := tx.From("goqu_gt_payouts")
	cases := []struct {
		run  func() error
		want string // what the statement ends with
	}{
		{func() error {
			var p Payout
			_, err := ds.Where(goqu.Ex{"id": 1}).ForUpdate(exp.Wait).ScanStruct(&p)
			return err
		}, "FROM `goqu_gt_payouts` WHERE (`id` = 1) LIMIT 1 FOR UPDATE "},
		{func() error {
			var ps []Payout
			return ds.Where(goqu.Ex{"id": []int64{1, 2}}).Order(goqu.C("id").Asc()).Limit(5).ForUpdate(exp.SkipLocked).ScanStructs(&ps)
		}, "FROM `goqu_gt_payouts` WHERE (`id` IN (1, 2)) ORDER BY `id` ASC LIMIT 5 FOR UPDATE SKIP LOCKED"},
		{func() error {
			_, err := ds.Where(goqu.C("amount").Gt(5)).ForUpdate(exp.NoWait).Count()
			return err
		}, "SELECT COUNT(*) AS `count` FROM `goqu_gt_payouts` WHERE (`amount` > 5) LIMIT 1 FOR UPDATE NOWAIT"},
		{func() error {
			_, err := tx.Insert("goqu_gt_payouts").Rows(goqu.Record{"reference": "p1", "amount": 3}).
				OnConflict(goqu.DoUpdate("reference", goqu.Record{"amount": 3})).Executor().Exec()
			return err
		}, "INSERT IGNORE INTO `goqu_gt_payouts` (`amount`, `reference`) VALUES (3, 'p1') ON DUPLICATE KEY UPDATE `amount`=3"},
		{func() error {
			_, err := tx.Insert("goqu_gt_payouts").Rows(goqu.Record{"reference": "p1", "amount": 3}).
				OnConflict(goqu.DoNothing()).Executor().Exec()
			return err
		}, "INSERT IGNORE INTO `goqu_gt_payouts` (`amount`, `reference`) VALUES (3, 'p1')"},
	}
	for _, c := range cases {
		if err := c.run(); err != nil {
			t.Fatal(err)
		}
		if got := rec.last(t); !strings.HasSuffix(got, c.want) {
			t.Errorf("goqu sent\n\t%s\nwant it to end with\n\t%s", got, c.want)
		}
	}
}

// TestDefaultDialect checks that a dataset of goqu's default dialect
// quotes names with double quotes, which MySQL reads as strings: its
// text is not a MySQL statement.
func TestDefaultDialect(t *testing.T) {
	_, raw, _ := setup(t)
	q, _, err := goqu.From("goqu_gt_payouts").Where(goqu.Ex{"id": 1}).ForUpdate(exp.Wait).ToSQL()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q, `FROM "goqu_gt_payouts"`) {
		t.Errorf("default dialect rendered %s", q)
	}
	if _, err := raw.Exec(q); err == nil {
		t.Errorf("MySQL ran %s", q)
	}
	q, _, err = goqu.Dialect("mysql").From("goqu_gt_payouts").Where(goqu.Ex{"id": 1}).ForUpdate(exp.Wait).ToSQL()
	if err != nil || q != "SELECT * FROM `goqu_gt_payouts` WHERE (`id` = 1) FOR UPDATE " {
		t.Errorf("mysql dialect rendered %s, %v", q, err)
	}
}

// TestForShareSyntax records what the server does with goqu's ForShare,
// which the MySQL dialect writes as FOR SHARE: MySQL 8 reads it, MariaDB
// does not.
func TestForShareSyntax(t *testing.T) {
	db, raw, rec := setup(t)
	var p Payout
	_, err := db.From("goqu_gt_payouts").Where(goqu.Ex{"id": 1}).ForShare(exp.Wait).ScanStruct(&p)
	if got := rec.last(t); !strings.HasSuffix(got, "LIMIT 1 FOR SHARE ") {
		t.Errorf("goqu sent %s", got)
	}
	var version string
	if err := raw.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	mariadb := strings.Contains(strings.ToLower(version), "mariadb")
	if mariadb && (err == nil || !strings.Contains(err.Error(), "1064")) {
		t.Errorf("%s: FOR SHARE gave %v, want a syntax error (1064)", version, err)
	}
	if !mariadb && err != nil {
		t.Errorf("%s: FOR SHARE gave %v", version, err)
	}
}

// TestWrapEndsTransaction checks that Wrap commits or rolls back the
// transaction it is called on, and that WithTx's function runs in a
// transaction whose locks last until it returns.
func TestWrapEndsTransaction(t *testing.T) {
	db, raw, _ := setup(t)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	errStop := errors.New("stop")
	err = tx.Wrap(func() error {
		var p Payout
		if _, err := tx.From("goqu_gt_payouts").Where(goqu.Ex{"id": 1}).ForUpdate(exp.Wait).ScanStruct(&p); err != nil {
			return err
		}
		if err := probe(t, raw); !blocked(err) {
			t.Errorf("inside Wrap: %v, want lock wait timeout (1205)", err)
		}
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Fatal(err)
	}
	if err := probe(t, raw); err != nil {
		t.Errorf("after Wrap returned an error: %v", err)
	}
	err = db.WithTx(func(tx *goqu.TxDatabase) error {
		var p Payout
		if _, err := tx.From("goqu_gt_payouts").Where(goqu.Ex{"id": 1}).ForUpdate(exp.Wait).ScanStruct(&p); err != nil {
			return err
		}
		if err := probe(t, raw); !blocked(err) {
			t.Errorf("inside WithTx: %v, want lock wait timeout (1205)", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := probe(t, raw); err != nil {
		t.Errorf("after WithTx returned: %v", err)
	}
}
