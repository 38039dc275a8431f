package gormouterhandle

import (
	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Positives.

func payInCallback(d gorm.Dialector, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&models.Order{CustomerID: id, Status: "paid"}).Error; err != nil {
			return err
		}
		return db.Model(&models.Account{}).Where("id = ?", id).Update("status", "paying").Error // want `outer-handle-in-tx: UPDATE runs through the pool handle db \(\*gorm\.DB\) while tx is open: the pool gives it another connection, outside the transaction, .*Fix: run it through tx`
	})
}

func lockInCallback(d gorm.Dialector, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		if err := db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error; err != nil { // want `outer-handle-in-tx: SELECT \.\.\. FOR UPDATE runs through the pool handle db`
			return err
		}
		return tx.Model(&a).Update("status", "locked").Error
	})
}

func readInBegin(d gorm.Dialector, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	tx := db.Begin()
	defer tx.Rollback()
	tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "closing")
	var a models.Account
	db.WithContext(tx.Statement.Context).Where("id = ?", id).First(&a) // want `outer-handle-in-tx: SELECT runs through the pool handle db \(\*gorm\.DB\) while tx is open: .*does not see what tx has written to accounts but not yet committed`
	return tx.Commit().Error
}

type service struct{ db *gorm.DB }

// s.db may be a pool or a transaction on its own, but it is the handle
// the transaction was begun from: it is not the transaction.
func (s *service) transfer(from, to, amount int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&models.Account{}).Where("id = ?", from).Update("balance", gorm.Expr("balance - ?", amount)).Error; err != nil {
			return err
		}
		return s.db.Model(&models.Account{}).Where("id = ?", to).Update("balance", gorm.Expr("balance + ?", amount)).Error // want `outer-handle-in-tx: UPDATE runs through s\.db \(\*gorm\.DB\), the handle tx was begun from, while tx is open`
	})
}

func (s *service) audit(id int64) error {
	tx := s.db.Begin()
	defer tx.Rollback()
	tx.Model(&models.Job{}).Where("id = ?", id).Update("worker", "me")
	s.db.Create(&models.Order{CustomerID: id, Status: "audit"}) // want `outer-handle-in-tx: INSERT runs through s\.db \(\*gorm\.DB\), the handle tx was begun from, while tx is open`
	return tx.Commit().Error
}

// Negatives.

func correctCallback(d gorm.Dialector, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error; err != nil {
			return err
		}
		return tx.Model(&a).Update("status", "locked").Error
	})
}

func afterCommit(d gorm.Dialector, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	tx := db.Begin()
	tx.Model(&models.Job{}).Where("id = ?", id).Update("worker", "me")
	if err := tx.Commit().Error; err != nil {
		return err
	}
	return db.Model(&models.Job{}).Where("id = ?", id).Update("status", 2).Error
}

// given is unknown and not the handle the transaction began from: it may
// be this very transaction's caller's transaction.
func otherHandle(d gorm.Dialector, given *gorm.DB, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		return given.First(&a, id).Error
	})
}

// A nested Transaction is a savepoint of the outer transaction: the outer
// tx is the same connection.
func savepoint(d gorm.Dialector, id int64) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Transaction(func(sp *gorm.DB) error {
			return tx.Model(&models.Job{}).Where("id = ?", id).Update("status", 1).Error
		})
	})
}
