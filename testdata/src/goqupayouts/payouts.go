// Package goqupayouts is the payouts service's data access layer,
// written with goqu on MySQL.
package goqupayouts

import (
	"context"
	"database/sql"
	"sort"

	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/mysql"
	"github.com/doug-martin/goqu/v9/exp"
)

// Payout is one row of payouts.
type Payout struct {
	ID         int64  `db:"id"`
	Reference  string `db:"reference"`
	MerchantID int64  `db:"merchant_id"`
	Status     string `db:"status"`
	Amount     int64  `db:"amount"`
}

// Repo runs the payouts statements.
type Repo struct {
	db  *goqu.Database
	raw *sql.DB
}

// New wraps the service's pool with goqu's MySQL dialect.
func New(db *sql.DB) *Repo { return &Repo{db: goqu.New("mysql", db), raw: db} }

// HoldByStatus locks the payouts of one status: no index starts with it.
func (r *Repo) HoldByStatus(status string) error {
	return r.db.WithTx(func(tx *goqu.TxDatabase) error {
		var ps []Payout
		return tx.From("payouts").Where(goqu.Ex{"status": status}).ForUpdate(exp.Wait).ScanStructs(&ps) // want `unindexed-lock: SELECT ... FOR UPDATE on payouts can use no index \(no index of payouts starts with status\)`
	})
}

// MerchantPayouts locks a merchant's payouts through the non-unique
// merchant index.
func (r *Repo) MerchantPayouts(merchant int64) ([]Payout, error) {
	var ps []Payout
	err := r.db.WithTx(func(tx *goqu.TxDatabase) error {
		return tx.From("payouts").Where(goqu.C("merchant_id").Eq(merchant)).ForUpdate(exp.Wait).ScanStructs(&ps) // want `range-lock: SELECT ... FOR UPDATE on payouts finds its rows by equality on the non-unique index idx_merchant`
	})
	return ps, err
}

// ByReference locks one payout by its unique reference: one record lock.
func (r *Repo) ByReference(ref string) (Payout, error) {
	var p Payout
	err := r.db.WithTx(func(tx *goqu.TxDatabase) error {
		_, err := tx.From("payouts").Where(goqu.Ex{"reference": ref}).ForUpdate(exp.Wait).ScanStruct(&p)
		return err
	})
	return p, err
}

// Peek locks a payout on the pool: autocommit releases the lock at once.
func (r *Repo) Peek(id int64) (Payout, error) {
	var p Payout
	_, err := r.db.From("payouts").Where(goqu.Ex{"id": id}).ForUpdate(exp.Wait).ScanStruct(&p) // want `lock-outside-tx: SELECT ... FOR UPDATE runs on the pool \(\*goqu.Database\)`
	return p, err
}

// PeekBuilt builds the same lock with the MySQL dialect and sends it in
// the caller's transaction.
func PeekBuilt(ctx context.Context, tx *sql.Tx, id int64) error {
	q, args, err := goqu.Dialect("mysql").From("payouts").Where(goqu.Ex{"id": id}).ForUpdate(exp.Wait).ToSQL()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, q, args...)
	return err
}

// PeekBuiltOnPool sends the built lock on the pool.
func (r *Repo) PeekBuiltOnPool(ctx context.Context, status string) error {
	q, args, err := goqu.Dialect("mysql").From("payouts").Where(goqu.Ex{"status": status}).ForUpdate(exp.Wait).ToSQL()
	if err != nil {
		return err
	}
	_, err = r.raw.ExecContext(ctx, q, args...) // want `lock-outside-tx: SELECT ... FOR UPDATE runs on the pool \(\*sql.DB\)`
	return err
}

// Create looks the reference up with a lock and inserts the payout when
// it is missing.
func (r *Repo) Create(ref string, merchant, amount int64) error {
	tx, err := r.db.Begin()
	if err != nil {
		return err
	}
	return tx.Wrap(func() error {
		var p Payout
		found, err := tx.From("payouts").Where(goqu.Ex{"reference": ref}).ForUpdate(exp.Wait).ScanStruct(&p)
		if err != nil {
			return err
		}
		if !found {
			_, err = tx.Insert("payouts").Rows(goqu.Record{"reference": ref, "merchant_id": merchant, "amount": amount, "status": "new"}).Executor().Exec() // want `check-then-insert: INSERT into payouts after SELECT ... FOR UPDATE`
		}
		return err
	})
}

// CreateOnce inserts or updates in one statement: nothing is checked.
func (r *Repo) CreateOnce(ref string, merchant, amount int64) error {
	_, err := r.db.Insert("payouts").Rows(goqu.Record{"reference": ref, "merchant_id": merchant, "amount": amount, "status": "new"}).
		OnConflict(goqu.DoUpdate("reference", goqu.Record{"amount": amount})).Executor().Exec()
	return err
}

