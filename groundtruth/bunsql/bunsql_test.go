package bunsql

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
)

// BunSeat is mapped by its tags: table bun_gt_seats, alias s, a unique
// (event_id, label) key.
type BunSeat struct {
	bun.BaseModel `bun:"table:bun_gt_seats,alias:s"`

	ID      int64  `bun:"id,pk,autoincrement"`
	EventID int64  `bun:"event_id,unique:event_label"`
	Label   string `bun:"label,unique:event_label"`
	Status  string `bun:"status"`
}

// BunGtBooking has no table tag (its table is the plural of its snake-case
// name) and is soft-deleted.
type BunGtBooking struct {
	bun.BaseModel

	ID        int64     `bun:",pk,autoincrement"`
	Reference string    `bun:",unique"`
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

// recorder keeps the SQL bun sends.
type recorder struct {
	mu   sync.Mutex
	sqls []string
}

func (r *recorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (r *recorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	r.mu.Lock()
	r.sqls = append(r.sqls, e.Query)
	r.mu.Unlock()
}

func (r *recorder) last(t *testing.T) string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sqls) == 0 {
		t.Fatal("bun sent nothing")
	}
	return r.sqls[len(r.sqls)-1]
}

func setup(t *testing.T) (*bun.DB, *recorder) {
	dsn := os.Getenv("LOCKLINT_TEST_DSN")
	if dsn == "" {
		if os.Getenv("LOCKLINT_REQUIRE_DB") != "" {
			t.Fatal("LOCKLINT_TEST_DSN is not set")
		}
		t.Skip("LOCKLINT_TEST_DSN is not set")
	}
	sqldb, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := bun.NewDB(sqldb, mysqldialect.New())
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	for _, m := range []any{(*BunSeat)(nil), (*BunGtBooking)(nil)} {
		if _, err := db.NewDropTable().Model(m).IfExists().Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NewCreateTable().Model(m).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.NewDropTable().Model(m).IfExists().Exec(context.Background()) })
	}
	if _, err := db.NewInsert().Model(&BunSeat{EventID: 1, Label: "A1", Status: "free"}).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	db.AddQueryHook(rec)
	return db, rec
}

// probe tries to update seat 1 from another session with a one-second
// lock wait: nil when it proceeds.
func probe(t *testing.T, db *bun.DB) error {
	t.Helper()
	ctx := context.Background()
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET SESSION innodb_lock_wait_timeout = 1"); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, "UPDATE bun_gt_seats SET status = 'probe' WHERE id = 1")
	return err
}

func blocked(err error) bool { return err != nil && strings.Contains(err.Error(), "1205") }

