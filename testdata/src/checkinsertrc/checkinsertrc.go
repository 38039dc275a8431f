// Package checkinsertrc is analyzed with -isolation=read-committed.
package checkinsertrc

import (
	"database/sql"

	"github.com/go-sql-driver/mysql"
)

func unhandled(db *sql.DB, email string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRow("SELECT id FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&id); err == sql.ErrNoRows {
		tx.Exec("INSERT INTO accounts (email, status) VALUES (?, 'new')", email) // want `check-then-insert: .*at READ COMMITTED there is no gap lock and no deadlock, but .*duplicate-key error \(1062\) that this code does not handle`
	}
	return tx.Commit()
}

func handled(db *sql.DB, email string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRow("SELECT id FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&id); err == sql.ErrNoRows {
		_, err := tx.Exec("INSERT INTO accounts (email, status) VALUES (?, 'new')", email)
		var me *mysql.MySQLError
		if err != nil && asMySQL(err, &me) && me.Number == 1062 {
			return nil
		}
	}
	return tx.Commit()
}

func asMySQL(err error, target **mysql.MySQLError) bool { return false }

// replaceByHand deletes and re-inserts one key: at READ COMMITTED no
// deadlock, but the loser's INSERT waits and then fails with 1062.
func replaceByHand(db *sql.DB, email, status string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM accounts WHERE email = ?", email); err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO accounts (email, status) VALUES (?, ?)", email, status); err != nil { // want `check-then-insert: INSERT into accounts after DELETE of the same table in one transaction: at READ COMMITTED there is no gap lock and no deadlock, but .*\(1062\)`
		return err
	}
	return tx.Commit()
}

// resetShelvesSkipping replaces a SKU's shelf rows and inserts the new
// ones with INSERT IGNORE: at READ COMMITTED the second of two such
// transactions waits for the first and then skips the row, with no
// duplicate-key error to handle.
func resetShelvesSkipping(db *sql.DB, sku string, warehouses []int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM inventory WHERE sku = ?", sku); err != nil {
		return err
	}
	for _, w := range warehouses {
		if _, err := tx.Exec("INSERT IGNORE INTO inventory (sku, warehouse, qty) VALUES (?, ?, 0)", sku, w); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// resetShelvesUpserting does the same with ON DUPLICATE KEY UPDATE: the
// second one waits and then updates the row, no error either.
func resetShelvesUpserting(db *sql.DB, sku string, warehouse, qty int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM inventory WHERE sku = ?", sku); err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE qty = VALUES(qty)", sku, warehouse, qty); err != nil {
		return err
	}
	return tx.Commit()
}

// resetShelvesPlain inserts with a plain INSERT: the second transaction's
// INSERT waits and then fails with 1062, which nothing handles.
func resetShelvesPlain(db *sql.DB, sku string, warehouses []int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM inventory WHERE sku = ?", sku); err != nil {
		return err
	}
	for _, w := range warehouses {
		if _, err := tx.Exec("INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, 0)", sku, w); err != nil { // want `check-then-insert: INSERT into inventory after DELETE of the same table in one transaction: at READ COMMITTED .*\(1062\) that this code does not handle`
			return err
		}
	}
	return tx.Commit()
}
