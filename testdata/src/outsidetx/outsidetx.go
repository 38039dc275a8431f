package outsidetx

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

func positives(ctx context.Context, db *sql.DB, x *sqlx.DB, id int64) {
	db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sql\.DB\) in autocommit mode: InnoDB releases its row locks when the statement ends`
	db.QueryContext(ctx, "SELECT id FROM orders WHERE id = ? LOCK IN SHARE MODE", id)   // want `lock-outside-tx: SELECT \.\.\. LOCK IN SHARE MODE`
	db.Query("SELECT id FROM mystery WHERE id = ? FOR UPDATE NOWAIT", id)               // want `lock-outside-tx`
	var n int
	x.Get(&n, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = ? FOR UPDATE", "a", 1) // want `lock-outside-tx: .*\(\*sqlx\.DB\)`
	x.MustExec("SELECT id FROM jobs WHERE id = 1 FOR UPDATE SKIP LOCKED")                     // want `lock-outside-tx`
}

func negatives(ctx context.Context, db *sql.DB, conn *sql.Conn, id int64) error {
	db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ?", id)              // plain read
	db.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id)               // a write locks for its own duration, as intended
	conn.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id) // a connection may have run BEGIN
	db.QueryRowContext(ctx, "SELEKT balance FROM accounts FOR UPDATE")                    // does not parse

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
	return tx.Commit()
}
