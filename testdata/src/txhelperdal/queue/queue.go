// Package queue takes jobs from a queue table under table locks, through
// the txutil helper.
package queue

import (
	"time"

	"gorm.io/gorm"

	"txhelperdal/dal"
	"txhelperdal/txutil"
	"txhelperdal/wire"
)

var res dal.Resources

// Init opens the resources on the pool.
func Init(db *gorm.DB) { res = wire.Open(db) }

// Take locks the queue in the helper's transaction: the helper's Begin
// begins it through the interface, and its deferred End unlocks the
// tables and commits, so the lock is released on every path; but it
// stops every other session's access to jobs, and commits what the
// transaction did before it.
func Take(worker string) (err error) {
	h := txutil.New(res, &err)
	defer h.End()
	tx := h.Begin()
	if err = tx.LockTables([]dal.Lock{{Table: "jobs"}}); err != nil { // want `table-lock: LOCK TABLES \.\.\. \(tables and lock types named at run time by variable list\) \(run by Store\.Exec at gormdal\.go:23\) blocks other sessions' access to the locked tables from here until its UNLOCK TABLES, commits any open transaction`
		return err
	}
	return tx.Exec("UPDATE jobs SET worker = ? WHERE id = 1", worker)
}

// Requeue waits for the lock at most a second. The helper takes it in a
// goroutine of its own, which is not followed: silent.
func Requeue() (err error) {
	h := txutil.New(res, &err)
	defer h.End()
	h.Begin()
	return h.LockWithin(time.Second, []dal.Lock{{Table: "jobs", Write: true}})
}

// Plain runs a statement through the pool, outside any transaction: no
// table lock and nothing to close.
func Plain(worker string) error {
	return res.Dal().Exec("UPDATE jobs SET worker = ? WHERE id = 1", worker)
}

// TakeDirect locks the queue in a transaction of its own and returns
// without unlocking: the pooled connection keeps the lock.
func TakeDirect() error {
	tx := res.Dal().Begin()
	defer tx.Rollback()
	if err := tx.LockTables([]dal.Lock{{Table: "jobs"}}); err != nil { // want `table-lock: LOCK TABLES \.\.\. \(tables and lock types named at run time by variable list\) \(run by Store\.Exec at gormdal\.go:23\) is held by this connection`
		return err
	}
	return tx.Commit()
}
