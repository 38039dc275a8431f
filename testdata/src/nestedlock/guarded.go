package nestedlock

import (
	"context"
	"database/sql"
)

// closeCustomerOrders locks the customer's account row first, by its
// primary key, then closes the given orders of that customer one by one
// in the caller's order. Every transaction that closes orders of this
// customer here waits at the account row first, so two of them never
// hold each other's orders: the loop takes no deadlock of its own.
func closeCustomerOrders(ctx context.Context, db *sql.DB, customer int64, orderIDs []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'closing' WHERE id = ?", customer); err != nil {
		return err
	}
	for _, id := range orderIDs {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'closed' WHERE id = ? AND customer_id = ?", id, customer); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// closeOrdersThenAccount takes the account row only after the loop: two
// callers with overlapping orders in different orders each hold an order
// the other needs next.
func closeOrdersThenAccount(ctx context.Context, db *sql.DB, customer int64, orderIDs []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range orderIDs {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'closed' WHERE id = ? AND customer_id = ?", id, customer); err != nil { // want `nested-lock: UPDATE locks rows of orders one at a time inside a loop`
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'closing' WHERE id = ?", customer); err != nil {
		return err
	}
	return tx.Commit()
}

// closeOrdersUnderOwner locks the owner's accounts by owner_id, which is
// not unique: an owner with no account takes only a gap lock, which
// excludes no one, so it guards nothing.
func closeOrdersUnderOwner(ctx context.Context, db *sql.DB, customer int64, orderIDs []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'closing' WHERE owner_id = ?", customer); err != nil {
		return err
	}
	for _, id := range orderIDs {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'closed' WHERE id = ? AND customer_id = ?", id, customer); err != nil { // want `nested-lock: UPDATE locks rows of orders one at a time inside a loop`
			return err
		}
	}
	return tx.Commit()
}

// closeCustomers closes each customer's orders and then the customer's
// account, customer by customer in the caller's order. The account row
// is locked after the orders in each turn, so it guards nothing: the
// next turn's orders belong to another customer. Two callers with the
// same customers in different orders deadlock on the
// accounts.
func closeCustomers(ctx context.Context, db *sql.DB, customers []int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, c := range customers {
		// orders has no index on customer_id: at REPEATABLE READ the first
		// turn locks every row and gap of orders (unindexed-lock), so the
		// later turns take nothing new there.
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'closed' WHERE customer_id = ?", c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'closed' WHERE id = ?", c); err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop`
			return err
		}
	}
	return tx.Commit()
}
