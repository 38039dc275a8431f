package lostupdate

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"
)

type account struct {
	ID      int64  `db:"id"`
	Balance int64  `db:"balance"`
	Status  string `db:"status"`
	Version int64  `db:"version"`
}

var errConflict = errors.New("concurrent update")

// Positives.

func deposit(ctx context.Context, db *sql.DB, id, amount int64) error {
	var bal int64
	if err := db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal); err != nil {
		return err
	}
	bal += amount
	_, err := db.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal, id) // want `lost-update: UPDATE of accounts sets balance from a value read by a plain SELECT that took no lock: another transaction can change the row between the read and this write, and this write then overwrites its change without any error .*Fix: compute it in SQL \(SET balance = balance \+ \?\), or begin a transaction, read with SELECT \.\.\. FOR UPDATE and write through it, or add a version check`
	return err
}

func withdrawInTx(ctx context.Context, db *sql.DB, id, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal); err != nil {
		return err
	}
	if bal < amount {
		return errors.New("insufficient funds")
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal-amount, id); err != nil { // want `lost-update: UPDATE of accounts sets balance .*read it with SELECT \.\.\. FOR UPDATE in the transaction that runs this UPDATE`
		return err
	}
	return tx.Commit()
}

func sqlxStructField(x *sqlx.DB, id, amount int64) error {
	var acc account
	if err := x.Get(&acc, "SELECT id, balance FROM accounts WHERE id = ?", id); err != nil {
		return err
	}
	acc.Balance -= amount
	newBalance := acc.Balance
	_, err := x.Exec("UPDATE accounts SET balance = ? WHERE id = ?", newBalance, acc.ID) // want `lost-update: UPDATE of accounts sets balance`
	return err
}

func sqlxNamed(ctx context.Context, x *sqlx.DB, id int64) error {
	var acc account
	if err := x.GetContext(ctx, &acc, "SELECT * FROM accounts WHERE id = ?", id); err != nil {
		return err
	}
	if acc.Balance < 0 {
		acc.Status = "overdrawn"
	}
	_, err := x.NamedExecContext(ctx, "UPDATE accounts SET status = :status WHERE id = :id", acc) // want `lost-update: UPDATE of accounts sets status`
	return err
}

type item struct {
	sku string
	qty int
}

func restockAll(ctx context.Context, db *sql.DB, warehouse int) error {
	rows, err := db.QueryContext(ctx, "SELECT sku, qty FROM inventory WHERE warehouse = ?", warehouse)
	if err != nil {
		return err
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.sku, &it.qty); err != nil {
			return err
		}
		items = append(items, it)
	}
	rows.Close()
	for _, it := range items {
		db.ExecContext(ctx, "UPDATE inventory SET qty = ? WHERE sku = ? AND warehouse = ?", it.qty+10, it.sku, warehouse) // want `lost-update: UPDATE of inventory sets qty`
	}
	return nil
}

// A version in the WHERE protects nothing if nobody looks at the row count.
func versionUnchecked(ctx context.Context, db *sql.DB, id, amount int64) error {
	var bal, ver int64
	if err := db.QueryRowContext(ctx, "SELECT balance, version FROM accounts WHERE id = ?", id).Scan(&bal, &ver); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "UPDATE accounts SET balance = ?, version = version + 1 WHERE id = ? AND version = ?", bal+amount, id, ver) // want `lost-update: UPDATE of accounts sets balance`
	return err
}

// Nor does a version the UPDATE does not change: a concurrent writer
// leaves it as it was, and this write still matches.
func versionNotBumped(ctx context.Context, db *sql.DB, id, amount int64) error {
	var bal, ver int64
	if err := db.QueryRowContext(ctx, "SELECT balance, version FROM accounts WHERE id = ?", id).Scan(&bal, &ver); err != nil {
		return err
	}
	res, err := db.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ? AND version = ?", bal+amount, id, ver) // want `lost-update: UPDATE of accounts sets balance`
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errConflict
	}
	return nil
}

