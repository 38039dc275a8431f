// Package gormrmw is read-modify-write with GORM: lost-update and
// stale-snapshot-read.
package gormrmw

import (
	"errors"
	"strings"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var errConflict = errors.New("concurrent update")

// lost-update positives.

func depositSave(db *gorm.DB, id, amount int64) error {
	var a models.Account
	if err := db.First(&a, id).Error; err != nil {
		return err
	}
	a.Balance += amount
	return db.Save(&a).Error // want `lost-update: UPDATE of accounts writes owner_id, email, balance, status, version back from a value read by a plain SELECT that took no lock: .*Fix: update only what changed, computed in SQL \(Update\("col", gorm\.Expr\("col \+ \?", n\)\)\), or read it with Clauses\(clause\.Locking\{Strength: "UPDATE"\}\) and write it inside one db\.Transaction`
}

func depositUpdate(db *gorm.DB, id, amount int64) error {
	var a models.Account
	if err := db.Take(&a, "id = ?", id).Error; err != nil {
		return err
	}
	return db.Model(&a).Update("balance", a.Balance+amount).Error // want `lost-update: UPDATE of accounts sets balance from a value read by a plain SELECT .*Update\("balance", gorm\.Expr\("balance \+ \?", n\)\)`
}

func withdrawInTransaction(db *gorm.DB, id, amount int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		if err := tx.First(&a, id).Error; err != nil {
			return err
		}
		if a.Balance < amount {
			return errors.New("insufficient funds")
		}
		return tx.Model(&a).Updates(map[string]interface{}{"balance": a.Balance - amount}).Error // want `lost-update: UPDATE of accounts sets balance .*read it with Clauses\(clause\.Locking\{Strength: "UPDATE"\}\) inside the transaction that writes`
	})
}

func statusFromRead(db *gorm.DB, id int64) error {
	var a models.Account
	db.Where("id = ?", id).First(&a)
	status := strings.TrimSuffix(a.Status, "-pending") + "-reviewed"
	return db.Model(&models.Account{}).Where("id = ?", id).Update("status", status).Error // want `lost-update: UPDATE of accounts sets status`
}

func restockAll(db *gorm.DB) error {
	var stock []models.Stock
	if err := db.Where("warehouse = ?", 1).Find(&stock).Error; err != nil {
		return err
	}
	for _, s := range stock {
		db.Model(&models.Stock{}).Where("sku = ? AND warehouse = ?", s.SKU, s.Warehouse).Update("qty", s.Qty+10) // want `lost-update: UPDATE of inventory sets qty`
	}
	return nil
}

// lost-update negatives.

func atomic(db *gorm.DB, id, amount int64) error {
	var a models.Account
	db.First(&a, id)
	return db.Model(&a).Update("balance", gorm.Expr("balance + ?", amount)).Error
}

func lockedInTransaction(db *gorm.DB, id, amount int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error; err != nil {
			return err
		}
		a.Balance += amount
		return tx.Save(&a).Error
	})
}

func optimistic(db *gorm.DB, id, amount int64) error {
	var a models.Account
	if err := db.First(&a, id).Error; err != nil {
		return err
	}
	res := db.Model(&a).Where("version = ?", a.Version).Updates(map[string]interface{}{
		"balance": a.Balance + amount,
		"version": gorm.Expr("version + 1"),
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errConflict
	}
	return nil
}

func neverWrittenBack(db *gorm.DB, id int64) (int64, error) {
	var a models.Account
	if err := db.First(&a, id).Error; err != nil {
		return 0, err
	}
	db.Model(&models.Account{}).Where("id = ?", id).Update("status", "seen")
	return a.Balance, nil
}

func freshValue(db *gorm.DB, id int64) error {
	var a models.Account
	db.First(&a, id)
	b := models.Account{ID: id + 1, Status: "new"}
	return db.Save(&b).Error
}

// stale-snapshot-read positives.

func readThenLock(db *gorm.DB, id, amount int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		if err := tx.First(&a, id).Error; err != nil {
			return err
		}
		var locked models.Account
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").First(&locked, id).Error; err != nil {
			return err
		}
		return tx.Model(&a).Update("balance", a.Balance+amount).Error // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that ran before the SELECT \.\.\. FOR UPDATE of accounts`
	})
}

func snapshotThenLockThenRead(db *gorm.DB, id, amount int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var orders []models.Order
		tx.Where("customer_id = ?", id).Find(&orders)
		var locked models.Account
		tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").First(&locked, id)
		var a models.Account
		tx.First(&a, id)
		a.Balance -= amount * int64(len(orders))
		return tx.Save(&a).Error // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that runs after the SELECT \.\.\. FOR UPDATE of accounts, in a REPEATABLE READ transaction`
	})
}

// stale-snapshot-read negatives.

func lockThenRead(db *gorm.DB, id int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var locked models.Account
		tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").First(&locked, id)
		var a models.Account
		tx.First(&a, id)
		a.Status = "checked"
		return tx.Save(&a).Error
	})
}

func valueFromLock(db *gorm.DB, id int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var before models.Account
		tx.First(&before, id)
		var a models.Account
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id).Error; err != nil {
			return err
		}
		return tx.Model(&a).Update("balance", a.Balance+1).Error
	})
}

// stale-snapshot-read through raw SQL on a GORM transaction.

func rawReadThenLock(db *gorm.DB, id, amount int64) error {
	tx := db.Begin()
	defer tx.Rollback()
	var bal int64
	tx.Raw("SELECT balance FROM accounts WHERE id = ?", id).Scan(&bal)
	tx.Exec("SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	tx.Exec("UPDATE accounts SET balance = ? WHERE id = ?", bal+amount, id) // want `stale-snapshot-read: UPDATE of accounts writes a value from a plain SELECT of accounts that ran before the SELECT \.\.\. FOR UPDATE of accounts`
	return tx.Commit().Error
}

// The write does not use the value read: the atomic update reads the
// current row itself.
func rawReadThenAtomic(db *gorm.DB, id, amount int64) (int64, error) {
	tx := db.Begin()
	defer tx.Rollback()
	var before int64
	tx.Raw("SELECT balance FROM accounts WHERE id = ?", id).Scan(&before)
	tx.Exec("SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	tx.Exec("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, id)
	return before, tx.Commit().Error
}
