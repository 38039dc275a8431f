// Package gormtxflow has the transaction-flow rules' GORM cases.
package gormtxflow

import (
	"errors"
	"net/http"
	"time"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var forUpdate = clause.Locking{Strength: "UPDATE"}

// nested-lock

func transfer(db *gorm.DB, from, to, amount int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var a, b models.Account
		tx.Clauses(forUpdate).First(&a, from)
		tx.Clauses(forUpdate).First(&b, to) // want `nested-lock: this transaction already locked a row of accounts`
		return nil
	})
}

func lockEach(db *gorm.DB, ids []int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		for _, id := range ids {
			tx.Model(&models.Job{}).Where("id = ?", id).Update("worker", "w") // want `nested-lock: UPDATE locks rows of jobs one at a time inside a loop`
		}
		return nil
	})
}

func lockBoth(db *gorm.DB, from, to int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		return tx.Clauses(forUpdate).Where("id IN ?", []int64{from, to}).Order("id").Find(&accs).Error
	})
}

// lock-order

func checkout(db *gorm.DB, account, order int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		tx.Model(&models.Account{}).Where("id = ?", account).Update("balance", gorm.Expr("balance - 1"))
		return tx.Model(&models.Order{}).Where("id = ?", order).Update("status", "paid").Error
	})
}

func refund(db *gorm.DB, account, order int64) error {
	tx := db.Begin()
	defer tx.Rollback()
	tx.Model(&models.Order{}).Where("id = ?", order).Update("status", "refunded")
	tx.Model(&models.Account{}).Where("id = ?", account).Update("balance", gorm.Expr("balance + 1")) // want `lock-order: this transaction locks accounts after holding locks on orders`
	return tx.Commit().Error
}

// check-then-insert

func getOrCreate(db *gorm.DB, email string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		err := tx.Clauses(forUpdate).Where("email = ?", email).First(&a).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return tx.Create(&models.Account{Email: email}).Error // want `check-then-insert: INSERT into accounts after SELECT \.\.\. FOR UPDATE`
		}
		return err
	})
}

func createOnly(db *gorm.DB, email string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Create(&models.Account{Email: email}).Error
	})
}

// tx-not-closed

func leak(db *gorm.DB, id int64) error {
	tx := db.Begin() // want `tx-not-closed`
	if tx.Error != nil {
		return tx.Error
	}
	if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "x").Error; err != nil {
		return err
	}
	return tx.Commit().Error
}

func closed(db *gorm.DB, id int64) error {
	tx := db.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	defer tx.Rollback()
	tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "x")
	return tx.Commit().Error
}

// MigrationRunner applies schema steps, one transaction each.
type MigrationRunner struct {
	db *gorm.DB
}

// step checks Begin's error through the if's init statement: on that
// path no transaction exists, and every other path ends it.
func (r *MigrationRunner) step(id int64) error {
	tx := r.db.Begin()
	if err := tx.Error; err != nil {
		return err
	}
	if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "migrated").Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

// stepLeaky forgets the rollback when the update fails.
func (r *MigrationRunner) stepLeaky(id int64) error {
	tx := r.db.Begin() // want `tx-not-closed`
	if err := tx.Error; err != nil {
		return err
	}
	if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "migrated").Error; err != nil {
		return err
	}
	return tx.Commit().Error
}

// lock-held-blocking

func notifyWhileLocked(db *gorm.DB, client *http.Client, req *http.Request, id int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		tx.Clauses(forUpdate).First(&a, id)
		_, err := client.Do(req) // want `lock-held-blocking: an HTTP request runs while the transaction holds row locks on accounts`
		return err
	})
}

func sleepOutside(db *gorm.DB, id int64) error {
	time.Sleep(time.Millisecond)
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		return tx.Clauses(forUpdate).First(&a, id).Error
	})
}

// skip-locked-candidate

func worker(db *gorm.DB) {
	for {
		db.Transaction(func(tx *gorm.DB) error {
			var jobs []models.Job
			return tx.Clauses(forUpdate).Where("status = ?", 0).Order("run_at").Limit(10).Find(&jobs).Error // want `skip-locked-candidate: this queue poll`
		})
	}
}

func workerSkipLocked(db *gorm.DB) {
	for {
		db.Transaction(func(tx *gorm.DB) error {
			var jobs []models.Job
			return tx.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}).Where("status = ?", 0).Order("run_at").Limit(10).Find(&jobs).Error
		})
	}
}