func upsertCounter(ctx context.Context, db *sql.DB, sku string) error {
	var qty int
	db.QueryRowContext(ctx, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = 1", sku).Scan(&qty)
	_, err := db.ExecContext(ctx, "INSERT INTO inventory (sku, warehouse, qty) VALUES (?, 1, 1) ON DUPLICATE KEY UPDATE qty = ?", sku, qty+1) // want `lost-update: INSERT of inventory sets qty`
	return err
}

// Negatives.

func atomicIncrement(ctx context.Context, db *sql.DB, id int64) error {
	var fee int64
	if err := db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&fee); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", fee/100, id) // computed by the server on the locked row
	return err
}

func optimisticVersion(ctx context.Context, db *sql.DB, id, amount int64) error {
	var bal, ver int64
	if err := db.QueryRowContext(ctx, "SELECT balance, version FROM accounts WHERE id = ?", id).Scan(&bal, &ver); err != nil {
		return err
	}
	res, err := db.ExecContext(ctx, "UPDATE accounts SET balance = ?, version = version + 1 WHERE id = ? AND version = ?", bal+amount, id, ver)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return errConflict
	}
	return nil
}

// The old value itself as the check, with the count handed to the caller.
func compareAndSwap(x *sqlx.DB, id int64) (int64, error) {
	var acc account
	if err := x.Get(&acc, "SELECT id, status FROM accounts WHERE id = ?", id); err != nil {
		return 0, err
	}
	next := acc.Status + "!"
	res := x.MustExec("UPDATE accounts SET status = ? WHERE id = ? AND status = ?", next, acc.ID, acc.Status)
	return res.RowsAffected()
}

func lockedFirst(ctx context.Context, db *sql.DB, id, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&bal); err != nil {
		return err
	}
	tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal+amount, id)
	return tx.Commit()
}

// Locked, then read plainly: the snapshot is taken after the lock, so the
// value is current (stale-snapshot-read would say otherwise if a plain
// read had come first).
func lockedThenPlainRead(ctx context.Context, x *sqlx.DB, id int64) error {
	tx := x.MustBegin()
	defer tx.Rollback()
	var locked int64
	if err := tx.Get(&locked, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id); err != nil {
		return err
	}
	var acc account
	if err := tx.Get(&acc, "SELECT id, balance FROM accounts WHERE id = ?", id); err != nil {
		return err
	}
	tx.MustExec("UPDATE accounts SET balance = ? WHERE id = ?", acc.Balance*2, id)
	return tx.Commit()
}

func neverWrittenBack(ctx context.Context, db *sql.DB, id int64) (int64, error) {
	var bal int64
	if err := db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal); err != nil {
		return 0, err
	}
	_, err := db.ExecContext(ctx, "UPDATE accounts SET status = 'checked' WHERE id = ?", id)
	return bal, err
}

func readOnlyInWhere(x *sqlx.DB, email string) error {
	var acc account
	if err := x.Get(&acc, "SELECT id FROM accounts WHERE email = ?", email); err != nil {
		return err
	}
	_, err := x.Exec("UPDATE accounts SET status = ? WHERE id = ?", "verified", acc.ID) // the read value only finds the row
	return err
}

func otherTable(ctx context.Context, db *sql.DB, id int64) error {
	var bal int64
	db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	_, err := db.ExecContext(ctx, "UPDATE orders SET note = ? WHERE customer_id = ?", bal, id)
	return err
}

func serializable(ctx context.Context, db *sql.DB, id, amount int64) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal) // takes a shared lock at SERIALIZABLE
	tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal+amount, id)
	return tx.Commit()
}

// inheritStatus copies an account's status onto the accounts it owns: the
// rows written refer to the row read (owner_id = its id), they are not
// that row, so no concurrent change of it is overwritten.
func inheritStatus(ctx context.Context, db *sql.DB, id int64) error {
	var status string
	if err := db.QueryRowContext(ctx, "SELECT status FROM accounts WHERE id = ?", id).Scan(&status); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "UPDATE accounts SET status = ? WHERE owner_id = ?", status, id)
	return err
}

// spreadStatus reads one of an owner's accounts and writes its status to
// all of them, the one read included: a change made to it in between is
// lost.
func spreadStatus(ctx context.Context, db *sql.DB, owner int64) error {
	var status string
	if err := db.QueryRowContext(ctx, "SELECT status FROM accounts WHERE owner_id = ? LIMIT 1", owner).Scan(&status); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "UPDATE accounts SET status = ? WHERE owner_id = ?", status, owner) // want `lost-update: UPDATE of accounts sets status`
	return err
}
