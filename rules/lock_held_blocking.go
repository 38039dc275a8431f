package rules

import (
	"fmt"
	"go/token"

	"github.com/locklint/locklint/txflow"
)

// LockHeldBlocking finds operations that can wait on something outside the
// database (a sleep, an HTTP or gRPC call, a channel, a subprocess, a
// WaitGroup, or a function known to do one of these) while the transaction
// holds row locks.
//
// Row locks last until commit or rollback. Every other transaction that
// needs one of the locked rows waits as long as the slow call takes, and
// gives up with "Lock wait timeout exceeded" (error 1205) after
// innodb_lock_wait_timeout; a timeout does not even end the waiter's
// transaction, which keeps its own locks (ground truth: experiment 14f).
// Writes (UPDATE, DELETE, INSERT) lock rows as locking reads do.
var LockHeldBlocking = &Rule{
	ID:      "lock-held-blocking",
	Summary: "sleep, network call, channel wait or subprocess while the transaction holds row locks",
	Func:    lockHeldBlocking,
}

func lockHeldBlocking(c *Context, f *txflow.Func) []Finding {
	var out []Finding
	for _, b := range f.Extract.Blocking {
		for _, tx := range f.Txs {
			lock := firstLockBefore(tx, b.Node.Pos())
			if lock == nil {
				continue
			}
			s := lock.SQL()
			related := []Related{{Pos: lock.Pos(), Message: fmt.Sprintf("row locks on %s are taken here", tableOf(lock))}}
			related = append(related, beginRelated(lock)...)
			out = append(out, Finding{
				Pos: b.Node.Pos(),
				Message: fmt.Sprintf("%s runs while the transaction holds row locks on %s (%s earlier): every transaction that needs those rows waits until this returns and the transaction commits, or fails with Lock wait timeout exceeded (error 1205). Fix: do the slow work before the first lock or after Commit, or keep the transaction to the statements that need it",
					b.What, tableOf(lock), verb(s)),
				Related: related,
			})
			break
		}
	}
	return out
}

// firstLockBefore is the first statement of tx that takes row locks and
// can run before pos with the transaction still open there.
func firstLockBefore(tx *txflow.Tx, pos token.Pos) *txflow.Stmt {
	for _, st := range tx.Stmts {
		if s := st.SQL(); s != nil && holdsRowLocks(s) && tx.OpenBetween(st, pos) {
			return st
		}
	}
	return nil
}
