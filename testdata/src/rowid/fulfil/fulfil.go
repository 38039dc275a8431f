// Package fulfil reserves stock for jobs. Its paths take shared locks to
// read and exclusive locks to write, on inventory and jobs.
package fulfil

import (
	"context"
	"database/sql"
)

type Service struct {
	db *sql.DB
}

// Reserve reads the stock under a shared lock, then assigns the job.
func (s *Service) Reserve(ctx context.Context, sku string, warehouse int, job int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var qty int
	if err := tx.QueryRowContext(ctx, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = ? LOCK IN SHARE MODE", sku, warehouse).Scan(&qty); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE jobs SET status = 2 WHERE id = ?", job); err != nil {
		return err
	}
	return tx.Commit()
}

// Complete reads the job under a shared lock, then takes the stock: while
// Reserve holds inventory and waits for jobs, this holds jobs and waits
// for inventory.
func (s *Service) Complete(ctx context.Context, sku string, warehouse int, job int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status int
	if err := tx.QueryRowContext(ctx, "SELECT status FROM jobs WHERE id = ? LOCK IN SHARE MODE", job).Scan(&status); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE inventory SET qty = qty - 1 WHERE sku = ? AND warehouse = ?", sku, warehouse); err != nil { // want `lock-order: this transaction locks inventory after holding shared locks on jobs, while Service\.Reserve \(fulfil\.go:25\) locks jobs after inventory`
		return err
	}
	return tx.Commit()
}

// Report and Audit read price lists and currencies under shared locks in
// opposite orders; nothing writes them here, and shared locks never wait
// for each other.
func (s *Service) Report(ctx context.Context, list int64, currency string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.QueryContext(ctx, "SELECT name FROM price_lists WHERE id = ? LOCK IN SHARE MODE", list); err != nil {
		return err
	}
	if _, err := tx.QueryContext(ctx, "SELECT rate FROM currencies WHERE code = ? LOCK IN SHARE MODE", currency); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Service) Audit(ctx context.Context, list int64, currency string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.QueryContext(ctx, "SELECT rate FROM currencies WHERE code = ? LOCK IN SHARE MODE", currency); err != nil {
		return err
	}
	if _, err := tx.QueryContext(ctx, "SELECT name FROM price_lists WHERE id = ? LOCK IN SHARE MODE", list); err != nil {
		return err
	}
	return tx.Commit()
}

// Settle locks the account and the order, then writes the account again:
// the last UPDATE is on a row it holds and waits for nothing, so this path
// locks accounts before orders only.
func (s *Service) Settle(ctx context.Context, order, account int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'settling' WHERE id = ?", account); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'settled' WHERE id = ?", order); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'active' WHERE id = ?", account); err != nil {
		return err
	}
	return tx.Commit()
}

// Invoice follows Settle's order.
func (s *Service) Invoice(ctx context.Context, order, account int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", account); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET note = 'invoiced' WHERE id = ?", order); err != nil {
		return err
	}
	return tx.Commit()
}
