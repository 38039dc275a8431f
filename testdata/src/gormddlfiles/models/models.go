// Package models declares the shipping service's GORM models. The tables
// are created by the SQL in ../db, which adds indexes the tags leave out.
package models

// Shipment is table shipments; db/schema.sql also gives tracking_no a
// unique key that the tags do not declare.
type Shipment struct {
	ID         int64
	TrackingNo string `gorm:"size:32"`
	Status     string `gorm:"size:16"`
}

// Parcel is table parcels, which no .sql file of the project creates:
// its tags are all locklint knows.
type Parcel struct {
	ID      int64
	Barcode string `gorm:"size:32"`
}
