package rangelock

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

func positives(ctx context.Context, db *sql.DB, owner int64, since string) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	defer tx.Rollback()

	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE", owner) // want `range-lock: SELECT \.\.\. FOR UPDATE on accounts finds its rows by equality on the non-unique index idx_owner \(owner_id\): at REPEATABLE READ InnoDB locks each matching entry with the gap below it`

	tx.QueryContext(ctx, "SELECT id FROM orders WHERE created_at < ? FOR UPDATE", since) // want `range-lock: SELECT \.\.\. FOR UPDATE on orders scans a range of index idx_created \(created_at\): at REPEATABLE READ InnoDB locks every gap in the range and the first entry past its end`

	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE email LIKE 'ann%' FOR UPDATE") // want `range-lock: .*uk_email`

	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE id BETWEEN ? AND ? FOR UPDATE", 1, 9) // want `range-lock: .*PRIMARY \(id\)`

	tx.QueryContext(ctx, "SELECT qty FROM inventory WHERE sku = ? FOR UPDATE", "A-1") // want `range-lock: .*non-unique index PRIMARY \(sku, warehouse\)|range-lock: .*PRIMARY \(sku, warehouse\)`

	tx.QueryContext(ctx, "SELECT id FROM orders WHERE region = ? LOCK IN SHARE MODE", "eu") // want `range-lock: SELECT \.\.\. LOCK IN SHARE MODE on orders`

	return tx.Commit()
}

func sqlxPositive(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var ids []int64
	tx.Select(&ids, "SELECT id FROM jobs WHERE status = ? ORDER BY run_at LIMIT 10 FOR UPDATE", 0) // want `range-lock: .*idx_status_run`
	return tx.Commit()
}

func negatives(ctx context.Context, db *sql.DB, id int64, since string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)                       // primary key
	tx.QueryRowContext(ctx, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = ? FOR UPDATE", "A-1", 2) // full composite key
	tx.QueryRowContext(ctx, "SELECT id FROM accounts WHERE email = ? FOR UPDATE", "a@b")                      // full unique key
	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE id IN (?, ?, ?) FOR UPDATE", 1, 2, 3)                 // IN list of primary keys
	tx.QueryContext(ctx, "SELECT id FROM orders WHERE created_at < ?", since)                                 // plain read
	tx.QueryContext(ctx, "SELECT id FROM mystery WHERE n > 3 FOR UPDATE")                                     // unknown table
	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE status = ? FOR UPDATE", "x")                          // no index: unindexed-lock's finding
	db.QueryContext(ctx, "SELECT id FROM orders WHERE created_at < ? FOR UPDATE", since)                      // pool: lock-outside-tx's finding
	return tx.Commit()
}

func readCommitted(ctx context.Context, db *sql.DB, owner int64) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE", owner) // READ COMMITTED takes no gap locks
	return tx.Commit()
}

func readCommittedOptions(ctx context.Context, db *sql.DB, owner int64) error {
	opts := &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.QueryContext(ctx, "SELECT id FROM orders WHERE created_at > ? FOR UPDATE", "2020-01-01")
	return tx.Commit()
}
