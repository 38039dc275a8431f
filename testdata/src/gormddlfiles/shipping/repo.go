// Package shipping updates shipments and parcels in transactions.
package shipping

import (
	"gormddlfiles/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Repo is the shipping repository.
type Repo struct{ db *gorm.DB }

// Deliver locks a shipment by its tracking number. The models alone say
// tracking_no has no index; the project's DDL gives it a unique key.
func (r *Repo) Deliver(tracking string) error {
	return r.db.Transaction(func(tx *gorm.DB) error {
		var s models.Shipment
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("tracking_no = ?", tracking).First(&s).Error; err != nil {
			return err
		}
		return tx.Model(&s).Update("status", "delivered").Error
	})
}

// Scan locks a parcel by barcode: parcels is known from its model only,
// and barcode has no index there.
func (r *Repo) Scan(barcode string) error {
	return r.db.Transaction(func(tx *gorm.DB) error {
		var p models.Parcel
		return tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("barcode = ?", barcode).First(&p).Error // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on parcels can use no index`
	})
}
