// Package migrator moves the accounts of an old installation into the
// current schema: a one-off command, run once per installation by one
// process, that exits when a step fails.
package migrator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

type legacyAccount struct {
	ID      int64
	OwnerID int64
	Credit  int64
}

type Migrator struct {
	db       *sql.DB
	accounts []legacyAccount
	salt     string
}

// moveCredits adds each legacy credit to its account, in the legacy
// file's order. In a service two such transactions could take the rows
// in opposite orders; a migration runs once, so nested-lock is silent.
func (m *Migrator) moveCredits(ctx context.Context) error {
	tx, err := m.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, a := range m.accounts {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + ? WHERE id = ?", a.Credit, a.ID); err != nil {
			return fmt.Errorf("account %d: %w", a.ID, err)
		}
	}
	return tx.Commit()
}

// moveOwners leaves the transaction open when the salt is missing, but
// only on a path that fails the migration: the command exits and the
// server rolls the transaction back.
func (m *Migrator) moveOwners(ctx context.Context) error {
	tx, err := m.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'migrated' WHERE id = ?", m.accounts[0].ID); err != nil {
		tx.Rollback()
		return err
	}
	if m.salt == "" {
		return errors.New("no salt in the legacy configuration")
	}
	return tx.Commit()
}

// skipEmpty leaves the transaction open on a path that reports success:
// the migration goes on, and so does the open transaction.
func (m *Migrator) skipEmpty(ctx context.Context) error {
	tx, err := m.db.BeginTx(ctx, nil) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 68`
	if err != nil {
		return err
	}
	if len(m.accounts) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET version = version + 1 WHERE id = ?", m.accounts[0].ID); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// markMoved forgets the Commit: its last return hands back err, which is
// nil when the UPDATE succeeded, so the migration goes on with the
// transaction open.
func (m *Migrator) markMoved(ctx context.Context) error {
	tx, err := m.db.BeginTx(ctx, nil) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 86`
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE accounts SET status = 'moved' WHERE id = ?", m.accounts[0].ID)
	return err
}
