// Package wallet locks ledgers through a client of an older ent, whose
// client package does not name the entity package in its API: the query
// is read from the entity package this package imports for its
// predicates, under every driver.
package wallet

import (
	"context"

	"entold/ent"
	"entold/ent/ledger"
)

// LockApp locks the ledgers of an application, which no index serves.
func LockApp(ctx context.Context, c *ent.Client, app string) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Ledger.Query().Where(ledger.AppID(app)).ForUpdate().Only(ctx); err != nil { // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on generals can use no index`
		return err
	}
	return tx.Commit()
}

// LockUser locks one user's ledger by its unique key.
func LockUser(ctx context.Context, c *ent.Client, user string) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Ledger.Query().Where(ledger.UserID(user)).ForUpdate().Only(ctx); err != nil {
		return err
	}
	return tx.Commit()
}
