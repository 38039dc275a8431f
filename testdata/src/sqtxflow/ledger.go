// Package sqtxflow is a ledger and job queue whose statements are built
// with squirrel: the transaction-flow rules on builder chains.
package sqtxflow

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"
	_ "github.com/go-sql-driver/mysql"
)

// Ledger moves money between accounts.
type Ledger struct {
	db *sql.DB
}

func NewLedger(db *sql.DB) *Ledger { return &Ledger{db: db} }

// Transfer locks two accounts one after the other in the order the
// caller gives them: two opposite transfers deadlock.
func (l *Ledger) Transfer(ctx context.Context, from, to, amount int64) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	debit := sq.Update("accounts").Set("balance", sq.Expr("balance - ?", amount)).Where(sq.Eq{"id": from})
	if _, err := debit.RunWith(tx).ExecContext(ctx); err != nil {
		return err
	}
	credit := sq.Update("accounts").Set("balance", sq.Expr("balance + ?", amount)).Where(sq.Eq{"id": to})
	if _, err := credit.RunWith(tx).ExecContext(ctx); err != nil { // want `nested-lock: this transaction already locked a row of accounts \(UPDATE\) and now locks another, both chosen at run time`
		return err
	}
	return tx.Commit()
}

// Rename updates the same account twice: the second statement takes no
// new lock, so there is nothing to order.
func (l *Ledger) Rename(ctx context.Context, id int64, email, status string) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q, args, err := sq.Update("accounts").Set("email", email).Where(sq.Eq{"id": id}).ToSql()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return err
	}
	q2, args2, err := sq.Update("accounts").Set("status", status).Where(sq.Eq{"id": id}).ToSql()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q2, args2...); err != nil {
		return err
	}
	return tx.Commit()
}

// Open creates an account unless one with the email exists, after
// locking the email: the gap lock of a missing email deadlocks two
// callers.
func (l *Ledger) Open(ctx context.Context, id int64, email string) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var found int64
	err = sq.Select("id").From("accounts").Where(sq.Eq{"email": email}).Suffix("FOR UPDATE").
		RunWith(tx).QueryRowContext(ctx).Scan(&found)
	if errors.Is(err, sql.ErrNoRows) {
		ins := sq.Insert("accounts").Columns("id", "email", "status").Values(id, email, "new")
		if _, err := ins.RunWith(tx).ExecContext(ctx); err != nil { // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE of the same table in one transaction`
			return err
		}
	}
	return tx.Commit()
}

// Upsert inserts or updates in one statement, with no lookup first:
// silent.
func (l *Ledger) Upsert(ctx context.Context, id int64, email string) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q, args, err := sq.Insert("accounts").Columns("id", "email", "status").Values(id, email, "new").
		Suffix("ON DUPLICATE KEY UPDATE status = VALUES(status)").ToSql()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return err
	}
	return tx.Commit()
}

// Audit reads through the pool while its transaction is open: another
// connection, outside the transaction.
func (l *Ledger) Audit(ctx context.Context, id, amount int64) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := sq.Update("accounts").Set("balance", amount).Where(sq.Eq{"id": id}).RunWith(tx).ExecContext(ctx); err != nil {
		return err
	}
	var bal int64
	if err := sq.Select("balance").From("accounts").Where(sq.Eq{"id": id}).RunWith(l.db).QueryRowContext(ctx).Scan(&bal); err != nil { // want `outer-handle-in-tx: SELECT runs through the pool handle l\.db \(\*sql\.DB\) while tx is open`
		return err
	}
	return tx.Commit()
}

// AuditAfter reads through the pool once the transaction is committed:
// silent.
func (l *Ledger) AuditAfter(ctx context.Context, id, amount int64) (int64, error) {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := sq.Update("accounts").Set("balance", amount).Where(sq.Eq{"id": id}).RunWith(tx).ExecContext(ctx); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	var bal int64
	err = sq.Select("balance").From("accounts").Where(sq.Eq{"id": id}).RunWith(l.db).QueryRowContext(ctx).Scan(&bal)
	return bal, err
}

// Freeze returns early without ending its transaction.
func (l *Ledger) Freeze(ctx context.Context, id int64) error {
	tx, err := l.db.BeginTx(ctx, nil) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line \d+`
	if err != nil {
		return err
	}
	res, err := sq.Update("accounts").Set("status", "frozen").Where(sq.Eq{"id": id}).RunWith(tx).ExecContext(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errors.New("no such account")
	}
	return tx.Commit()
}

// Thaw is Freeze with a deferred rollback: silent.
func (l *Ledger) Thaw(ctx context.Context, id int64) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := sq.Update("accounts").Set("status", "active").Where(sq.Eq{"id": id}).RunWith(tx).ExecContext(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// AddOrder locks the customer's account by primary key, then inserts an
// order: another table, so no gap of accounts is in the way: silent.
func (l *Ledger) AddOrder(ctx context.Context, account, order int64) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := sq.Select("status").From("accounts").Where(sq.Eq{"id": account}).Suffix("FOR UPDATE").
		RunWith(tx).QueryRowContext(ctx).Scan(&status); err != nil {
		return err
	}
	if _, err := sq.Insert("orders").Columns("id", "customer_id", "region", "status").
		Values(order, account, "eu", "new").RunWith(tx).ExecContext(ctx); err != nil {
		return err
	}
	return tx.Commit()
}