// TestSQLSent pins the statements the extractor writes for bun chains:
// the model's table and alias from its tags, WherePK's key, For's clause
// at the end with no LIMIT added, the soft-delete condition and UPDATE,
// and On("DUPLICATE KEY UPDATE") setting every column from VALUES.
func TestSQLSent(t *testing.T) {
	db, rec := setup(t)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	cases := []struct {
		run  func() error
		want []string // fragments, in order
	}{
		{func() error {
			return tx.NewSelect().Model(&BunSeat{ID: 1}).WherePK().For("UPDATE").Scan(ctx)
		}, []string{"SELECT ", " FROM `bun_gt_seats` AS `s` WHERE (`s`.`id` = 1) FOR UPDATE"}},
		{func() error {
			var ss []BunSeat
			return tx.NewSelect().Model(&ss).Where("event_id = ?", 1).Order("id").Limit(1).For("UPDATE SKIP LOCKED").Scan(ctx)
		}, []string{" FROM `bun_gt_seats` AS `s` WHERE (event_id = 1) ORDER BY `id` LIMIT 1 FOR UPDATE SKIP LOCKED"}},
		{func() error {
			var b BunGtBooking
			err := tx.NewSelect().Model(&b).Where("reference = ?", "r1").For("UPDATE").Scan(ctx)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}, []string{" FROM `bun_gt_bookings` AS `bun_gt_booking` WHERE (reference = 'r1') AND `bun_gt_booking`.`deleted_at` IS NULL FOR UPDATE"}},
		{func() error {
			_, err := tx.NewDelete().Model((*BunGtBooking)(nil)).Where("id = ?", 1).Exec(ctx)
			return err
		}, []string{"UPDATE `bun_gt_bookings` AS `bun_gt_booking` SET `bun_gt_booking`.`deleted_at` = ", " WHERE (id = 1) AND `bun_gt_booking`.`deleted_at` IS NULL"}},
		{func() error {
			_, err := tx.NewInsert().Model(&BunSeat{EventID: 1, Label: "A1", Status: "held"}).On("DUPLICATE KEY UPDATE").Exec(ctx)
			return err
		}, []string{"INSERT INTO `bun_gt_seats` (`id`, `event_id`, `label`, `status`) VALUES (DEFAULT, 1, 'A1', 'held') ON DUPLICATE KEY UPDATE `event_id` = VALUES(`event_id`), `label` = VALUES(`label`), `status` = VALUES(`status`)"}},
	}
	for _, c := range cases {
		if err := c.run(); err != nil {
			t.Fatal(err)
		}
		got := rec.last(t)
		at := 0
		for _, w := range c.want {
			i := strings.Index(got[at:], w)
			if i < 0 {
				t.Errorf("bun sent\n\t%s\nwant it to contain, in order\n\t%q", got, c.want)
				break
			}
			at += i + len(w)
		}
	}
}

// TestCountDropsLock checks that Count leaves out For's clause: the
// count takes no lock, so another session's write proceeds.
func TestCountDropsLock(t *testing.T) {
	db, rec := setup(t)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.NewSelect().Model((*BunSeat)(nil)).Where("id = ?", 1).For("UPDATE").Count(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rec.last(t); strings.Contains(got, "FOR UPDATE") || !strings.HasPrefix(got, "SELECT count(*) FROM `bun_gt_seats` AS `s` WHERE (id = 1)") {
		t.Errorf("Count sent %s", got)
	}
	if err := probe(t, db); err != nil {
		t.Errorf("after Count with For(\"UPDATE\"): %v, want the write to proceed", err)
	}
}

// TestUpdateNeedsWhere checks that bun refuses an UPDATE or DELETE with
// no condition: such a chain sends nothing.
func TestUpdateNeedsWhere(t *testing.T) {
	db, rec := setup(t)
	ctx := context.Background()
	n := len(rec.sqls)
	if _, err := db.NewUpdate().Model(&BunSeat{Status: "x"}).Column("status").Exec(ctx); err == nil {
		t.Error("UPDATE without WHERE: no error")
	}
	if _, err := db.NewDelete().Model((*BunSeat)(nil)).Exec(ctx); err == nil {
		t.Error("DELETE without WHERE: no error")
	}
	if len(rec.sqls) != n {
		t.Errorf("bun sent %v", rec.sqls[n:])
	}
}

// TestRunInTxHoldsLocks checks that the function RunInTx runs is in a
// transaction: its lock is held until the function returns, and released
// when it returns an error (rollback).
func TestRunInTxHoldsLocks(t *testing.T) {
	db, _ := setup(t)
	ctx := context.Background()
	errStop := errors.New("stop")
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&BunSeat{ID: 1}).WherePK().For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		if err := probe(t, db); !blocked(err) {
			t.Errorf("inside RunInTx: %v, want lock wait timeout (1205)", err)
		}
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Fatal(err)
	}
	if err := probe(t, db); err != nil {
		t.Errorf("after RunInTx returned: %v", err)
	}
	// On the pool, the same lock ends with its statement.
	if err := db.NewSelect().Model(&BunSeat{ID: 1}).WherePK().For("UPDATE").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if err := probe(t, db); err != nil {
		t.Errorf("after a locking read on the pool: %v", err)
	}
}
