// Package model declares the ticketing service's tables as bun models.
package model

import (
	"time"

	"github.com/uptrace/bun"
)

// Event is a show that sells seats. Its tags declare its key only: the
// migrations may index other columns.
type Event struct {
	bun.BaseModel

	ID     int64 `bun:",pk,autoincrement"`
	Venue  string
	Status string
}

// Seat is one seat of an event, unique by its label within the event.
type Seat struct {
	bun.BaseModel `bun:"table:seats,alias:s"`

	ID      int64  `bun:"id,pk,autoincrement"`
	EventID int64  `bun:"event_id,unique:event_label"`
	Label   string `bun:"label,unique:event_label"`
	Status  string `bun:"status"`
	HeldBy  int64  `bun:"held_by"`
}

// Booking holds a seat for a customer, soft-deleted when cancelled.
type Booking struct {
	bun.BaseModel `bun:"table:bookings,alias:b"`

	ID        int64  `bun:",pk,autoincrement"`
	Reference string `bun:",unique"`
	SeatID    int64
	State     string
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}
