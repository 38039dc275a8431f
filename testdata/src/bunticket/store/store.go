// Package store is the ticketing service's data access layer, written
// with bun.
package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"

	"bunticket/model"
)

// Store runs the ticketing service's statements.
type Store struct {
	db *bun.DB
}

// Open wraps the service's MySQL pool.
func Open(sqldb *sql.DB) *Store {
	return &Store{db: bun.NewDB(sqldb, mysqldialect.New())}
}

var errTaken = errors.New("seat taken")

// Hold locks one seat by its primary key and marks it held.
func (s *Store) Hold(ctx context.Context, seatID, customer int64) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		seat := &model.Seat{ID: seatID}
		if err := tx.NewSelect().Model(seat).WherePK().For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		if seat.Status != "free" {
			return errTaken
		}
		_, err := tx.NewUpdate().Model(seat).Set("status = ?", "held").Set("held_by = ?", customer).WherePK().Exec(ctx)
		return err
	})
}

// FreeByStatus locks the seats of one status: no index starts with it.
func (s *Store) FreeByStatus(ctx context.Context, status string) ([]model.Seat, error) {
	var seats []model.Seat
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return tx.NewSelect().Model(&seats).Where("s.status = ?", status).For("UPDATE").Scan(ctx) // want `unindexed-lock: SELECT ... FOR UPDATE on seats can use no index \(no index of seats starts with status\)`
	})
	return seats, err
}

// SeatsHeldBy locks a customer's seats through the non-unique held_by
// index: the next-key locks cover the gaps around them.
func (s *Store) SeatsHeldBy(ctx context.Context, customer int64) ([]model.Seat, error) {
	var seats []model.Seat
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return tx.NewSelect().Model(&seats).Where("held_by = ?", customer).For("UPDATE").Scan(ctx) // want `range-lock: SELECT ... FOR UPDATE on seats finds its rows by equality on the non-unique index idx_held_by`
	})
	return seats, err
}

// SeatByLabel locks one seat by its full unique (event_id, label) key:
// one record lock.
func (s *Store) SeatByLabel(ctx context.Context, event int64, label string) (*model.Seat, error) {
	seat := new(model.Seat)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return tx.NewSelect().Model(seat).Where("event_id = ?", event).Where("label = ?", label).For("UPDATE").Scan(ctx)
	})
	return seat, err
}

// EventsAt locks the events of a venue. The events table is known from
// its model's tags, which declare its key only: whether venue is
// indexed is not known, so nothing is said.
func (s *Store) EventsAt(ctx context.Context, venue string) ([]model.Event, error) {
	var events []model.Event
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return tx.NewSelect().Model(&events).Where("venue = ?", venue).For("UPDATE").Scan(ctx)
	})
	return events, err
}

// Peek locks a seat on the pool: autocommit releases the lock at once.
func (s *Store) Peek(ctx context.Context, seatID int64) (*model.Seat, error) {
	seat := &model.Seat{ID: seatID}
	err := s.db.NewSelect().Model(seat).WherePK().For("UPDATE").Scan(ctx) // want `lock-outside-tx: SELECT ... FOR UPDATE runs on the pool \(\*bun.DB\)`
	return seat, err
}

// Read reads a seat on the pool without a lock: nothing to say.
func (s *Store) Read(ctx context.Context, seatID int64) (*model.Seat, error) {
	seat := &model.Seat{ID: seatID}
	err := s.db.NewSelect().Model(seat).WherePK().Scan(ctx)
	return seat, err
}

// LockSeat locks a seat through whatever handle its caller passes: a
// transaction or the pool, unknown here.
func LockSeat(ctx context.Context, db bun.IDB, seatID int64) error {
	seat := &model.Seat{ID: seatID}
	return db.NewSelect().Model(seat).WherePK().For("UPDATE").Scan(ctx)
}

// PeekVia locks through LockSeat on the pool: the helper's lock ends with
// its statement.
func (s *Store) PeekVia(ctx context.Context, seatID int64) error {
	return LockSeat(ctx, s.db, seatID) // want `lock-outside-tx: SELECT ... FOR UPDATE runs on the pool \(\*bun.DB\)`
}

// HoldVia locks through LockSeat in a transaction: silent.
func (s *Store) HoldVia(ctx context.Context, seatID int64) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return LockSeat(ctx, tx, seatID)
	})
}

// FreeFiltered narrows its query with a condition added by a statement
// of its own: bun's queries change in place, so what it sends is not
// read and nothing is said.
func (s *Store) FreeFiltered(ctx context.Context, status string, event int64) ([]model.Seat, error) {
	var seats []model.Seat
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		q := tx.NewSelect().Model(&seats).Where("event_id = ?", event)
		if status != "" {
			q.Where("status = ?", status)
		}
		return q.For("UPDATE").Scan(ctx)
	})
	return seats, err
}
