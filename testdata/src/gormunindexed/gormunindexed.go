package gormunindexed

import (
	"context"

	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var forUpdate = clause.Locking{Strength: clause.LockingStrengthUpdate}

// lockNoWait builds the locking clause away from the chain.
func lockNoWait() clause.Locking {
	return clause.Locking{Strength: "UPDATE", Options: clause.LockingOptionsNoWait}
}

func positives(ctx context.Context, db *gorm.DB, status, worker string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("status = ?", status).Find(&accs) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on accounts can use no index \(no index of accounts starts with status\)`

		tx.Model(&models.Order{}).Where("status = ?", status).Update("note", "held") // want `unindexed-lock: UPDATE on orders can use no index \(index idx_region_status \(region, status\) cannot be used without its leftmost column region\)`

		tx.Where("worker = ?", worker).Delete(&models.Job{}) // want `unindexed-lock: DELETE on jobs can use no index`

		// A builder split over a variable, reassigned in straight-line code.
		q := tx.Model(&models.Account{})
		q = q.Where("balance < ?", 0)
		q.Clauses(forUpdate).Find(&accs) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on accounts can use no index \(no index of accounts starts with balance\)`

		// A struct condition: the non-zero fields, status here.
		var a models.Account
		tx.Clauses(lockNoWait()).Where(&models.Account{Status: "frozen"}).First(&a) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on accounts`

		// A map condition.
		tx.Clauses(forUpdate).Where(map[string]interface{}{"note": "x"}).Find(&[]models.Order{}) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on orders`

		// A model of another package whose TableName method names its
		// table: inventory, known from that package's facts.
		var low []models.Stock
		tx.Clauses(forUpdate).Where("qty < ?", 5).Find(&low) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on inventory can use no index`

		// The generics API.
		gorm.G[models.Job](tx, clause.Locking{Strength: "SHARE"}).Where("worker = ?", worker).Find(ctx) // want `unindexed-lock: SELECT \.\.\. FOR SHARE on jobs can use no index`
		return nil
	})
}

func negatives(ctx context.Context, d gorm.Dialector, owner, id int64, status, table string) error {
	db, err := gorm.Open(d, &gorm.Config{})
	if err != nil {
		return err
	}
	tx := db.Begin()
	defer tx.Rollback()
	var accs []models.Account
	tx.Clauses(forUpdate).Where("owner_id = ?", owner).Find(&accs) // idx_owner
	var a models.Account
	tx.Clauses(forUpdate).First(&a, id)                           // primary key
	tx.Where("status = ?", status).Find(&accs)                    // no lock: a snapshot read
	tx.Model(&a).Where("status = ?", status).Update("balance", 0) // Model(&a) adds a's primary key

	// A condition that may be added on some paths: what the WHERE is
	// cannot be told, so it is not called unindexed.
	q := tx.Model(&models.Account{}).Clauses(forUpdate)
	if owner > 0 {
		q = q.Where("owner_id = ?", owner)
	}
	q.Where("status = ?", status).Find(&accs)

	tx.Table(table).Clauses(forUpdate).Where("status = ?", status).Find(&accs)   // table unknown
	tx.Scopes(active).Clauses(forUpdate).Where("status = ?", status).Find(&accs) // the scope may add an indexed condition
	var rows []map[string]interface{}
	tx.Clauses(forUpdate).Where("status = ?", status).Find(&rows) // no model, no table: unknown

	db.Clauses(forUpdate).Where("status = ?", status).Find(&accs) // on the pool: lock-outside-tx's finding
	return tx.Commit().Error
}

func active(db *gorm.DB) *gorm.DB { return db.Where("owner_id > 0") }
