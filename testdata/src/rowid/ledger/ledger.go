// Package ledger is a database/sql repository whose transactions lock a
// row and then work on the rows they hold.
package ledger

import (
	"context"
	"database/sql"
	"errors"
	"slices"
)

var ErrInsufficient = errors.New("insufficient funds")

type Store struct {
	db *sql.DB
}

func New(db *sql.DB) *Store { return &Store{db: db} }

// Withdraw locks the account found by email, checks it, and updates it by
// the id it read: one row, one lock.
func (s *Store) Withdraw(ctx context.Context, email string, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id, balance int64
	if err := tx.QueryRowContext(ctx, "SELECT id, balance FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&id, &balance); err != nil {
		return err
	}
	if balance < amount {
		return ErrInsufficient
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = ? WHERE id = ?", balance-amount, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET version = version + 1 WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// Pay locks the order, charges the customer and marks the order paid: the
// last UPDATE re-touches the order row it holds, so this path locks
// orders before accounts and nothing else.
func (s *Store) Pay(ctx context.Context, orderID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var customer int64
	if err := tx.QueryRowContext(ctx, "SELECT customer_id FROM orders WHERE id = ? FOR UPDATE", orderID).Scan(&customer); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = ?", customer); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = ?", orderID); err != nil {
		return err
	}
	return tx.Commit()
}

// Ship follows Pay's order: orders, then accounts.
func (s *Store) Ship(ctx context.Context, orderID, accountID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'shipped' WHERE id = ?", orderID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'active' WHERE id = ?", accountID); err != nil {
		return err
	}
	return tx.Commit()
}

// Transfer locks both accounts in one statement, in key order, and then
// updates each: both rows are members of the IN list it holds.
func (s *Store) Transfer(ctx context.Context, from, to, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM accounts WHERE id IN (?, ?) ORDER BY id FOR UPDATE", from, to)
	if err != nil {
		return err
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to); err != nil {
		return err
	}
	return tx.Commit()
}

// TransferSorted locks the smaller id first.
func (s *Store) TransferSorted(ctx context.Context, from, to, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	lo, hi := min(from, to), max(from, to)
	if _, err := tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", lo); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", hi); err != nil {
		return err
	}
	return tx.Commit()
}

// Claim locks a batch of pending jobs and then assigns each of the rows it
// locked: the loop runs over ids read from those rows.
func (s *Store) Claim(ctx context.Context, worker string) ([]int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM jobs WHERE status = 0 ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED")
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE jobs SET worker = ?, status = 1 WHERE id = ?", worker, id); err != nil {
			return nil, err
		}
	}
	return ids, tx.Commit()
}

// AddItems locks the order row first; every writer of its items does, so
// the items behind it are never locked by two transactions at once.
func (s *Store) AddItems(ctx context.Context, orderID, first, second int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT id FROM orders WHERE id = ? FOR UPDATE", orderID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE order_items SET qty = qty + 1 WHERE order_id = ? AND id = ?", orderID, first); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE order_items SET qty = qty + 1 WHERE order_id = ? AND id = ?", orderID, second); err != nil {
		return err
	}
	return tx.Commit()
}

// Merge moves one account's balance to another without any order: a real
// nested lock, reported once, at the second account, and not again for
// the later statements on rows already held.
func (s *Store) Merge(ctx context.Context, from, into int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var moved int64
	if err := tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", from).Scan(&moved); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + ? WHERE id = ?", moved, into); err != nil { // want `nested-lock: this transaction already locked a row of accounts \(SELECT \.\.\. FOR UPDATE\) and now locks another`
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0, status = 'merged' WHERE id = ?", from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET version = version + 1 WHERE id = ?", into); err != nil {
		return err
	}
	return tx.Commit()
}

// Reassign looks the account up without a lock: the id it scans is not a
// row the transaction holds, so locking two accounts by it is nested.
func (s *Store) Reassign(ctx context.Context, email string, other int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM accounts WHERE email = ?", email).Scan(&id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET owner_id = 0 WHERE id = ?", other); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET owner_id = ? WHERE id = ?", other, id); err != nil { // want `nested-lock: this transaction already locked a row of accounts \(UPDATE\)`
		return err
	}
	return tx.Commit()
}

// Pair sorts the two ids and locks them element by element.
func (s *Store) Pair(ctx context.Context, a, b int64) error {
	ids := []int64{a, b}
	slices.Sort(ids)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'paired' WHERE id = ?", ids[0]); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'paired' WHERE id = ?", ids[1]); err != nil {
		return err
	}
	return tx.Commit()
}

// PairUnsorted locks the ids in the caller's order.
func (s *Store) PairUnsorted(ctx context.Context, ids []int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'paired' WHERE id = ?", ids[0]); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'paired' WHERE id = ?", ids[1]); err != nil { // want `nested-lock: this transaction already locked a row of accounts \(UPDATE\)`
		return err
	}
	return tx.Commit()
}

// Expire finds overdue jobs in id order and updates them one by one: every
// caller walks the same rows in the same order.
func (s *Store) Expire(ctx context.Context, before string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM jobs WHERE run_at < ? ORDER BY id", before)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE jobs SET status = 3 WHERE id = ?", id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// ExpireAny does the same over an unordered query: the server may return
// the rows in a different order to each caller.
func (s *Store) ExpireAny(ctx context.Context, before string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM jobs WHERE run_at < ?", before)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE jobs SET status = 3 WHERE id = ?", id); err != nil { // want `nested-lock: UPDATE locks rows of jobs one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return tx.Commit()
}
