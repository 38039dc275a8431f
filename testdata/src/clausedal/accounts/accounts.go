// Package accounts is a service on the dal interfaces: it never sees GORM
// nor the implementation, which package wire chooses.
package accounts

import (
	"gorm.io/gorm"

	"clausedal/dal"
	"clausedal/wire"
	"gormshop/models"
)

var store dal.Store

// Init opens the store on the pool.
func Init(db *gorm.DB) { store = wire.Open(db) }

// FreezeByStatus updates accounts by a column no index starts with, in a
// transaction: every row of accounts is locked until it commits.
func FreezeByStatus(status string) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Set(&models.Account{}, "note", "frozen", dal.Filter("status = ?", status)); err != nil { // want `unindexed-lock: UPDATE on accounts can use no index \(no index of accounts starts with status\)`
		return err
	}
	return tx.Commit()
}

// PurgeWorker deletes a worker's jobs; the worker column has no index.
func PurgeWorker(worker string) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Remove(&models.Job{}, dal.Filter("worker = ?", worker)); err != nil { // want `unindexed-lock: DELETE on jobs can use no index`
		return err
	}
	return tx.Commit()
}

// Open writes the account in the transaction and its first order through
// the pool: the order commits on its own connection.
func Open(id int64, region string) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Set(&models.Account{}, "status", "open", dal.Filter("id = ?", id)); err != nil {
		return err
	}
	if err := store.Insert(&models.Order{CustomerID: id, Region: region}); err != nil { // want `outer-handle-in-tx: INSERT runs through store`
		return err
	}
	return tx.Commit()
}

// Close leaves the transaction open when the update fails.
func Close(id int64) error {
	tx := store.Begin() // want `tx-not-closed: the transaction begun here is neither committed nor rolled back`
	if err := tx.Set(&models.Account{}, "status", "closed", dal.Filter("id = ?", id)); err != nil {
		return err
	}
	return tx.Commit()
}

// Near misses: silent.

// RemoveAccount deletes by primary key.
func RemoveAccount(id int64) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Remove(&models.Account{}, dal.Filter("id = ?", id)); err != nil {
		return err
	}
	return tx.Commit()
}

// ShipRegion names the table by a clause and uses the whole composite
// index (region, status).
func ShipRegion(region string) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Set(&models.Account{}, "status", "shipped", dal.Table("orders"), dal.Filter("region = ? AND status = ?", region, "paid"), dal.Sort("id")); err != nil {
		return err
	}
	return tx.Commit()
}

// LockByStatus reads with a locking clause the store applies in a way
// not modelled: the statement is unknown, not judged.
func LockByStatus(status string) error {
	tx := store.Begin()
	defer tx.Rollback()
	var a models.Account
	if err := tx.Get(&a, dal.Filter("status = ?", status), dal.Locked(true)); err != nil {
		return err
	}
	return tx.Commit()
}

// Touch updates through a loaded value, whose primary key GORM adds to
// the WHERE: not written here, not judged.
func Touch(a *models.Account, status string) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Set(a, "note", "seen", dal.Filter("status = ?", status)); err != nil {
		return err
	}
	return tx.Commit()
}

// PurgeWith passes clauses it was given: unknown here.
func PurgeWith(cs ...dal.Clause) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Remove(&models.Job{}, cs...); err != nil {
		return err
	}
	return tx.Commit()
}

// PurgeBy filters on a column chosen at run time.
func PurgeBy(column, value string) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Remove(&models.Job{}, dal.Filter(column+" = ?", value)); err != nil {
		return err
	}
	return tx.Commit()
}

// Audit writes through the pool after the transaction committed.
func Audit(id int64) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Set(&models.Account{}, "status", "audited", dal.Filter("id = ?", id)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return store.Insert(&models.Order{CustomerID: id})
}

// Archive deletes outside any transaction, in autocommit mode, by an
// indexed column.
func Archive(owner int64) error {
	return store.Remove(&models.Account{}, dal.Filter("owner_id = ?", owner))
}

// retry runs fn until it succeeds, a few times.
func retry(fn func() error) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = fn(); err == nil {
			return nil
		}
	}
	return err
}

// Retried begins the transaction inside a retried closure, into a
// variable of its own: the closure hands it over, Retried ends it.
func Retried(id int64) error {
	var tx dal.Tx
	if err := retry(func() error {
		tx = store.Begin()
		return nil
	}); err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.Remove(&models.Account{}, dal.Filter("id = ?", id)); err != nil {
		return err
	}
	return tx.Commit()
}

// session is a transaction, or the pool posing as one.
type session interface {
	dal.Store
	Rollback() error
}

// noTx is the pool with a Rollback that does nothing.
type noTx struct{ dal.Store }

func (noTx) Rollback() error { return nil }

// count reads through whatever it is given.
func count(s dal.Store, status string) error {
	var a models.Account
	return s.Get(&a, dal.Filter("status = ?", status))
}

// Count reads in a transaction only when asked to: the helper runs on
// the variable's value, the transaction or the pool, never on the pool
// while the transaction is open.
func Count(lock bool, id int64) error {
	var s session
	if lock {
		s = store.Begin()
	} else {
		s = noTx{store}
	}
	defer s.Rollback()
	if err := s.Set(&models.Account{}, "status", "counted", dal.Filter("id = ?", id)); err != nil {
		return err
	}
	return count(s, "open")
}

// Settle locks the account with a clause the store applies in a way not
// modelled, then the job, then writes the account: which table it locks
// first is unknown, so no order is taken from it against Reap.
func Settle(id int64) error {
	tx := store.Begin()
	defer tx.Rollback()
	var a models.Account
	if err := tx.Get(&a, dal.Filter("id = ?", id), dal.Locked(true)); err != nil {
		return err
	}
	if err := tx.Remove(&models.Job{}, dal.Filter("id = ?", id)); err != nil {
		return err
	}
	if err := tx.Set(&models.Account{}, "status", "settled", dal.Filter("id = ?", id)); err != nil {
		return err
	}
	return tx.Commit()
}

// Reap writes the account, then the job.
func Reap(id int64) error {
	tx := store.Begin()
	defer tx.Rollback()
	if err := tx.Set(&models.Account{}, "status", "reaped", dal.Filter("id = ?", id)); err != nil {
		return err
	}
	if err := tx.Remove(&models.Job{}, dal.Filter("id = ?", id)); err != nil {
		return err
	}
	return tx.Commit()
}
