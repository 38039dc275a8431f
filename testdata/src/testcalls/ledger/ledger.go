// Package ledger moves money between accounts in the caller's
// transaction.
package ledger

import (
	"context"
	"database/sql"
)

// Move debits from and credits to, in the order the caller gives: two
// moves between the same accounts the other way round deadlock.
func Move(ctx context.Context, tx *sql.Tx, from, to, amount int64) error {
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to) // want `nested-lock: this transaction already locked a row of accounts`
	return err
}
