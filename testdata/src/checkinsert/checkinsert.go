package checkinsert

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"
)

func getOrCreate(ctx context.Context, db *sql.DB, email string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, 'new')", email) // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE of the same table in one transaction: when the key is absent, at REPEATABLE READ the lookup takes a gap lock`
	}
	return tx.Commit()
}

func byOwner(db *sql.DB, owner int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	tx.QueryRow("SELECT COUNT(*) FROM accounts WHERE owner_id = ? FOR UPDATE", owner).Scan(&n)
	if n == 0 {
		tx.Exec("INSERT INTO accounts (owner_id, status) VALUES (?, 'new')", owner) // want `check-then-insert`
	}
	return tx.Commit()
}

func shareModeCheck(db *sql.DB, id int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var x int64
	if err := tx.QueryRow("SELECT id FROM jobs WHERE id = ? LOCK IN SHARE MODE", id).Scan(&x); err == sql.ErrNoRows {
		tx.Exec("INSERT INTO jobs (id, status, run_at) VALUES (?, 0, NOW())", id) // want `check-then-insert: INSERT into jobs after SELECT \.\.\. LOCK IN SHARE MODE`
	}
	return tx.Commit()
}

func deleteThenInsert(db *sql.DB, owner int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("DELETE FROM accounts WHERE owner_id = ?", owner)
	tx.Exec("INSERT INTO accounts (owner_id, status) VALUES (?, 'new')", owner) // want `check-then-insert: INSERT into accounts after DELETE .*Fix: find the rows with a plain SELECT and DELETE them by primary key`
	return tx.Commit()
}

func sqlxUpsertByHand(ctx context.Context, db *sqlx.DB, sku string) error {
	tx := db.MustBeginTx(ctx, nil)
	defer tx.Rollback()
	var qty int
	if err := tx.Get(&qty, "SELECT qty FROM inventory WHERE sku = ? AND warehouse = 1 FOR UPDATE", sku); errors.Is(err, sql.ErrNoRows) {
		tx.MustExec("INSERT INTO inventory (sku, warehouse, qty) VALUES (?, 1, 0)", sku) // want `check-then-insert`
	}
	return tx.Commit()
}

func upsertAfterLock(db *sql.DB, email string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRow("SELECT id FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&id); err == sql.ErrNoRows {
		tx.Exec("INSERT IGNORE INTO accounts (email, status) VALUES (?, 'new')", email) // want `check-then-insert`
	}
	return tx.Commit()
}

// Near misses.

func upsertOnly(db *sql.DB, email string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("INSERT INTO accounts (email, status) VALUES (?, 'new') ON DUPLICATE KEY UPDATE status = VALUES(status)", email)
	return tx.Commit()
}

func plainCheck(db *sql.DB, email string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRow("SELECT id FROM accounts WHERE email = ?", email).Scan(&id); err == sql.ErrNoRows {
		tx.Exec("INSERT INTO accounts (email, status) VALUES (?, 'new')", email)
	}
	return tx.Commit()
}

func lockExistingThenInsertOther(db *sql.DB, id int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// A key lookup that does not test for a missing row: the row exists,
	// and InnoDB locks the record only.
	tx.QueryRow("SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
	tx.Exec("INSERT INTO orders (customer_id, region, status, created_at) VALUES (?, 'eu', 'new', NOW())", id)
	tx.Exec("INSERT INTO accounts (owner_id, email, status) VALUES (?, 'x', 'new')", id)
	return tx.Commit()
}

func otherTable(db *sql.DB, email string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRow("SELECT id FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&id); err == sql.ErrNoRows {
		tx.Exec("INSERT INTO orders (customer_id, region, status, created_at) VALUES (0, 'eu', 'new', NOW())")
	}
	return tx.Commit()
}

func insertBeforeLock(db *sql.DB, owner int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("INSERT INTO accounts (owner_id, status) VALUES (?, 'new')", owner)
	tx.QueryRow("SELECT COUNT(*) FROM accounts WHERE owner_id = ? FOR UPDATE", owner)
	return tx.Commit()
}

func separateTransactions(db *sql.DB, email string) {
	tx, _ := db.Begin()
	tx.QueryRow("SELECT id FROM accounts WHERE email = ? FOR UPDATE", email)
	tx.Commit()
	tx2, _ := db.Begin()
	tx2.Exec("INSERT INTO accounts (email, status) VALUES (?, 'new')", email)
	tx2.Commit()
}

// A settings repository that replaces a row by hand: DELETE by key, then
// INSERT of the same key.
type settings struct {
	db *sql.DB
}

func (s *settings) ReplaceEmail(ctx context.Context, email, status string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM accounts WHERE email = ?", email); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, ?)", email, status); err != nil { // want `check-then-insert: INSERT into accounts of the key the DELETE before it removed, in one transaction \(a replace done by hand\): when the key is absent, at REPEATABLE READ both transactions' DELETEs take the gap lock.*Fix: replace the row in one statement with INSERT \.\.\. ON DUPLICATE KEY UPDATE`
		return err
	}
	return tx.Commit()
}

func (s *settings) ReplaceJob(ctx context.Context, id int64, worker string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM jobs WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO jobs (id, status, run_at, worker) VALUES (?, ?, ?, ?)", id, 0, "2026-01-01", worker); err != nil { // want `check-then-insert: INSERT into jobs of the key the DELETE before it removed`
		return err
	}
	return tx.Commit()
}

// Archive deletes one account by id and inserts another row: not the key
// it deleted, and the deleted row, when present, is locked by record only.
func (s *settings) Archive(ctx context.Context, id int64, email string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM accounts WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, 'archived')", email); err != nil {
		return err
	}
	return tx.Commit()
}

// Upsert replaces the row in one statement.
func (s *settings) Upsert(ctx context.Context, email, status string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, ?) ON DUPLICATE KEY UPDATE status = VALUES(status)", email, status); err != nil {
		return err
	}
	return tx.Commit()
}

// Register counts the accounts with an email under a shared lock and
// inserts when there are none: the COUNT is the missing-row check.
func (s *settings) Register(ctx context.Context, email string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts WHERE email = ? LOCK IN SHARE MODE", email).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errors.New("email taken")
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, 'new')", email); err != nil { // want `check-then-insert: INSERT into accounts after SELECT \.\.\. LOCK IN SHARE MODE of the same table in one transaction: when the key is absent`
		return err
	}
	return tx.Commit()
}

// Touch counts under a lock but never tests the count: the row is known to
// exist, and an existing row is locked by record only.
func (s *settings) Touch(ctx context.Context, email string) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts WHERE email = ? FOR UPDATE", email).Scan(&n); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO accounts (email, status) VALUES (?, 'audit')", email+".audit"); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}
