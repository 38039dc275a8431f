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
