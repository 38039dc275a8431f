// Package gormnaming configures GORM's NamingStrategy where locklint can
// see it: tables get a prefix and singular names, for the models' tables
// and for the builders' alike. It is checked with no schema but the tags.
package gormnaming

import (
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// Parcel is table shop_parcel, not parcels.
type Parcel struct {
	ID      int64
	Carrier string `gorm:"index"`
	Status  string
}

// Person is table shop_person, not people.
type Person struct {
	ID   int64
	Name string `gorm:"size:64"`
}

func open(d gorm.Dialector) (*gorm.DB, error) {
	return gorm.Open(d, &gorm.Config{
		NamingStrategy: schema.NamingStrategy{TablePrefix: "shop_", SingularTable: true},
	})
}

func positives(d gorm.Dialector, status, carrier, name string) error {
	db, err := open(d)
	if err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var ps []Parcel
		tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("status = ?", status).Find(&ps)   // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on shop_parcel can use no index`
		tx.Raw("SELECT * FROM shop_parcel WHERE status = ? FOR UPDATE", status).Scan(&ps)      // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on shop_parcel can use no index`
		tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("carrier = ?", carrier).Find(&ps) // want `range-lock: .* on shop_parcel .*idx_shop_parcel_carrier`
		tx.Model(&Person{}).Where("name = ?", name).Update("name", "x")                        // want `unindexed-lock: UPDATE on shop_person`
		return nil
	})
}

func negatives(d gorm.Dialector, status string) error {
	db, err := open(d)
	if err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		// The default names are not this program's tables: unknown, silent.
		tx.Raw("SELECT * FROM parcels WHERE status = ? FOR UPDATE", status).Rows()
		tx.Exec("UPDATE people SET name = ? WHERE name = ?", "x", "y")
		var p Parcel
		return tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&p, 7).Error
	})
}
