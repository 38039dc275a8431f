// Package argcount sends statements whose arguments do not match their
// placeholders: database/sql refuses them before the server sees them.
package argcount

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"
)

// purgeOneTooMany binds two values to one placeholder: the DELETE is
// never sent ("sql: expected 1 arguments, got 2"), so it locks nothing.
func purgeOneTooMany(ctx context.Context, db *sql.DB, age time.Duration, batch int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM orders WHERE status = 'closed' LIMIT ?", int(age.Seconds()), batch); err != nil {
		return err
	}
	return tx.Commit()
}

// purgeMatching binds as many values as there are placeholders: the
// DELETE runs and scans the whole table.
func purgeMatching(ctx context.Context, db *sql.DB, batch int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM orders WHERE status = 'closed' LIMIT ?", batch); err != nil { // want `unindexed-lock: DELETE on orders can use no index`
		return err
	}
	return tx.Commit()
}

// archiveSpreadLiteral spreads a slice literal of three values over two
// placeholders: refused as well.
func archiveSpreadLiteral(db *sqlx.DB, status, note string, batch int) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET note = ? WHERE status = ?", []interface{}{note, status, batch}...); err != nil {
		return err
	}
	return tx.Commit()
}

// archiveSpreadMatching spreads exactly two values over two placeholders.
func archiveSpreadMatching(db *sqlx.DB, status, note string) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET note = ? WHERE status = ?", []interface{}{note, status}...); err != nil { // want `unindexed-lock: UPDATE on orders can use no index`
		return err
	}
	return tx.Commit()
}

// archiveSpreadUnknown spreads a slice whose length is not known here:
// the statement is judged.
func archiveSpreadUnknown(db *sql.DB, args []interface{}) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET note = ? WHERE status = ?", args...); err != nil { // want `unindexed-lock: UPDATE on orders can use no index`
		return err
	}
	return tx.Commit()
}

// lockNoArgs leaves its placeholder unbound: without arguments the text
// goes to the server as it is, and the ? is a syntax error.
func lockNoArgs(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRow("SELECT id FROM orders WHERE status = ? FOR UPDATE").Scan(&id); err != nil {
		return err
	}
	return tx.Commit()
}
