package unindexed

import (
	"context"
	"database/sql"
)

func positives(ctx context.Context, db *sql.DB, status string, day string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	// status is only the second column of idx_region_status.
	tx.QueryRowContext(ctx, "SELECT id FROM orders WHERE status = ? FOR UPDATE", status) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on orders can use no index \(index idx_region_status \(region, status\) cannot be used without its leftmost column region\): at REPEATABLE READ InnoDB scans the whole clustered index and locks every row and every gap of orders until the transaction commits or rolls back`

	tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE status = 'frozen'") // want `unindexed-lock: UPDATE on accounts can use no index \(no index of accounts starts with status\).*Fix: add an index on accounts \(status\)`

	tx.ExecContext(ctx, "DELETE FROM orders WHERE DATE(created_at) = ?", day) // want `unindexed-lock: DELETE on orders can use no index \(the condition on created_at`

	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE email LIKE '%@example.com' FOR UPDATE") // want `unindexed-lock: .*condition on email`

	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE id = ? OR status = ? FOR UPDATE", 1, status) // want `unindexed-lock: .*one side of an OR can use no index`

	tx.QueryContext(ctx, "SELECT id FROM jobs FOR UPDATE") // every row on purpose, as an UPDATE without WHERE

	tx.ExecContext(ctx, "UPDATE jobs SET worker = ? WHERE worker IS NULL AND run_at < NOW()", "w1") // want `unindexed-lock: UPDATE on jobs`

	tx.QueryContext(ctx, "SELECT id FROM orders o WHERE o.status <> 'done' FOR UPDATE") // want `unindexed-lock`

	// Every row but the ones named by their key, on purpose: no index
	// would take fewer.
	tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id != ?", 7)
	tx.ExecContext(ctx, "DELETE FROM orders WHERE id NOT IN (?, ?)", 1, 2)
	// Every row but some of a non-unique column: may be a few rows.
	tx.ExecContext(ctx, "DELETE FROM orders WHERE status <> 'done'") // want `unindexed-lock: DELETE on orders can use no index`
	// An exclusion beside a condition that selects: judged on that one.
	tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id != ? AND status = ?", 7, status) // want `unindexed-lock: UPDATE on accounts can use no index`

	return tx.Commit()
}

func autocommitUpdate(db *sql.DB) {
	db.Exec("UPDATE accounts SET balance = balance + 1 WHERE status = ?", "active") // want `unindexed-lock: UPDATE on accounts can use no index .*for as long as the statement runs \(it autocommits\)`
}

func negatives(ctx context.Context, db *sql.DB, id int64, region string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)                                       // primary key
	tx.QueryRowContext(ctx, "SELECT id FROM orders WHERE region = ? AND status = ? FOR UPDATE", region, "x")                  // leftmost column of a composite index
	tx.QueryRowContext(ctx, "SELECT id FROM orders WHERE region = ? FOR UPDATE", region)                                      // leftmost column alone
	tx.QueryRowContext(ctx, "SELECT * FROM mystery WHERE colour = 'red' FOR UPDATE")                                          // table the schema does not know
	tx.QueryRowContext(ctx, "SELEC id FRM accounts WHERE status = 'x' FOR UPDATE")                                            // does not parse
	tx.QueryRowContext(ctx, "SELECT id FROM accounts WHERE status = 'x'")                                                     // plain read: no locks
	tx.ExecContext(ctx, "UPDATE accounts SET version = 0")                                                                    // deliberate whole-table update
	tx.ExecContext(ctx, "DELETE FROM orders WHERE id = ? AND status = 'draft'", id)                                           // primary key plus a filter
	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE id = ? OR email = ? FOR UPDATE", id, "a@b")                           // both OR sides indexed
	tx.QueryContext(ctx, "SELECT o.id FROM orders o JOIN accounts a ON a.id = o.customer_id WHERE o.status = 'x' FOR UPDATE") // join: the plan decides
	tx.QueryContext(ctx, "SELECT id FROM accounts WHERE id IN (SELECT account_id FROM holds) FOR UPDATE")
	db.QueryRow("SELECT id FROM orders WHERE status = ? FOR UPDATE", "x") // on the pool: lock-outside-tx's finding, not this one
	return tx.Commit()
}
