// Package gormmodelsddl uses the models of gormmodels/models with the test
// schema as well: where both describe a table, the DDL wins.
package gormmodelsddl

import (
	"gormmodels/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

func positives(db *gorm.DB, worker, status string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var jobs []models.Job
		// The tags index worker; the DDL, which wins, does not.
		tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("worker = ?", worker).Find(&jobs) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index \(no index of jobs starts with worker\)`
		// wallets is in no DDL: the model's tags still describe it.
		var ws []models.Wallet
		tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("status = ?", status).Find(&ws) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on wallets`
		return nil
	})
}

func negatives(db *gorm.DB, status int) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var jobs []models.Job
		// The DDL indexes (status, run_at); the tags do not.
		return tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("status = ?", status).Find(&jobs).Error
	})
}
