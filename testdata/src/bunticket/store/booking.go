package store

import (
	"context"
	"database/sql"
	"errors"

	"bunticket/model"
)

// Book looks the reference up with a lock and creates the booking when
// it is missing: two requests for a new reference both find the gap.
func (s *Store) Book(ctx context.Context, ref string, seatID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var b model.Booking
	err = tx.NewSelect().Model(&b).Where("reference = ?", ref).For("UPDATE").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.NewInsert().Model(&model.Booking{Reference: ref, SeatID: seatID, State: "new"}).Exec(ctx); err != nil { // want `check-then-insert: INSERT into bookings after SELECT ... FOR UPDATE`
			return err
		}
	} else if err != nil {
		return err
	}
	return tx.Commit()
}

// BookOnce writes the booking in one statement, updating it when the
// reference exists: nothing is checked first.
func (s *Store) BookOnce(ctx context.Context, ref string, seatID int64) error {
	_, err := s.db.NewInsert().Model(&model.Booking{Reference: ref, SeatID: seatID, State: "new"}).On("DUPLICATE KEY UPDATE").Exec(ctx)
	return err
}

// Cancel begins and, past the deadline, returns without ending the
// transaction.
func (s *Store) Cancel(ctx context.Context, id int64, expired bool) error {
	tx, err := s.db.BeginTx(ctx, nil) // want `tx-not-closed: .*neither committed nor rolled back`
	if err != nil {
		return err
	}
	if _, err := tx.NewDelete().Model((*model.Booking)(nil)).Where("id = ?", id).Exec(ctx); err != nil {
		return err
	}
	if expired {
		return nil
	}
	return tx.Commit()
}

// CancelSafely ends the transaction on every path.
func (s *Store) CancelSafely(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.NewDelete().Model((*model.Booking)(nil)).Where("id = ?", id).Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}
