// Package gormtablelock has table-lock's GORM cases.
package gormtablelock

import (
	"gorm.io/gorm"
)

// Positives.

func lockOnPool(d gorm.Dialector) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	if err := db.Exec("LOCK TABLES orders WRITE").Error; err != nil { // want `table-lock: LOCK TABLES orders WRITE runs on the pool \(\*gorm\.DB\)`
		return err
	}
	db.Exec("UPDATE orders SET status = 'archived' WHERE id = 1")
	return db.Exec("UNLOCK TABLES").Error
}

func advisoryOnPool(d gorm.Dialector) (bool, error) {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return false, err
	}
	var ok bool
	err = db.Raw("SELECT GET_LOCK('nightly', 10)").Scan(&ok).Error // want `table-lock: GET_LOCK runs on the pool \(\*gorm\.DB\)`
	return ok, err
}

func lockInTransaction(db *gorm.DB) error {
	return db.Transaction(func(tx *gorm.DB) error {
		tx.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
		return tx.Exec("LOCK TABLES accounts WRITE").Error // want `table-lock: LOCK TABLES accounts WRITE commits the open transaction implicitly`
	})
}

func globalReadLock(db *gorm.DB) error {
	return db.Exec("FLUSH TABLES WITH READ LOCK").Error // want `table-lock: FLUSH TABLES WITH READ LOCK takes the server's global read lock`
}

// Near misses.

// A *gorm.DB parameter may be a transaction or the pool: unknown, so the
// pool's warning is not given.
func lockGiven(db *gorm.DB) error {
	return db.Exec("LOCK TABLES orders WRITE").Error
}

func unlockOnly(db *gorm.DB) error {
	return db.Exec("UNLOCK TABLES").Error
}

func isFree(db *gorm.DB) (bool, error) {
	var free bool
	err := db.Raw("SELECT IS_FREE_LOCK('nightly')").Scan(&free).Error
	return free, err
}

func releaseOnly(db *gorm.DB) error {
	return db.Exec("SELECT RELEASE_LOCK('nightly')").Error
}

func rowLock(db *gorm.DB) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Exec("SELECT id FROM orders WHERE id = 1 FOR UPDATE").Error
	})
}

func flushOnly(db *gorm.DB) error {
	return db.Exec("FLUSH TABLES orders").Error
}
