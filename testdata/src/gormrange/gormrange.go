package gormrange

import (
	"database/sql"
	"time"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var forUpdate = clause.Locking{Strength: clause.LockingStrengthUpdate}

func positives(db *gorm.DB, owner, id int64, since time.Time, region string) error {
	tx := db.Begin()
	defer tx.Rollback()
	var accs []models.Account
	tx.Clauses(forUpdate).Where("owner_id = ?", owner).Find(&accs) // want `range-lock: SELECT \.\.\. FOR UPDATE on accounts finds its rows by equality on the non-unique index idx_owner \(owner_id\)`

	var orders []models.Order
	tx.Clauses(clause.Locking{Strength: "UPDATE", Options: "NOWAIT"}).Where("created_at < ?", since).Find(&orders) // want `range-lock: SELECT \.\.\. FOR UPDATE on orders scans a range of index idx_created`

	q := tx.Model(&models.Order{})
	q = q.Where(map[string]interface{}{"region": region})
	q.Clauses(clause.Locking{Strength: clause.LockingStrengthShare}).Find(&orders) // want `range-lock: SELECT \.\.\. FOR SHARE on orders finds its rows by equality on the non-unique index idx_region_status`

	err := db.Transaction(func(tx *gorm.DB) error {
		var jobs []models.Job
		return tx.Clauses(forUpdate).Where("id > ?", id).Order("id").Limit(10).Find(&jobs).Error // want `range-lock: SELECT \.\.\. FOR UPDATE on jobs scans a range of index PRIMARY`
	})
	if err != nil {
		return err
	}
	return tx.Commit().Error
}

func negatives(db *gorm.DB, owner, id int64, email string) error {
	// READ COMMITTED takes no gap locks.
	rc := db.Begin(&sql.TxOptions{Isolation: sql.LevelReadCommitted})
	defer rc.Rollback()
	var accs []models.Account
	rc.Clauses(forUpdate).Where("owner_id = ?", owner).Find(&accs)
	rc.Commit()

	return db.Transaction(func(tx *gorm.DB) error {
		var a models.Account
		tx.Clauses(forUpdate).First(&a, id)                      // the primary key: one record
		tx.Clauses(forUpdate).Where("email = ?", email).Take(&a) // a unique key
		var s models.Stock
		tx.Clauses(forUpdate).Where("sku = ? AND warehouse = ?", "a", 1).First(&s) // the whole primary key

		// A nested Transaction is a savepoint in this transaction, which
		// runs at READ COMMITTED: no gap locks there either.
		return tx.Transaction(func(sp *gorm.DB) error {
			return sp.Clauses(forUpdate).Where("owner_id = ?", owner).Find(&accs).Error
		})
	}, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
}
