package nestedlock

import (
	"context"
	"database/sql"
	"sort"

	"github.com/jmoiron/sqlx"
)

func transfer(ctx context.Context, db *sql.DB, from, to, amount int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to); err != nil { // want `nested-lock: this transaction already locked a row of accounts \(UPDATE\) and now locks another, both chosen at run time`
		return err
	}
	return tx.Commit()
}

func lockTwo(ctx context.Context, db *sqlx.DB, a, b int64) error {
	tx := db.MustBeginTx(ctx, nil)
	defer tx.Rollback()
	var x, y int64
	tx.Get(&x, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", a)
	tx.Get(&y, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", b) // want `nested-lock: .*\(SELECT \.\.\. FOR UPDATE\)`
	return tx.Commit()
}

func lockInLoop(db *sql.DB, ids []int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		tx.Exec("UPDATE jobs SET worker = 'w' WHERE id = ?", id) // want `nested-lock: UPDATE locks rows of jobs one at a time inside a loop, in the order of the loop`
	}
	return tx.Commit()
}

func lockOverMap(db *sql.DB, qty map[string]int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for sku, n := range qty {
		tx.Exec("UPDATE inventory SET qty = qty - ? WHERE sku = ? AND warehouse = 1", n, sku) // want `nested-lock: UPDATE locks rows of inventory one at a time inside a loop, in the iteration order of map qty, which is random on every run`
	}
	return tx.Commit()
}

func lockLoopSelect(db *sql.DB, ids []int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := 0; i < len(ids); i++ {
		id := ids[i]
		tx.QueryRow("SELECT id FROM orders WHERE id = ? FOR UPDATE", id) // want `nested-lock`
	}
	return tx.Commit()
}

// Near misses.

func oneStatement(db *sql.DB, a, b int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Query("SELECT id FROM accounts WHERE id IN (?, ?) ORDER BY id FOR UPDATE", a, b)
	return tx.Commit()
}

func sameRowTwice(db *sql.DB, id, amount int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bal int64
	tx.QueryRow("SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&bal)
	tx.Exec("UPDATE accounts SET balance = ? WHERE id = ?", bal-amount, id)
	return tx.Commit()
}

func orderedKeys(db *sql.DB, from, to, amount int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	first, second := from, to
	if first > second {
		first, second = second, first
	}
	tx.Exec("UPDATE accounts SET balance = balance - 0 WHERE id = ?", first)
	tx.Exec("UPDATE accounts SET balance = balance - 0 WHERE id = ?", second)
	return tx.Commit()
}

func sortedLoop(db *sql.DB, ids []int64) error {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		tx.Exec("UPDATE jobs SET worker = 'w' WHERE id = ?", id)
	}
	return tx.Commit()
}

func keyFromLockedRow(db *sql.DB, orderID int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var customer int64
	tx.QueryRow("SELECT customer_id FROM orders WHERE id = ? FOR UPDATE", orderID).Scan(&customer)
	tx.Exec("UPDATE orders SET status = 'x' WHERE id = ?", customer)
	return tx.Commit()
}

func differentTables(db *sql.DB, a, b int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET status = 'x' WHERE id = ?", a)
	tx.Exec("UPDATE orders SET status = 'x' WHERE id = ?", b)
	return tx.Commit()
}

func constantKeys(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
	tx.Exec("UPDATE accounts SET status = 'y' WHERE id = 2")
	return tx.Commit()
}

func separateTransactions(db *sql.DB, a, b int64) {
	for _, id := range []int64{a, b} {
		tx, _ := db.Begin()
		tx.Exec("UPDATE accounts SET status = 'x' WHERE id = ?", id)
		tx.Commit()
	}
}
