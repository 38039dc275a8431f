package rules

import (
	"fmt"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// LockOutsideTx finds locking reads sent through a connection pool, where
// each statement autocommits.
//
// In autocommit mode the statement is its own transaction: InnoDB releases
// the row locks of `SELECT ... FOR UPDATE` or `LOCK IN SHARE MODE` as soon
// as the statement ends, before the Go code sees the rows (ground truth:
// experiment 14e). Whatever the code does next is unprotected. The fix is
// to begin a transaction and run the locking read and the writes it guards
// through it. A locking read on the pool while a transaction of the
// function is open is outer-handle-in-tx's finding instead: that
// transaction is the one to use.
var LockOutsideTx = &Rule{
	ID:      "lock-outside-tx",
	Summary: "FOR UPDATE / LOCK IN SHARE MODE in autocommit mode: the lock ends with the statement and protects nothing",
	Stmt:    lockOutsideTx,
}

func lockOutsideTx(c *Context, st *txflow.Stmt) []Finding {
	s := st.SQL()
	if s == nil || s.Kind != sqltext.KindSelect || s.Lock == sqltext.LockNone {
		return nil
	}
	if st.Site.Handle.Kind != extract.HandlePool {
		return nil
	}
	if len(st.Open) > 0 {
		return nil // outer-handle-in-tx: the fix is to use the open transaction
	}
	return []Finding{{
		Pos: st.Pos(),
		Message: fmt.Sprintf("%s runs on the pool (%s) in autocommit mode: InnoDB releases its row locks when the statement ends, so the lock protects nothing that follows. Fix: begin a transaction and run this locking read and the writes that depend on it through the transaction handle",
			verb(s), st.Site.Handle.Type),
	}}
}
