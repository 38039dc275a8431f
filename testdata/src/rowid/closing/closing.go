// Package closing closes a customer: it reads the customer's accounts,
// then deletes what hangs off each one, account by account.
package closing

import (
	"context"
	"database/sql"
)

type Store struct{ db *sql.DB }

type account struct {
	ID    int64
	Email string
}

// Close reads the accounts by status, which no index serves and no
// secondary index covers: the server scans the clustered index and
// returns them in id order, so every caller locks in ascending id.
func (s *Store) Close(ctx context.Context, status string) error {
	rows, err := s.db.QueryContext(ctx, "SELECT id, email FROM accounts WHERE status = ?", status)
	if err != nil {
		return err
	}
	var accts []account
	var a account
	for rows.Next() {
		if err := rows.Scan(&a.ID, &a.Email); err != nil {
			return err
		}
		accts = append(accts, a)
	}
	rows.Close()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, a := range accts {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", a.ID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// CloseIDs does the same through a slice of ids.
func (s *Store) CloseIDs(ctx context.Context, status string) error {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM accounts WHERE status = ? AND version > 0", status)
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// CloseByOwner reads through idx_owner: rows come in (owner_id, id)
// order, which over several owners is not id order.
func (s *Store) CloseByOwner(ctx context.Context, lo, hi int64) error {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM accounts WHERE owner_id BETWEEN ? AND ?", lo, hi)
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id); err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return tx.Commit()
}

// CloseByEmailScan names only columns uk_email holds with the primary
// key: a covering scan of uk_email returns them in email order.
func (s *Store) CloseByEmailScan(ctx context.Context, pattern string) error {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM accounts WHERE email LIKE ?", pattern)
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id); err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return tx.Commit()
}

// CloseByEmail locks by a column that is not the primary key: id order
// says nothing of email order.
func (s *Store) CloseByEmail(ctx context.Context, status string) error {
	rows, err := s.db.QueryContext(ctx, "SELECT id, email FROM accounts WHERE status = ?", status)
	if err != nil {
		return err
	}
	var emails []string
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			return err
		}
		emails = append(emails, email)
	}
	rows.Close()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, e := range emails {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE email = ?", e); err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return tx.Commit()
}

// allAccounts reads every account, with a column no secondary index
// holds: the whole clustered index, in id order.
func (s *Store) allAccounts(ctx context.Context) ([]account, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, email, status FROM accounts")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account
	for rows.Next() {
		var a account
		var status string
		if err := rows.Scan(&a.ID, &a.Email, &status); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ResetAll zeroes every account in the order the helper read them: id
// order in every run.
func (s *Store) ResetAll(ctx context.Context) error {
	accts, err := s.allAccounts(ctx)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, a := range accts {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", a.ID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// emailIndex reads every account's id and email, both held by uk_email:
// the server may scan that index instead, in email order.
func (s *Store) emailIndex(ctx context.Context) ([]account, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, email FROM accounts")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account
	for rows.Next() {
		var a account
		if err := rows.Scan(&a.ID, &a.Email); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ResetIndexed zeroes them in that order, which is not id order.
func (s *Store) ResetIndexed(ctx context.Context) error {
	accts, err := s.emailIndex(ctx)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, a := range accts {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", a.ID); err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop, in the order of the loop`
			return err
		}
	}
	return tx.Commit()
}

// inTx runs fn in a transaction.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ResetAllInTx reads every account before its transaction and zeroes
// them in its callback, in the order read: id order in every run.
func (s *Store) ResetAllInTx(ctx context.Context) error {
	accts, err := s.allAccounts(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, a := range accts {
			if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", a.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ResetIndexedInTx does the same with the rows of the email index, in
// email order.
func (s *Store) ResetIndexedInTx(ctx context.Context) error {
	accts, err := s.emailIndex(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, a := range accts {
			if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", a.ID); err != nil { // want `nested-lock: UPDATE locks rows of accounts one at a time inside a loop, in the order of the loop`
				return err
			}
		}
		return nil
	})
}
