package gormoutsidetx

import (
	"context"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

func lockShare() clause.Locking {
	l := clause.Locking{Strength: clause.LockingStrengthShare}
	return l
}

func positives(ctx context.Context, d gorm.Dialector, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	var a models.Account
	db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*gorm\.DB\) in autocommit mode`

	// WithContext, Session and Debug keep the receiver's handle: the pool.
	db.WithContext(ctx).Session(&gorm.Session{}).Debug().Clauses(lockShare()).Where("id = ?", id).Take(&a) // want `lock-outside-tx: SELECT \.\.\. FOR SHARE runs on the pool`

	q := db.Model(&models.Account{})
	q = q.Where("email = ?", "a@b")
	q.Clauses(clause.Locking{Strength: "UPDATE", Options: clause.LockingOptionsSkipLocked}).Find(&a) // want `lock-outside-tx`

	gorm.G[models.Account](db, clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).First(ctx) // want `lock-outside-tx`

	db.Raw("SELECT * FROM accounts WHERE id = ? FOR UPDATE", id).Scan(&a) // want `lock-outside-tx`
	return nil
}

type repo struct{ db *gorm.DB }

func negatives(ctx context.Context, d gorm.Dialector, given *gorm.DB, r *repo, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	var a models.Account
	db.Where("id = ?", id).First(&a) // no lock

	// A *gorm.DB parameter or field may be a transaction: unknown, not the pool.
	given.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id)
	r.db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id)

	// Connection runs its callback on one session, which may have begun
	// a transaction.
	db.Connection(func(conn *gorm.DB) error {
		return conn.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error
	})

	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error; err != nil {
			return err
		}
		return tx.Transaction(func(sp *gorm.DB) error { // a savepoint: still the transaction
			return sp.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&a).Error
		})
	})
	if err != nil {
		return err
	}

	tx := db.WithContext(ctx).Begin()
	defer tx.Rollback()
	tq := tx.Model(&models.Account{}).Where("id = ?", id)
	tq.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&a)
	return tx.Commit().Error
}

// lockAccount locks through the handle it is given, which it cannot tell.
func lockAccount(db *gorm.DB, id int64) (models.Account, error) {
	var a models.Account
	err := db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error
	return a, err
}

func helpers(d gorm.Dialector, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	lockAccount(db, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*gorm\.DB\)`
	return db.Transaction(func(tx *gorm.DB) error {
		_, err := lockAccount(tx, id) // a transaction: fine
		return err
	})
}
