// Package gormv1 is GORM v1 (github.com/jinzhu/gorm) code: the same
// builder shape, Set("gorm:query_option", "FOR UPDATE") as the lock.
package gormv1

import (
	"github.com/jinzhu/gorm"

	"gormshop/models"
)

func positives(status string, id int64) error {
	db, err := gorm.Open("mysql", "dsn")
	if err != nil {
		return err
	}
	var a models.Account
	db.Set("gorm:query_option", "FOR UPDATE").First(&a, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*gorm\.DB\)`

	tx := db.Begin()
	defer tx.RollbackUnlessCommitted()
	var accs []models.Account
	tx.Set("gorm:query_option", "FOR UPDATE").Where("status = ?", status).Find(&accs) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on accounts can use no index`
	tx.Model(&models.Account{}).Where("status = ?", status).Update("balance", 0)      // want `unindexed-lock: UPDATE on accounts`

	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Set("gorm:query_option", "FOR UPDATE").Where(map[string]interface{}{"balance": 0}).Find(&accs).Error // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on accounts`
	})
}

func negatives(id int64, email string) error {
	db, err := gorm.Open("mysql", "dsn")
	if err != nil {
		return err
	}
	tx := db.Begin()
	defer tx.Rollback()
	var a models.Account
	tx.Set("gorm:query_option", "FOR UPDATE").First(&a, id)                       // the primary key; and v1 really locks: no ineffective-lock
	tx.Set("gorm:query_option", "FOR UPDATE").Where("email = ?", email).First(&a) // a unique key
	db.Where("status = ?", "x").Find(&a)                                          // no lock on the pool
	return tx.Commit().Error
}
