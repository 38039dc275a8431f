package store

import (
	"context"
	"sort"

	"github.com/uptrace/bun"

	"bunticket/model"
)

// Transfer moves a booking to another seat, but reads the new seat
// through the pool while the transaction is open.
func (s *Store) Transfer(ctx context.Context, bookingID, seatID int64) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		seat := &model.Seat{ID: seatID}
		if err := s.db.NewSelect().Model(seat).WherePK().For("UPDATE").Scan(ctx); err != nil { // want `outer-handle-in-tx: .*s.db \(\*bun.DB\) while tx is open`
			return err
		}
		_, err := tx.NewUpdate().Model((*model.Booking)(nil)).Set("seat_id = ?", seatID).Where("id = ?", bookingID).Exec(ctx)
		return err
	})
}

// TransferInTx is Transfer with both statements in the transaction.
func (s *Store) TransferInTx(ctx context.Context, bookingID, seatID int64) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		seat := &model.Seat{ID: seatID}
		if err := tx.NewSelect().Model(seat).WherePK().For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model((*model.Booking)(nil)).Set("seat_id = ?", seatID).Where("id = ?", bookingID).Exec(ctx)
		return err
	})
}

// HoldAll locks each seat in the order the caller gives.
func (s *Store) HoldAll(ctx context.Context, ids []int64) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, id := range ids {
			seat := &model.Seat{ID: id}
			if err := tx.NewSelect().Model(seat).WherePK().For("UPDATE").Scan(ctx); err != nil { // want `nested-lock: .*inside a loop`
				return err
			}
		}
		return nil
	})
}

// HoldAllSorted locks the seats in key order: every transaction takes
// them in the same order.
func (s *Store) HoldAllSorted(ctx context.Context, ids []int64) error {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, id := range ids {
			seat := &model.Seat{ID: id}
			if err := tx.NewSelect().Model(seat).WherePK().For("UPDATE").Scan(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClaimNew takes new bookings one after another, each time the oldest:
// the way a queue worker polls.
func (s *Store) ClaimNew(ctx context.Context, max int) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i := 0; i < max; i++ {
			var b model.Booking
			if err := tx.NewSelect().Model(&b).Where("state = ?", "new").Order("id").Limit(1).For("UPDATE").Scan(ctx); err != nil { // want `unindexed-lock: .*no index of bookings starts with state` `skip-locked-candidate: this queue poll`
				return err
			}
			if _, err := tx.NewUpdate().Model(&b).Set("state = ?", "claimed").Where("id = ?", b.ID).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClaimNewSkipping is ClaimNew with SKIP LOCKED: workers pass each
// other's rows.
func (s *Store) ClaimNewSkipping(ctx context.Context, max int) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i := 0; i < max; i++ {
			var b model.Booking
			if err := tx.NewSelect().Model(&b).Where("state = ?", "new").Order("id").Limit(1).For("UPDATE SKIP LOCKED").Scan(ctx); err != nil { // want `unindexed-lock: .*no index of bookings starts with state`
				return err
			}
			if _, err := tx.NewUpdate().Model(&b).Set("state = ?", "claimed").WherePK().Exec(ctx); err != nil { // the key of the row it locked
				return err
			}
		}
		return nil
	})
}
