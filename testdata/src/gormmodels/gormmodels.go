// Package gormmodels is checked with no schema but its models' gorm tags.
package gormmodels

import (
	"gormmodels/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var forUpdate = clause.Locking{Strength: clause.LockingStrengthUpdate}

func positives(db *gorm.DB, owner int64, status, region, kind, city, zip, hall, event, worker string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var ws []models.Wallet
		tx.Clauses(forUpdate).Where("status = ?", status).Find(&ws)  // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on wallets can use no index \(no index of wallets starts with status\)`
		tx.Clauses(forUpdate).Where("region = ?", region).Find(&ws)  // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on wallets can use no index \(index idx_kind_region \(kind, region\) cannot be used without its leftmost column kind\)`
		tx.Clauses(forUpdate).Where("owner_id = ?", owner).Find(&ws) // want `range-lock: SELECT \.\.\. FOR UPDATE on wallets finds its rows by equality on the non-unique index idx_wallets_owner_id \(owner_id\)`
		tx.Clauses(forUpdate).Where("kind = ?", kind).Find(&ws)      // want `range-lock: .* non-unique index idx_kind_region \(kind, region\)`

		var ts []models.Ticket
		tx.Model(&models.Ticket{}).Where("event = ?", event).Update("event", "moved") // want `unindexed-lock: UPDATE on tickets can use no index`
		tx.Clauses(forUpdate).Where("home_zip = ?", zip).Find(&ts)                    // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on tickets can use no index`
		tx.Clauses(forUpdate).Where("home_city = ?", city).Find(&ts)                  // want `range-lock: .* non-unique index idx_tickets_city \(home_city\)`

		var seats []models.Seat
		tx.Clauses(forUpdate).Where("hall = ?", hall).Find(&seats) // want `range-lock: .* on seats .*index PRIMARY \(hall, row\)`

		// jobs: only the model's tags speak of it here, and they index worker.
		var jobs []models.Job
		tx.Clauses(forUpdate).Where("worker = ?", worker).Find(&jobs) // want `range-lock: .* on jobs .*idx_jobs_worker`
		return nil
	})
}

func negatives(db *gorm.DB, id int64, number, code string, seat int, hall string, row int) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var w models.Wallet
		tx.Clauses(forUpdate).First(&w, id)                        // the default primary key, id
		tx.Clauses(forUpdate).Where("number = ?", number).Take(&w) // uniqueIndex
		var t models.Ticket
		tx.Clauses(forUpdate).Where(&models.Ticket{Code: code}).Take(&t) // column:ticket_code;unique
		tx.Clauses(forUpdate).Where("seat = ?", seat).Take(&t)           // index:,unique
		tx.Clauses(forUpdate).First(&t, id)                              // gorm.Model's ID
		var s models.Seat
		tx.Clauses(forUpdate).Where("hall = ? AND `row` = ?", hall, row).Take(&s) // the whole composite primary key
		var ws []models.Wallet
		tx.Clauses(forUpdate).Where("kind = ? AND region = ? AND id = ?", "a", "b", id).Find(&ws) // id pins one row
		return nil
	})
}
