package stalesnapshot

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

// Positives, first form: plain read, then lock, then a write from the
// plain read.

func readThenLock(ctx context.Context, db *sql.DB, id, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal); err != nil {
		return err
	}
	var locked int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&locked); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal+amount, id); err != nil { // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that ran before the SELECT \.\.\. FOR UPDATE of accounts: the plain read returned the row as of the transaction's snapshot, the locking read locked the latest committed row, and anything committed in between is overwritten by this write \(at REPEATABLE READ\)\. .*Fix: use the values the locking read returns`
		return err
	}
	return tx.Commit()
}

func sqlxReadThenShareLock(x *sqlx.DB, id int64) error {
	tx := x.MustBegin()
	defer tx.Rollback()
	var acc account
	if err := tx.Get(&acc, "SELECT id, balance, status FROM accounts WHERE id = ?", id); err != nil {
		return err
	}
	var n int
	if err := tx.Get(&n, "SELECT COUNT(*) FROM accounts WHERE id = ? LOCK IN SHARE MODE", id); err != nil {
		return err
	}
	if acc.Balance < 0 {
		acc.Status = "frozen"
	}
	tx.MustExec("UPDATE accounts SET status = ? WHERE id = ?", acc.Status, acc.ID) // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that ran before the SELECT \.\.\. LOCK IN SHARE MODE of accounts`
	return tx.Commit()
}

func readManyThenLockEach(ctx context.Context, db *sql.DB, warehouse int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT sku, qty FROM inventory WHERE warehouse = ?", warehouse)
	if err != nil {
		return err
	}
	qty := map[string]int{}
	for rows.Next() {
		var sku string
		var q int
		rows.Scan(&sku, &q)
		qty[sku] = q
	}
	rows.Close()
	for sku, q := range qty {
		tx.ExecContext(ctx, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = ? FOR UPDATE", sku, warehouse)
		tx.ExecContext(ctx, "UPDATE inventory SET qty = ? WHERE sku = ? AND warehouse = ?", q-1, sku, warehouse) // want `stale-snapshot-read: UPDATE of inventory writes a value from a plain SELECT of inventory that ran before the SELECT \.\.\. FOR UPDATE of inventory`
	}
	return tx.Commit()
}

// Second form: the snapshot is taken, then the lock, then a plain read
// that still answers from the snapshot.

func snapshotThenLockThenRead(ctx context.Context, db *sql.DB, id, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var open int
	tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders WHERE customer_id = ?", id).Scan(&open)
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	var bal int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal-amount, id) // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that runs after the SELECT \.\.\. FOR UPDATE of accounts, in a REPEATABLE READ transaction whose snapshot an earlier plain read may already have taken: InnoDB answers plain reads from that snapshot, not from the row just locked.*Fix: read the values with the locking read itself`
	return tx.Commit()
}

func sqlxSnapshotThenLock(ctx context.Context, x *sqlx.DB, id int64) error {
	tx, err := x.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var before account
	if err := tx.GetContext(ctx, &before, "SELECT id, status FROM accounts WHERE id = ?", id); err != nil {
		return err
	}
	if before.Status == "closed" {
		return errors.New("closed")
	}
	tx.MustExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	var acc account
	if err := tx.GetContext(ctx, &acc, "SELECT id, balance FROM accounts WHERE id = ?", id); err != nil {
		return err
	}
	tx.MustExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", acc.Balance+1, id) // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that runs after the SELECT \.\.\. FOR UPDATE`
	return tx.Commit()
}

// Negatives.

// Lock first, no plain read before it: the snapshot is taken after the
// row is locked, so the plain read sees the current row.
func lockThenRead(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	var bal int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal+1, id)
	return tx.Commit()
}

// The value written comes from the locking read itself.
func valueFromLock(x *sqlx.DB, id int64) error {
	tx := x.MustBegin()
	defer tx.Rollback()
	var seen int64
	tx.Get(&seen, "SELECT balance FROM accounts WHERE id = ?", id)
	var bal int64
	if err := tx.Get(&bal, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id); err != nil {
		return err
	}
	tx.MustExec("UPDATE accounts SET balance = ? WHERE id = ?", bal+1, id)
	return tx.Commit()
}

// Atomic update: the server computes it on the locked row.
func atomicAfterLock(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var fee int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&fee)
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", fee/100, id)
	return tx.Commit()
}

// An optimistic check notices the stale value.
func optimisticAfterLock(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal, ver int64
	tx.QueryRowContext(ctx, "SELECT balance, version FROM accounts WHERE id = ?", id).Scan(&bal, &ver)
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	res, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = ?, version = version + 1 WHERE id = ? AND version = ?", bal+1, id, ver)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errors.New("retry in a new transaction")
	}
	return tx.Commit()
}

// The plain read after the lock is never written back.
func readNotWritten(ctx context.Context, db *sql.DB, id int64) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int
	tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders WHERE customer_id = ?", id).Scan(&n)
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	var bal int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	tx.ExecContext(ctx, "UPDATE accounts SET status = 'audited' WHERE id = ?", id)
	return bal, tx.Commit()
}

// SERIALIZABLE: plain reads take shared locks.
func serializable(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal+1, id)
	return tx.Commit()
}

// The lock is on another table than the one read.
func lockOtherTable(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var qty int
	tx.QueryRowContext(ctx, "SELECT qty FROM inventory WHERE sku = 'a' AND warehouse = 1").Scan(&qty)
	tx.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id)
	tx.ExecContext(ctx, "UPDATE jobs SET worker = ? WHERE id = ?", qty, id)
	return tx.Commit()
}

// A wallet repository whose UPDATE is the lock: it marks the row busy
// (locking the latest committed row) and then writes a balance computed
// from the plain read before it.
type wallets struct {
	db *sql.DB
}

func (w *wallets) Spend(ctx context.Context, id, amount int64) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'busy' WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal-amount, id); err != nil { // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that ran before the UPDATE of the same row: the plain read returned the row as of the transaction's snapshot, the UPDATE locked and changed the latest committed row`
		return err
	}
	return tx.Commit()
}

// SpendOther's first UPDATE locks another account: nothing locks the row
// written before the write itself, which is a plain lost update.
func (w *wallets) SpendOther(ctx context.Context, id, other, amount int64) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'busy' WHERE id = ?", other); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", bal-amount, id); err != nil { // want `lost-update: UPDATE of accounts sets balance from a value read by a plain SELECT`
		return err
	}
	return tx.Commit()
}

// SpendAtomic's UPDATE computes the balance in SQL: nothing stale is
// written.
func (w *wallets) SpendAtomic(ctx context.Context, id, amount int64) error {
	tx, err := w.db.BeginTx(ctx, nil)
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
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'busy' WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, id); err != nil {
		return err
	}
	return tx.Commit()
}
