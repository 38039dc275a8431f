package checkinsert

import (
	"context"
	"database/sql"
)

// Credentials keeps one row per e-mail address.
type Credentials struct{ db *sql.DB }

// Renew updates the account of an address and creates it when the UPDATE
// changed no row: the UPDATE that finds nothing gap-locks like a locking
// read, and two renewals of one new address deadlock on their INSERTs.
func (c *Credentials) Renew(ctx context.Context, email, status string) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "UPDATE accounts SET status = ? WHERE email = ?", status, email)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, ?)", email, status); err != nil { // want `check-then-insert: INSERT into accounts after UPDATE of the same table in one transaction: when the key is absent, at REPEATABLE READ the lookup takes a gap lock`
		return err
	}
	return tx.Commit()
}

// Near miss: the UPDATE of a known row by primary key is not a check for
// a missing row (nothing tests what it changed), and the INSERT adds a
// new row regardless.
func (c *Credentials) Rotate(ctx context.Context, id int64, email string) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'rotated' WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, 'new')", email); err != nil {
		return err
	}
	return tx.Commit()
}

// Near miss: the upsert in one statement needs no check.
func (c *Credentials) Upsert(ctx context.Context, email, status string) error {
	_, err := c.db.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, ?) ON DUPLICATE KEY UPDATE status = VALUES(status)", email, status)
	return err
}
