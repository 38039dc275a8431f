// Package inlist locks a whole slice of keys with one IN-list statement
// (GORM expands `IN ?` to one placeholder per element), then works on the
// rows one element at a time.
package inlist

import (
	"gormshop/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Seat is table seats, PRIMARY (id); Booking is table bookings, KEY
// idx_seat (seat_id).
type Seat struct {
	ID      int64
	EventID int64
	Label   string
	Status  string
}

type Booking struct {
	ID        int64
	Reference string
	SeatID    int64
	State     string
}

type Service struct{ db *gorm.DB }

var forUpdate = clause.Locking{Strength: "UPDATE"}
var forShare = clause.Locking{Strength: "SHARE"}

// CloseAll locks every account of ids in one statement, then closes them
// one by one: each UPDATE's row is one the first statement holds.
func (s *Service) CloseAll(ids []int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Clauses(forUpdate).Where("id IN ?", ids).Find(&accs).Error; err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "closed").Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// ZeroAll does the same by index into the locked slice.
func (s *Service) ZeroAll(ids []int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&models.Account{}).Where("id IN ?", ids).Update("version", gorm.Expr("version + 1")).Error; err != nil {
			return err
		}
		for i := range ids {
			if err := tx.Model(&models.Account{}).Where("id = ?", ids[i]).Update("balance", 0).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// CloseOthers locks one slice and then closes the accounts of another:
// those rows were never locked, and the loop takes them in the caller's
// order.
func (s *Service) CloseOthers(ids, others []int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Clauses(forUpdate).Where("id IN ?", ids).Find(&accs).Error; err != nil {
			return err
		}
		for _, id := range others {
			if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "closed").Error; err != nil { // want `nested-lock: this transaction already locked a row of accounts`
				return err
			}
		}
		return nil
	})
}

// CloseWithExtra adds a key to the slice after locking it: the added
// account's row is locked by the loop, not by the IN list.
func (s *Service) CloseWithExtra(ids []int64, extra int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Clauses(forUpdate).Where("id IN ?", ids).Find(&accs).Error; err != nil {
			return err
		}
		ids = append(ids, extra)
		for _, id := range ids {
			if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "closed").Error; err != nil { // want `nested-lock: this transaction already locked a row of accounts`
				return err
			}
		}
		return nil
	})
}

// CloseShared reads the accounts under shared locks, then updates each:
// every UPDATE turns a shared lock into an exclusive one, and two such
// transactions over one account each wait for the other's shared lock.
func (s *Service) CloseShared(ids []int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Clauses(forShare).Where("id IN ?", ids).Find(&accs).Error; err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "closed").Error; err != nil { // want `nested-lock: this transaction already locked a row of accounts`
				return err
			}
		}
		return nil
	})
}

// ReleaseSeats locks all its seats with one UPDATE, reads them back by the
// same ids and clears each seat's bookings: every transaction that
// touches a seat's bookings here holds that seat's row first, so two of
// them over shared seats queue on the seats, not on the bookings.
func (s *Service) ReleaseSeats(ids []int64) error {
	tx := s.db.Begin()
	if err := tx.Model(&Seat{}).Where("id IN ?", ids).Update("status", "free").Error; err != nil {
		tx.Rollback()
		return err
	}
	var seats []Seat
	if err := tx.Where("id IN ?", ids).Find(&seats).Error; err != nil {
		tx.Rollback()
		return err
	}
	for _, seat := range seats {
		if err := seat.clearBookings(tx); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit().Error
}

func (seat *Seat) clearBookings(tx *gorm.DB) error {
	return tx.Where("seat_id = ?", seat.ID).Delete(&Booking{}).Error
}

// ReleaseOtherSeats locks one set of seats and clears the bookings of
// seats read by another: no seat row guards those bookings.
func (s *Service) ReleaseOtherSeats(ids, others []int64) error {
	tx := s.db.Begin()
	if err := tx.Model(&Seat{}).Where("id IN ?", ids).Update("status", "free").Error; err != nil {
		tx.Rollback()
		return err
	}
	var seats []Seat
	if err := tx.Where("id IN ?", others).Find(&seats).Error; err != nil {
		tx.Rollback()
		return err
	}
	for _, seat := range seats {
		if err := seat.clearBookings(tx); err != nil { // want `nested-lock: DELETE locks rows of bookings one at a time inside a loop`
			tx.Rollback()
			return err
		}
	}
	return tx.Commit().Error
}

// CloseRewritten overwrites an element of the slice after locking it: that
// key's row was never locked.
func (s *Service) CloseRewritten(ids []int64, extra int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Clauses(forUpdate).Where("id IN ?", ids).Find(&accs).Error; err != nil {
			return err
		}
		ids[0] = extra
		for _, id := range ids {
			if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "closed").Error; err != nil { // want `nested-lock: this transaction already locked a row of accounts`
				return err
			}
		}
		return nil
	})
}

