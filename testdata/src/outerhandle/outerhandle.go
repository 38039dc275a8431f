package outerhandle

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// Positives: the pool is used while the function's transaction is open.

func transfer(ctx context.Context, db *sql.DB, from, to, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to); err != nil { // want `outer-handle-in-tx: UPDATE runs through the pool handle db \(\*sql\.DB\) while tx is open: the pool gives it another connection, outside the transaction, so it autocommits on its own .* if it needs a row tx has locked it waits for tx, which cannot commit while this call waits: .*error 1205\. Fix: run it through tx`
		return err
	}
	return tx.Commit()
}

func readOwnWrite(ctx context.Context, db *sql.DB, id int64) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id)
	var bal int64
	err = db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal) // want `outer-handle-in-tx: SELECT runs through the pool handle db \(\*sql\.DB\) while tx is open: .* it reads committed rows only and does not see what tx has written to accounts but not yet committed\. Fix: run it through tx`
	if err != nil {
		return 0, err
	}
	return bal, tx.Commit()
}

// A locking read on the pool inside a transaction gets this rule's
// finding (whose fix is to use the transaction), not lock-outside-tx's.
func lockOnPool(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&bal) // want `outer-handle-in-tx: SELECT \.\.\. FOR UPDATE runs through the pool handle db`
	tx.ExecContext(ctx, "UPDATE accounts SET status = 'seen' WHERE id = ?", id)
	return tx.Commit()
}

// A plain read on the pool before the transaction writes its table
// reads what the transaction would read, and waits for nothing: silent.
func sqlxMethodBeforeWrite(x *sqlx.DB, id int64) error {
	tx := x.MustBegin()
	defer tx.Rollback()
	var n int
	if err := x.Get(&n, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = ?", "a", id); err != nil {
		return err
	}
	tx.MustExec("UPDATE inventory SET qty = qty - 1 WHERE sku = ? AND warehouse = ?", "a", id)
	return tx.Commit()
}

func sqlxFuncBeforeWrite(ctx context.Context, x *sqlx.DB, id int64) error {
	tx, err := x.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var email string
	if err := sqlx.GetContext(ctx, x, &email, "SELECT email FROM accounts WHERE id = ?", id); err != nil {
		return err
	}
	tx.ExecContext(ctx, "UPDATE accounts SET status = 'mailed' WHERE id = ?", id)
	return tx.Commit()
}

// The same reads once the transaction has written their table: they do
// not see that write.
func sqlxMethod(x *sqlx.DB, id int64) error {
	tx := x.MustBegin()
	defer tx.Rollback()
	tx.MustExec("UPDATE inventory SET qty = qty - 1 WHERE sku = ? AND warehouse = ?", "a", id)
	var n int
	if err := x.Get(&n, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = ?", "a", id); err != nil { // want `outer-handle-in-tx: SELECT runs through the pool handle x \(\*sqlx\.DB\) while tx is open: .*does not see what tx has written to inventory but not yet committed`
		return err
	}
	return tx.Commit()
}

func sqlxFunc(ctx context.Context, x *sqlx.DB, id int64) error {
	tx, err := x.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "UPDATE accounts SET status = 'mailing' WHERE id = ?", id)
	var email string
	if err := sqlx.GetContext(ctx, x, &email, "SELECT email FROM accounts WHERE id = ?", id); err != nil { // want `outer-handle-in-tx: SELECT runs through the pool handle x \(\*sqlx\.DB\) while tx is open: .*does not see what tx has written to accounts`
		return err
	}
	tx.ExecContext(ctx, "UPDATE accounts SET status = 'mailed' WHERE id = ?", id)
	return tx.Commit()
}

type repo struct{ db *sql.DB }

func (r *repo) closeOrder(ctx context.Context, id int64) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "UPDATE orders SET status = 'closed' WHERE id = ?", id)
	r.db.ExecContext(ctx, "UPDATE jobs SET status = 2 WHERE id = ?", id) // want `outer-handle-in-tx: UPDATE runs through the pool handle r\.db \(\*sql\.DB\) while tx is open`
	return tx.Commit()
}

// No fix: *sqlx.Tx has no NamedQueryContext with this signature.
func noSuchMethodOnTx(ctx context.Context, x *sqlx.DB, id int64) error {
	tx := x.MustBegin()
	defer tx.Rollback()
	tx.MustExecContext(ctx, "UPDATE orders SET status = 'seen' WHERE customer_id = ?", id)
	rows, err := x.NamedQueryContext(ctx, "SELECT id FROM orders WHERE customer_id = :id", map[string]any{"id": id}) // want `outer-handle-in-tx: SELECT runs through the pool handle x`
	if err != nil {
		return err
	}
	rows.Close()
	return tx.Commit()
}

// No fix: the transaction's name is shadowed at the statement.
func shadowed(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "UPDATE orders SET status = 'seen' WHERE id = ?", id)
	{
		tx := "audit"
		db.ExecContext(ctx, "UPDATE orders SET note = ? WHERE id = ?", tx, id) // want `outer-handle-in-tx: UPDATE runs through the pool handle db`
	}
	return tx.Commit()
}

