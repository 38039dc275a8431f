package gormineffective

import (
	v1 "github.com/jinzhu/gorm"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

const (
	queryOption = "gorm:query_option"
	forUpdate   = "FOR UPDATE"
)

func positives(db *gorm.DB, id int64, status string) error {
	tx := db.Begin()
	defer tx.Rollback()
	var a models.Account
	tx.Set("gorm:query_option", "FOR UPDATE").First(&a, id) // want `ineffective-lock: Set\("gorm:query_option", "FOR UPDATE"\) is GORM v1's way to lock rows, and GORM v2 ignores it: no lock is taken at all, and the read is a plain SELECT .* Fix: use v2's locking clause, Clauses\(clause\.Locking\{Strength: "UPDATE"\}\)`

	// The option set on a builder kept in a variable: reported where it is set.
	q := tx.Set(queryOption, forUpdate) // want `ineffective-lock: Set\("gorm:query_option", "FOR UPDATE"\)`
	q = q.Where("status = ?", status)
	q.Take(&a)

	tx.InstanceSet("gorm:query_option", "FOR UPDATE").Model(&models.Account{}).Where("id = ?", id).Find(&a) // want `ineffective-lock`

	if err := tx.Commit().Error; err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var jobs []models.Job
		return tx.Set("gorm:query_option", "LOCK IN SHARE MODE").Where("status = ?", 0).Find(&jobs).Error // want `ineffective-lock: .*Clauses\(clause\.Locking\{Strength: "SHARE"\}\)`
	})
}

func negatives(db *gorm.DB, old *v1.DB, id int64) error {
	var a models.Account
	// GORM v1 appends the option to its SELECT: a real lock.
	ot := old.Begin()
	ot.Set("gorm:query_option", "FOR UPDATE").First(&a, id)
	ot.Commit()

	return db.Transaction(func(tx *gorm.DB) error {
		tx.Set("gorm:auto_preload", true).First(&a, id)                                                     // another setting
		tx.Set("gorm:query_option", "FOR UPDATE").Clauses(clause.Locking{Strength: "UPDATE"}).First(&a, id) // v2's clause locks anyway
		tx.Set("gorm:query_option", "FOR UPDATE").Model(&a).Update("status", "x")                           // a write: no read to lock
		tx.Set("gorm:query_option", "/* trace */").First(&a, id)                                            // not a lock
		tx.Set("gorm:query_option", "FOR UPDATE")                                                           // never runs a statement
		return nil
	})
}
