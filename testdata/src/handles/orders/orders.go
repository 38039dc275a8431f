// Package orders ships orders through the dal interfaces.
package orders

import (
	"context"
	"database/sql"
	"time"

	"handles/dal"
	"handles/dal/mysqldal"
	"handles/txown"
)

// Service ships orders.
type Service struct {
	db dal.DB
}

// New returns the service on the MySQL implementation.
func New(pool *sql.DB) *Service { return &Service{db: mysqldal.New(pool)} }

// Ship locks the order in the transaction, then waits: the lock is held
// across the sleep.
func (s *Service) Ship(ctx context.Context, id int64) error {
	return s.db.Transaction(ctx, func(tx dal.Tx) error {
		var status string
		if err := tx.Get(ctx, &status, "SELECT status FROM orders WHERE id = ? FOR UPDATE", id); err != nil {
			return err
		}
		time.Sleep(time.Second) // want `lock-held-blocking: time\.Sleep runs while the transaction holds row locks on orders`
		return tx.Exec(ctx, "UPDATE orders SET status = 'shipped' WHERE id = ?", id)
	})
}

// Peek reads the status in autocommit mode, then waits: no lock is held.
func (s *Service) Peek(ctx context.Context, id int64) (string, error) {
	var status string
	err := s.db.Get(ctx, &status, "SELECT status FROM orders WHERE id = ?", id)
	time.Sleep(time.Second)
	return status, err
}

// Cancel writes in the transaction and waits after it ended.
func (s *Service) Cancel(ctx context.Context, id int64) error {
	err := s.db.Transaction(ctx, func(tx dal.Tx) error {
		return tx.Exec(ctx, "UPDATE orders SET status = 'cancelled' WHERE id = ?", id)
	})
	time.Sleep(time.Second)
	return err
}

// Restock locks the stock row in a transaction the store's helper
// begins, then waits on the supplier.
func Restock(ctx context.Context, st *txown.Store, supplier <-chan int, sku string) error {
	return st.WithTx(ctx, func(tx *sql.Tx) error {
		var qty int
		if err := tx.QueryRowContext(ctx, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = 1 FOR UPDATE", sku).Scan(&qty); err != nil {
			return err
		}
		qty += <-supplier // want `lock-held-blocking: a channel receive runs while the transaction holds row locks on inventory`
		_, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = ? WHERE sku = ? AND warehouse = 1", qty, sku)
		return err
	})
}

// Audit writes through the pool inside the helper's transaction: another
// connection, outside it.
func Audit(ctx context.Context, st *txown.Store, pool *sql.DB, sku string) error {
	return st.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = qty - 1 WHERE sku = ? AND warehouse = 1", sku); err != nil {
			return err
		}
		_, err := pool.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = 7") // want `outer-handle-in-tx: UPDATE runs through the pool handle pool \(\*sql\.DB\) while tx is open`
		return err
	})
}
