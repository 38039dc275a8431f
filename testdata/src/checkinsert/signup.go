package checkinsert

import (
	"context"
	"database/sql"

	"checkinsert/repo"
)

// Signup creates the account when the helper says it is missing (nil):
// the helper's locking read of an absent address takes the gap lock, and
// two signups of one new address deadlock on their INSERTs.
func Signup(ctx context.Context, db *sql.DB, email string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	acc, err := repo.LockByEmail(ctx, tx, email)
	if err != nil {
		return err
	}
	if acc == nil {
		if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, 'new')", email); err != nil { // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE`
			return err
		}
	}
	return tx.Commit()
}

// Near miss: the helper fails on a missing account, so the INSERT below
// only ever runs for an existing one, locked by record.
func Relink(ctx context.Context, db *sql.DB, email string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	acc, err := repo.MustLockByEmail(ctx, tx, email)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, 'linked')", acc.Email+".old"); err != nil {
		return err
	}
	return tx.Commit()
}
