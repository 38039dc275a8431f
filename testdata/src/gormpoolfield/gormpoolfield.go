// Package gormpoolfield is service code whose repositories keep a
// *gorm.DB in a field: the pool when the type begins its own transactions
// on it, or when every constructor fills it from gorm.Open; unknown when
// some code puts a transaction there.
package gormpoolfield

import (
	"context"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// accountStore begins its transactions on db, so db is the pool: a
// transaction cannot begin on a transaction.
type accountStore struct{ db *gorm.DB }

func NewAccountStore(db *gorm.DB) *accountStore { return &accountStore{db: db} }

func (s *accountStore) Debit(ctx context.Context, from, amount int64) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a models.Account
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", from).Take(&a).Error; err != nil {
			return err
		}
		return tx.Model(&models.Account{}).Where("id = ?", from).Update("balance", gorm.Expr("balance - ?", amount)).Error
	})
}

func (s *accountStore) Freeze(ctx context.Context, id int64) error {
	var a models.Account
	if err := s.db.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error; err != nil { // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*gorm\.DB\) in autocommit mode`
		return err
	}
	return s.db.Model(&a).Update("status", "frozen").Error
}

// ledgerStore is filled from gorm.Open by its only constructor.
type ledgerStore struct{ db *gorm.DB }

func openLedger(d gorm.Dialector) (*ledgerStore, error) {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return nil, err
	}
	return &ledgerStore{db: db}, nil
}

func (s *ledgerStore) Balance(id int64) (int64, error) {
	var a models.Account
	err := s.db.Clauses(clause.Locking{Strength: clause.LockingStrengthShare}).Where("id = ?", id).Take(&a).Error // want `lock-outside-tx: SELECT \.\.\. FOR SHARE runs on the pool`
	return a.Balance, err
}

func (s *ledgerStore) Owner(id int64) (int64, error) {
	var a models.Account
	err := s.db.Where("id = ?", id).Take(&a).Error // no lock
	return a.OwnerID, err
}

// orderStore hands out copies of itself holding a transaction: its db
// may be the pool or a transaction.
type orderStore struct{ db *gorm.DB }

func newOrderStore(db *gorm.DB) *orderStore { return &orderStore{db: db} }

func (s *orderStore) Begin() *orderStore { return &orderStore{db: s.db.Begin()} }

func (s *orderStore) Commit() error { return s.db.Commit().Error }

func (s *orderStore) Lock(id int64) (models.Account, error) {
	var a models.Account
	err := s.db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error
	return a, err
}

// itemRepo begins transactions on db, and inside them builds another
// itemRepo on the transaction: db is not always the pool.
type itemRepo struct{ db *gorm.DB }

func newItemRepo(db *gorm.DB) *itemRepo { return &itemRepo{db: db} }

func (r *itemRepo) lockItem(id int64) error {
	var a models.Account
	return r.db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error
}

func (r *itemRepo) Restock(ctx context.Context, id int64) error {
	return r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return newItemRepo(tx).lockItem(id)
	})
}

// auditRepo neither begins transactions on db nor fills it from
// gorm.Open: whoever constructs it decides, so it is unknown.
type auditRepo struct{ db *gorm.DB }

func NewAuditRepo(db *gorm.DB) *auditRepo { return &auditRepo{db: db} }

func (r *auditRepo) Last(id int64) (models.Account, error) {
	var a models.Account
	err := r.db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error
	return a, err
}

// walletRepo begins transactions on db, but WithTx builds a copy on the
// handle its caller gives, a transaction: db is not always the pool.
type walletRepo struct{ db *gorm.DB }

func NewWalletRepo(db *gorm.DB) *walletRepo { return &walletRepo{db: db} }

func (r *walletRepo) WithTx(tx *gorm.DB) *walletRepo { return &walletRepo{db: tx} }

func (r *walletRepo) Atomically(fn func(*walletRepo) error) error {
	return r.db.Transaction(func(tx *gorm.DB) error { return fn(r.WithTx(tx)) })
}

func (r *walletRepo) Hold(id int64) error {
	var a models.Account
	return r.db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error
}
