package outerhandle

import (
	"context"
	"database/sql"
	"errors"
)

// orderStore is a repository over the pool: its methods run their own
// transactions and look things up through small helpers that use s.db.
// A plain read on the pool waits for no row lock and reads what the
// transaction would read, except from the tables the transaction has
// already written.
type orderStore struct{ db *sql.DB }

var errTooManyOpen = errors.New("too many open orders")

func (s *orderStore) customerEmail(ctx context.Context, customer int64) (string, error) {
	var email string
	err := s.db.QueryRowContext(ctx, "SELECT email FROM accounts WHERE id = ?", customer).Scan(&email)
	return email, err
}

func (s *orderStore) openOrders(ctx context.Context, customer int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders WHERE customer_id = ? AND status = 'open'", customer).Scan(&n)
	return n, err
}

// place counts the customer's open orders after inserting one: the count
// on the pool misses the new order.
func (s *orderStore) place(ctx context.Context, customer int64, region string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO orders (customer_id, region, status, created_at) VALUES (?, ?, 'open', NOW())", customer, region); err != nil {
		return err
	}
	n, err := s.openOrders(ctx, customer) // want `outer-handle-in-tx: SELECT runs through the pool handle s\.db \(\*sql\.DB\) while tx is open: the pool gives it another connection, outside the transaction, so it reads committed rows only and does not see what tx has written to orders but not yet committed\. Fix: run it through tx`
	if err != nil {
		return err
	}
	if n > 10 {
		return errTooManyOpen
	}
	return tx.Commit()
}

// closeAccount joins a table the transaction wrote: it misses that write.
func (s *orderStore) closeAccount(ctx context.Context, customer int64) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'closed' WHERE id = ?", customer); err != nil {
		return 0, err
	}
	var open int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders o JOIN accounts a ON a.id = o.customer_id WHERE a.id = ? AND a.status = 'active'", customer).Scan(&open); err != nil { // want `outer-handle-in-tx: SELECT runs through the pool handle s\.db .*does not see what tx has written to accounts but not yet committed`
		return 0, err
	}
	return open, tx.Commit()
}

// archive writes on the pool while its transaction is open: that write
// commits on its own.
func (s *orderStore) archive(ctx context.Context, customer int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'archived' WHERE customer_id = ?", customer); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE accounts SET status = 'archived' WHERE id = ?", customer); err != nil { // want `outer-handle-in-tx: UPDATE runs through the pool handle s\.db \(\*sql\.DB\) while tx is open: .*it autocommits on its own`
		return err
	}
	return tx.Commit()
}

// Near misses.

// closeAll reads on the pool a table the transaction never touches: it
// reads what the transaction would.
func (s *orderStore) closeAll(ctx context.Context, customer int64) (string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'closed' WHERE customer_id = ?", customer); err != nil {
		return "", err
	}
	email, err := s.customerEmail(ctx, customer)
	if err != nil {
		return "", err
	}
	return email, tx.Commit()
}

// reopen counts on the pool before the transaction writes orders.
func (s *orderStore) reopen(ctx context.Context, customer int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'active' WHERE id = ?", customer); err != nil {
		return err
	}
	n, err := s.openOrders(ctx, customer)
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'open' WHERE customer_id = ?", customer); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// cancelOrCount writes orders on one branch and reads it on the other:
// no path runs the write before the read.
func (s *orderStore) cancelOrCount(ctx context.Context, customer int64, cancel bool) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n := 0
	if cancel {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'canceled' WHERE customer_id = ?", customer); err != nil {
			return 0, err
		}
	} else {
		if n, err = s.openOrders(ctx, customer); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'counted' WHERE id = ?", customer); err != nil {
			return 0, err
		}
	}
	return n, tx.Commit()
}

// restock reads on the pool the stock of a row the transaction locked but
// has not written: the lock keeps others from changing it, and the
// transaction has not, so the pool reads what the transaction would.
func (s *orderStore) restock(ctx context.Context, sku string, jobID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var qty int
	if err := tx.QueryRowContext(ctx, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = 1 FOR UPDATE", sku).Scan(&qty); err != nil {
		return err
	}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = 1", sku).Scan(&total); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE jobs SET status = ? WHERE id = ?", total-qty, jobID); err != nil {
		return err
	}
	return tx.Commit()
}