// withTx runs fn in a transaction: its callback's parameter is open for
// the whole callback.
func withTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func inCallback(ctx context.Context, db *sql.DB, id int64) error {
	return withTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = ?", id); err != nil {
			return err
		}
		_, err := db.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = ?", id) // want `outer-handle-in-tx: UPDATE runs through the pool handle db \(\*sql\.DB\) while tx is open`
		return err
	})
}

// dbtx is what both *sql.DB and *sql.Tx offer: helpers taking it run on
// whatever handle they are given.
type dbtx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func markShipped(ctx context.Context, q dbtx, id int64) error {
	_, err := q.ExecContext(ctx, "UPDATE orders SET status = 'shipped' WHERE id = ?", id)
	return err
}

func shipThroughHelper(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "UPDATE inventory SET qty = qty - 1 WHERE sku = 'a' AND warehouse = 1")
	if err := markShipped(ctx, db, id); err != nil { // want `outer-handle-in-tx: UPDATE runs through the pool handle db \(\*sql\.DB\) while tx is open`
		return err
	}
	return tx.Commit()
}

// Negatives.

func inCallbackThroughTx(ctx context.Context, db *sql.DB, id int64) error {
	return withTx(ctx, db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = ?", id)
		return err
	})
}

func throughTx(ctx context.Context, db *sql.DB, id int64) error {
	db.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = ?", id) // before Begin
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", id)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + 1 WHERE id = ?", id+1)
	if err := tx.Commit(); err != nil {
		return err
	}
	db.ExecContext(ctx, "UPDATE jobs SET status = 2 WHERE id = ?", id) // after Commit
	return nil
}

func afterRollback(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id); err != nil {
		tx.Rollback()
		db.ExecContext(ctx, "UPDATE jobs SET status = 3 WHERE id = ?", id) // the transaction is over
		return err
	}
	return tx.Commit()
}

func sqlxThroughTx(x *sqlx.DB, id int64) error {
	tx := x.MustBegin()
	defer tx.Rollback()
	var n int
	if err := tx.Get(&n, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = ? FOR UPDATE", "a", id); err != nil {
		return err
	}
	tx.MustExec("UPDATE inventory SET qty = ? WHERE sku = ? AND warehouse = ?", n-1, "a", id)
	return tx.Commit()
}

func connectionHandle(ctx context.Context, db *sql.DB, conn *sql.Conn, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	conn.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = ?", id) // a connection the caller chose, not the pool
	return tx.Commit()
}

func deliberate(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id)
	//locklint:ignore outer-handle-in-tx the audit row must survive a rollback
	db.ExecContext(ctx, "INSERT INTO orders (customer_id, region, status, created_at) VALUES (?, 'eu', 'audit', NOW())", id)
	return tx.Commit()
}

// ledgerCache builds its map of owners on first use and keeps it: the
// query that fills it runs once, on the first call, not at every call.
type ledgerCache struct {
	db     *sql.DB
	owners map[int64]int64
}

func (c *ledgerCache) ownerOf(ctx context.Context) map[int64]int64 {
	if c.owners != nil {
		return c.owners
	}
	m := map[int64]int64{}
	rows, err := c.db.QueryContext(ctx, "SELECT id, owner_id FROM accounts")
	if err != nil {
		return m
	}
	defer rows.Close()
	for rows.Next() {
		var id, owner int64
		if rows.Scan(&id, &owner) == nil {
			m[id] = owner
		}
	}
	c.owners = m
	return c.owners
}

// balanceNow reads through the pool at every call.
func (c *ledgerCache) balanceNow(ctx context.Context, id int64) int64 {
	var n int64
	c.db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id).Scan(&n)
	return n
}

func settleWithCache(ctx context.Context, db *sql.DB, c *ledgerCache, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'settled' WHERE id = ?", id); err != nil {
		return err
	}
	_ = c.ownerOf(ctx)
	_ = c.balanceNow(ctx, id) // want `outer-handle-in-tx: SELECT runs through the pool handle c\.db \(\*sql\.DB\) while tx is open`
	return tx.Commit()
}

// Near miss: the audit row is written by a goroutine the transaction
// starts and does not wait for; it runs beside the transaction, whenever
// the goroutine gets to it, not while the function holds its locks.
func transferAudited(ctx context.Context, db *sql.DB, from, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from); err != nil {
		return err
	}
	go func() {
		_, _ = db.ExecContext(context.Background(), "UPDATE accounts SET version = version + 1 WHERE id = ?", from)
	}()
	return tx.Commit()
}

// bumpVersion hands the write to a goroutine and returns at once.
func bumpVersion(db *sql.DB, id int64) {
	go func() {
		_, _ = db.Exec("UPDATE accounts SET version = version + 1 WHERE id = ?", id)
	}()
}

// Near miss: the helper's write runs in its goroutine, beside this
// transaction, also one call away.
func transferBumped(ctx context.Context, db *sql.DB, from, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from); err != nil {
		return err
	}
	bumpVersion(db, from)
	return tx.Commit()
}
