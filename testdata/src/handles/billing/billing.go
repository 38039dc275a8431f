// Package billing charges accounts through the accounts repository.
package billing

import (
	"context"
	"log"

	"github.com/jmoiron/sqlx"

	"handles/accounts"
)

// Service charges accounts.
type Service struct {
	db    *sqlx.DB
	log   *log.Logger
	store *accounts.Store
}

// PreviewCharge locks the balance through a store built on the pool: the
// lock ends with the statement.
func (s *Service) PreviewCharge(ctx context.Context, id int64) (int64, error) {
	st := accounts.NewStore(s.db, s.log)
	return st.LockBalance(ctx, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sqlx\.DB\)`
}

// ReserveOnPool locks through the method-returned handle of a pool store.
func (s *Service) ReserveOnPool(ctx context.Context, id int64) error {
	return accounts.NewStore(s.db, s.log).Reserve(ctx, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// Charge locks and debits inside a transaction, through a copy of the
// store that carries it: nothing to report.
func (s *Service) Charge(ctx context.Context, id, amount int64) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := accounts.NewStore(s.db, s.log).WithTx(tx)
	if _, err := st.LockBalance(ctx, id); err != nil {
		return err
	}
	if err := st.Debit(ctx, id, amount); err != nil {
		return err
	}
	return tx.Commit()
}

// ChargeTxStore uses a store built on the transaction alone.
func (s *Service) ChargeTxStore(ctx context.Context, id, amount int64) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := accounts.NewTxStore(tx, s.log)
	if _, err := st.LockBalance(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// LockWithFieldStore goes through a store the service was built with:
// where it came from is not visible here, so nothing is said.
func (s *Service) LockWithFieldStore(ctx context.Context, id int64) error {
	_, err := s.store.LockBalance(ctx, id)
	return err
}

// LedgerOnPool locks an entry through a ledger built on the pool.
func (s *Service) LedgerOnPool(ctx context.Context, id int64) error {
	l := accounts.NewLedger(s.db)
	return l.LockEntry(ctx, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// LedgerInTx locks the entry through the ledger's transaction copy.
func (s *Service) LedgerInTx(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := accounts.NewLedger(s.db).WithTx(tx).LockEntry(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// NewService builds the service and its store on the pool.
func NewService(db *sqlx.DB, l *log.Logger) *Service {
	return &Service{db: db, log: l, store: accounts.NewStore(db, l)}
}

// NewTxService builds a service whose store runs in tx.
func NewTxService(db *sqlx.DB, tx *sqlx.Tx, l *log.Logger) *Service {
	return &Service{db: db, log: l, store: accounts.NewTxStore(tx, l)}
}

// PreviewAll locks through the store of a service built on the pool.
func PreviewAll(ctx context.Context, db *sqlx.DB, l *log.Logger, id int64) error {
	svc := NewService(db, l)
	return svc.LockWithFieldStore(ctx, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sqlx\.DB\)`
}

// SettleAll locks through the store of a service built on a transaction.
func SettleAll(ctx context.Context, db *sqlx.DB, l *log.Logger, id int64) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	svc := NewTxService(db, tx, l)
	if err := svc.LockWithFieldStore(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}