// CloseShifted changes the range variable before using it.
func (s *Service) CloseShifted(ids []int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Clauses(forUpdate).Where("id IN ?", ids).Find(&accs).Error; err != nil {
			return err
		}
		for _, id := range ids {
			id++
			if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "closed").Error; err != nil { // want `nested-lock: this transaction already locked a row of accounts`
				return err
			}
		}
		return nil
	})
}

// CloseTwice locks the accounts and, in the same loop, extends the slice
// after the first turn: later turns may reach keys added after the lock.
func (s *Service) CloseTwice(ids []int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Clauses(forUpdate).Where("id IN ?", ids).Find(&accs).Error; err != nil {
			return err
		}
		for i := 0; i < len(ids); i++ {
			if err := tx.Model(&models.Account{}).Where("id = ?", ids[i]).Update("status", "closed").Error; err != nil { // want `nested-lock: this transaction already locked a row of accounts`
				return err
			}
			if ids[i] > 100 {
				ids = append(ids, ids[i]-100)
			}
		}
		return nil
	})
}

// pool is the package's connection pool.
var pool *gorm.DB

// seatsByIDs reads seats on the package's pool by a list of ids.
func seatsByIDs(ids []int64) ([]*Seat, error) {
	var seats []*Seat
	err := pool.Where("id IN ?", ids).Find(&seats).Error
	return seats, err
}

// ReleaseSeatsRead locks its seats, reads them back through a helper by
// the same ids and clears each seat's bookings: the helper's rows are
// seats of that list, each locked by the UPDATE.
func (s *Service) ReleaseSeatsRead(ids []int64) error {
	tx := s.db.Begin()
	if err := tx.Model(&Seat{}).Where("id IN ?", ids).Update("status", "free").Error; err != nil {
		tx.Rollback()
		return err
	}
	seats, err := seatsByIDs(ids)
	if err != nil {
		tx.Rollback()
		return err
	}
	for _, seat := range seats {
		if err := seat.clearBookings(tx); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit().Error
}

// ReleaseSeatsReadOthers reads back other seats than it locked.
func (s *Service) ReleaseSeatsReadOthers(ids, others []int64) error {
	tx := s.db.Begin()
	if err := tx.Model(&Seat{}).Where("id IN ?", ids).Update("status", "free").Error; err != nil {
		tx.Rollback()
		return err
	}
	seats, err := seatsByIDs(others)
	if err != nil {
		tx.Rollback()
		return err
	}
	for _, seat := range seats {
		if err := seat.clearBookings(tx); err != nil { // want `nested-lock: DELETE locks rows of bookings one at a time inside a loop`
			tx.Rollback()
			return err
		}
	}
	return tx.Commit().Error
}

// dropNegative rewrites the entries of ids in place.
func dropNegative(ids []int64) {
	for i := range ids {
		if ids[i] < 0 {
			ids[i] = -ids[i]
		}
	}
}

// CloseCleaned hands the locked slice to a function that may rewrite its
// entries before the loop: the loop's keys may be rows the IN list never
// locked.
func (s *Service) CloseCleaned(ids []int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var accs []models.Account
		if err := tx.Clauses(forUpdate).Where("id IN ?", ids).Find(&accs).Error; err != nil {
			return err
		}
		dropNegative(ids)
		for _, id := range ids {
			if err := tx.Model(&models.Account{}).Where("id = ?", id).Update("status", "closed").Error; err != nil { // want `nested-lock: this transaction already locked a row of accounts`
				return err
			}
		}
		return nil
	})
}
