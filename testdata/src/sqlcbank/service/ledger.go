// Package service is a ledger service whose statements are sqlc's
// generated Queries: New(db) runs them on the pool, q.WithTx(tx) and
// New(tx) in a transaction.
package service

import (
	"context"
	"database/sql"
	"errors"

	_ "github.com/go-sql-driver/mysql"

	"sqlcbank/db"
)

// Ledgers moves money between ledgers.
type Ledgers struct {
	pool *sql.DB
	q    *db.Queries
}

// NewLedgers returns the service over pool.
func NewLedgers(pool *sql.DB) *Ledgers {
	return &Ledgers{pool: pool, q: db.New(pool)}
}

var errFunds = errors.New("insufficient funds")

// Withdraw locks the ledger by its primary key in a transaction, then
// writes it back: one row, locked where it should be.
func (l *Ledgers) Withdraw(ctx context.Context, id, amount int64) error {
	tx, err := l.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := l.q.WithTx(tx)
	led, err := qtx.GetLedgerForUpdate(ctx, id)
	if err != nil {
		return err
	}
	if led.Balance < amount {
		return errFunds
	}
	if err := qtx.AddBalance(ctx, db.AddBalanceParams{Balance: -amount, ID: id}); err != nil {
		return err
	}
	return tx.Commit()
}

// Peek locks the ledger through the pool's Queries: the lock ends with
// the statement.
func (l *Ledgers) Peek(ctx context.Context, id int64) (db.Ledger, error) {
	return l.q.GetLedgerForUpdate(ctx, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sql\.DB\) in autocommit mode`
}

// Balance reads the ledger through the pool without a lock: silent.
func (l *Ledgers) Balance(ctx context.Context, id int64) (int64, error) {
	led, err := l.q.GetLedger(ctx, id)
	return led.Balance, err
}

// FreezeByState locks every ledger in a state: no index starts with
// state, so the scan locks the whole table.
func (l *Ledgers) FreezeByState(ctx context.Context, state string) error {
	tx, err := l.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := db.New(tx)
	if _, err := qtx.LockLedgersByState(ctx, state); err != nil { // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on ledgers can use no index`
		return err
	}
	return tx.Commit()
}

// Tail locks the postings of a ledger after an id: a range of
// idx_ledger, with the gap after it.
func (l *Ledgers) Tail(ctx context.Context, ledger, after int64) ([]db.Posting, error) {
	tx, err := l.pool.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ps, err := l.q.WithTx(tx).LockPostingsAfter(ctx, db.LockPostingsAfterParams{LedgerID: ledger, ID: after}) // want `range-lock: SELECT \.\.\. FOR UPDATE on postings finds its rows by equality on the non-unique index idx_ledger`
	if err != nil {
		return nil, err
	}
	return ps, tx.Commit()
}

// Open creates the owner's ledger in a currency unless it exists, after
// locking the unique key: two callers for a missing ledger deadlock on
// the gap.
func (l *Ledgers) Open(ctx context.Context, owner int64, currency string) error {
	tx, err := l.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := l.q.WithTx(tx)
	_, err = qtx.GetLedgerByOwnerForUpdate(ctx, db.GetLedgerByOwnerForUpdateParams{OwnerID: owner, Currency: currency})
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := qtx.CreateLedger(ctx, db.CreateLedgerParams{OwnerID: owner, Currency: currency}); err != nil { // want `check-then-insert: INSERT into ledgers after SELECT \.\.\. FOR UPDATE of the same table in one transaction`
			return err
		}
	} else if err != nil {
		return err
	}
	return tx.Commit()
}

// Transfer locks two ledgers in the order the caller names them: two
// opposite transfers deadlock.
func (l *Ledgers) Transfer(ctx context.Context, from, to, amount int64) error {
	tx, err := l.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := l.q.WithTx(tx)
	if _, err := qtx.GetLedgerForUpdate(ctx, from); err != nil {
		return err
	}
	if _, err := qtx.GetLedgerForUpdate(ctx, to); err != nil { // want `nested-lock: this transaction already locked a row of ledgers \(SELECT \.\.\. FOR UPDATE\) and now locks another`
		return err
	}
	if err := qtx.AddBalance(ctx, db.AddBalanceParams{Balance: -amount, ID: from}); err != nil {
		return err
	}
	if err := qtx.AddBalance(ctx, db.AddBalanceParams{Balance: amount, ID: to}); err != nil {
		return err
	}
	return tx.Commit()
}

// Post writes a posting after locking the ledger, reading the ledger
// again through the pool's Queries while the transaction holds it.
func (l *Ledgers) Post(ctx context.Context, id, amount int64, memo string) error {
	tx, err := l.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := l.q.WithTx(tx)
	if _, err := qtx.GetLedgerForUpdate(ctx, id); err != nil {
		return err
	}
	if err := l.q.AddBalance(ctx, db.AddBalanceParams{Balance: amount, ID: id}); err != nil { // want `outer-handle-in-tx: UPDATE runs through the pool handle l\.q\.db \(\*sql\.DB\) while tx is open`
		return err
	}
	if err := qtx.CreatePosting(ctx, db.CreatePostingParams{LedgerID: id, Amount: amount, Memo: memo}); err != nil {
		return err
	}
	return tx.Commit()
}

// Record writes a posting in a transaction that returns early without
// ending it on one path.
func (l *Ledgers) Record(ctx context.Context, id, amount int64) error {
	tx, err := l.pool.BeginTx(ctx, nil) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 168`
	if err != nil {
		return err
	}
	qtx := l.q.WithTx(tx)
	if err := qtx.CreatePosting(ctx, db.CreatePostingParams{LedgerID: id, Amount: amount}); err != nil {
		return err
	}
	return tx.Commit()
}