// Approve begins and, when the payout is small, returns without ending
// the transaction.
func (r *Repo) Approve(id, limit int64) error {
	tx, err := r.db.Begin() // want `tx-not-closed: .*neither committed nor rolled back`
	if err != nil {
		return err
	}
	var p Payout
	if _, err := tx.From("payouts").Where(goqu.Ex{"id": id}).ForUpdate(exp.Wait).ScanStruct(&p); err != nil {
		tx.Rollback()
		return err
	}
	if p.Amount < limit {
		return nil
	}
	if _, err := tx.Update("payouts").Set(goqu.Record{"status": "approved"}).Where(goqu.Ex{"id": id}).Executor().Exec(); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ApproveAll ends the transaction on every path.
func (r *Repo) ApproveAll(id int64) error {
	tx, err := r.db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Update("payouts").Set(goqu.Record{"status": "approved"}).Where(goqu.Ex{"id": id}).Executor().Exec(); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Settle locks through the pool while its transaction is open.
func (r *Repo) Settle(id int64) error {
	return r.db.WithTx(func(tx *goqu.TxDatabase) error {
		var p Payout
		if _, err := r.db.From("payouts").Where(goqu.Ex{"id": id}).ForUpdate(exp.Wait).ScanStruct(&p); err != nil { // want `outer-handle-in-tx: .*r.db \(\*goqu.Database\) while tx is open`
			return err
		}
		_, err := tx.Update("payouts").Set(goqu.Record{"status": "settled"}).Where(goqu.Ex{"id": id}).Executor().Exec()
		return err
	})
}

// SettleInTx locks in the transaction.
func (r *Repo) SettleInTx(id int64) error {
	return r.db.WithTx(func(tx *goqu.TxDatabase) error {
		var p Payout
		if _, err := tx.From("payouts").Where(goqu.Ex{"id": id}).ForUpdate(exp.Wait).ScanStruct(&p); err != nil {
			return err
		}
		_, err := tx.Update("payouts").Set(goqu.Record{"status": "settled"}).Where(goqu.Ex{"id": id}).Executor().Exec()
		return err
	})
}

// SettleAll locks each payout in the caller's order.
func (r *Repo) SettleAll(ids []int64) error {
	return r.db.WithTx(func(tx *goqu.TxDatabase) error {
		for _, id := range ids {
			var p Payout
			if _, err := tx.From("payouts").Where(goqu.Ex{"id": id}).ForUpdate(exp.Wait).ScanStruct(&p); err != nil { // want `nested-lock: .*inside a loop`
				return err
			}
		}
		return nil
	})
}

// SettleAllSorted locks the payouts in key order.
func (r *Repo) SettleAllSorted(ids []int64) error {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return r.db.WithTx(func(tx *goqu.TxDatabase) error {
		for _, id := range ids {
			var p Payout
			if _, err := tx.From("payouts").Where(goqu.Ex{"id": id}).ForUpdate(exp.Wait).ScanStruct(&p); err != nil {
				return err
			}
		}
		return nil
	})
}

// Drain takes pending payouts of a merchant one after another, each
// time the oldest: the way a worker polls.
func (r *Repo) Drain(merchant int64, max int) error {
	return r.db.WithTx(func(tx *goqu.TxDatabase) error {
		for i := 0; i < max; i++ {
			var p Payout
			found, err := tx.From("payouts").Where(goqu.Ex{"merchant_id": merchant}).Order(goqu.C("id").Asc()).ForUpdate(exp.Wait).ScanStruct(&p) // want `range-lock: .*idx_merchant` `skip-locked-candidate: this queue poll`
			if err != nil || !found {
				return err
			}
			if _, err := tx.Update("payouts").Set(goqu.Record{"status": "paid"}).Where(goqu.Ex{"id": p.ID}).Executor().Exec(); err != nil {
				return err
			}
		}
		return nil
	})
}

// DrainSkipping is Drain with SKIP LOCKED.
func (r *Repo) DrainSkipping(merchant int64, max int) error {
	return r.db.WithTx(func(tx *goqu.TxDatabase) error {
		for i := 0; i < max; i++ {
			var p Payout
			found, err := tx.From("payouts").Where(goqu.Ex{"merchant_id": merchant}).Order(goqu.C("id").Asc()).ForUpdate(exp.SkipLocked).ScanStruct(&p) // want `range-lock: .*idx_merchant`
			if err != nil || !found {
				return err
			}
			if _, err := tx.Update("payouts").Set(goqu.Record{"status": "paid"}).Where(goqu.Ex{"id": p.ID}).Executor().Exec(); err != nil {
				return err
			}
		}
		return nil
	})
}

// PeekDefault renders with goqu's default dialect, which quotes names
// with double quotes: not the text a MySQL server is sent, so nothing is
// said.
func (r *Repo) PeekDefault(ctx context.Context, status string) error {
	q, args, err := goqu.From("payouts").Where(goqu.Ex{"status": status}).ForUpdate(exp.Wait).ToSQL()
	if err != nil {
		return err
	}
	_, err = r.raw.ExecContext(ctx, q, args...)
	return err
}

// option changes the dataset it is given in place.
type option func(ds *goqu.SelectDataset)

func withStatus(status string) option {
	return func(ds *goqu.SelectDataset) {
		*ds = *ds.Where(goqu.Ex{"status": status})
	}
}

// Locked applies its options to the dataset before it runs: what they add
// is not read here, so nothing is said of the WHERE clause.
func (r *Repo) Locked(id int64, opts ...option) (Payout, error) {
	var p Payout
	err := r.db.WithTx(func(tx *goqu.TxDatabase) error {
		ds := tx.From("payouts").Where(goqu.Ex{"merchant_id": id}).ForUpdate(exp.Wait)
		for _, o := range opts {
			o(ds)
		}
		_, err := ds.ScanStruct(&p)
		return err
	})
	return p, err
}

// Ledger builds its statements with the MySQL dialect kept in a field.
type Ledger struct {
	db      *sql.DB
	dialect goqu.DialectWrapper
}

// NewLedger keeps the dialect the service's server speaks.
func NewLedger(db *sql.DB) *Ledger { return &Ledger{db: db, dialect: goqu.Dialect("mysql")} }

// Settled locks settled payouts on the pool.
func (l *Ledger) Settled(ctx context.Context) error {
	q, args, err := l.dialect.From("payouts").Where(goqu.Ex{"status": "settled"}).ForUpdate(exp.Wait).ToSQL()
	if err != nil {
		return err
	}
	_, err = l.db.ExecContext(ctx, q, args...) // want `lock-outside-tx: SELECT ... FOR UPDATE runs on the pool \(\*sql.DB\)`
	return err
}
