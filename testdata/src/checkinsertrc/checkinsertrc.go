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
