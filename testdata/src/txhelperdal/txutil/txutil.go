// Package txutil runs a piece of work in a transaction that may lock
// tables. It sees only the dal interfaces: what Begin and LockTables do
// is known where the implementation is.
package txutil

import (
	"errors"
	"time"

	"txhelperdal/dal"
)

// Helper begins a transaction and ends it by the error its owner reports.
type Helper struct {
	res  dal.Resources
	perr *error
	tx   dal.Tx
}

// New returns a helper that ends by *perr.
func New(res dal.Resources, perr *error) *Helper {
	return &Helper{res: res, perr: perr}
}

// Begin begins the transaction.
func (h *Helper) Begin() dal.Tx {
	if h.tx != nil {
		panic("begun twice")
	}
	h.tx = h.res.Dal().Begin()
	return h.tx
}

// LockWithin locks the tables, giving up after d.
func (h *Helper) LockWithin(d time.Duration, locks []dal.Lock) error {
	c := make(chan error, 1)
	go func() { c <- h.tx.LockTables(locks) }()
	select {
	case err := <-c:
		return err
	case <-time.After(d):
		return errors.New("lock tables timed out")
	}
}

// End unlocks the tables and commits, or rolls back when an error was
// reported.
func (h *Helper) End() {
	_ = h.tx.UnlockTables()
	if *h.perr == nil {
		_ = h.tx.Commit()
	} else {
		_ = h.tx.Rollback()
	}
	h.tx = nil
}
