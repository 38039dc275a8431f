// Package nestedparent locks rows in loops whose order something fixes:
// a parent row locked first, or the order a query returns its rows in.
// Its first file writes an account's orders in a loop after locking
// the account row: the account row serializes every transaction that
// writes that account's orders.
package nestedparent

import "database/sql"

type line struct {
	ID       int64
	Customer int64
	Region   string
}

// saveLines locks the account, then replaces its orders one by one, each
// row carrying the account's id: a second transaction for the same
// account waits at the account row before it touches any order.
func saveLines(db *sql.DB, account int64, lines []line) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET version = version + 1 WHERE id = ?", account); err != nil {
		return err
	}
	for _, l := range lines {
		if _, err := tx.Exec("REPLACE INTO orders (id, customer_id, region, status, created_at) VALUES (?, ?, ?, 'new', NOW())", l.ID, account, l.Region); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// closeLines locks the account, then closes its orders one by one, each
// chosen by the account's id as well as its own.
func closeLines(db *sql.DB, account int64, lines []line) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET version = version + 1 WHERE id = ?", account); err != nil {
		return err
	}
	for _, l := range lines {
		if _, err := tx.Exec("UPDATE orders SET status = 'closed' WHERE id = ? AND customer_id = ?", l.ID, account); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// saveForeignLines locks the account but writes orders of the customers
// the lines name: those rows may belong to other accounts, which other
// transactions lock under their own account rows.
func saveForeignLines(db *sql.DB, account int64, lines []line) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET version = version + 1 WHERE id = ?", account); err != nil {
		return err
	}
	for _, l := range lines {
		if _, err := tx.Exec("REPLACE INTO orders (id, customer_id, region, status, created_at) VALUES (?, ?, ?, 'new', NOW())", l.ID, l.Customer, l.Region); err != nil { // want `nested-lock: REPLACE locks rows of orders one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return tx.Commit()
}

// saveLinesUnlocked writes the account's orders without locking the
// account first: nothing serializes two transactions.
func saveLinesUnlocked(db *sql.DB, account int64, lines []line) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, l := range lines {
		if _, err := tx.Exec("REPLACE INTO orders (id, customer_id, region, status, created_at) VALUES (?, ?, ?, 'new', NOW())", l.ID, account, l.Region); err != nil { // want `nested-lock: REPLACE locks rows of orders one at a time inside a loop`
			return err
		}
	}
	return tx.Commit()
}
