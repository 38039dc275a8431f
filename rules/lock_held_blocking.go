package rules

import (
	"fmt"
	"go/token"
	"slices"

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
//
// The same holds for a session's table and named locks (LOCK TABLES,
// FLUSH TABLES WITH READ LOCK, GET_LOCK) still held at the slow call: every
// session that needs those tables, the server (for the global read lock)
// or that lock name waits as long (TestTableLock_LockTablesWriteBlocksReads,
// TestTableLock_GetLockExcludesUntilReleaseOrDisconnect).
var LockHeldBlocking = &Rule{
	ID:      "lock-held-blocking",
	Summary: "sleep, network call, channel wait or subprocess while row, table or named locks are held",
	Func:    lockHeldBlocking,
}

func lockHeldBlocking(c *Context, f *txflow.Func) []Finding {
	var out []Finding
	reported := map[*txflow.Stmt]bool{} // one finding per session lock
	// One finding per transaction: its first wait with locks held, the
	// later ones as related positions (a merge that runs git six times
	// with the same rows locked is one problem).
	byTx := map[*txflow.Tx]int{}
	for _, b := range f.Extract.Blocking {
		if lock, fd, ok := sessionLockHeld(f, b.Node.Pos(), b.What); ok {
			if !reported[lock] {
				reported[lock] = true
				out = append(out, fd)
			}
			continue
		}
		for _, tx := range f.Txs {
			if slices.Contains(b.Ends, tx.Ref) {
				continue // the callee ends it before it waits
			}
			lock := firstLockBefore(tx, b.Node.Pos())
			if lock == nil {
				continue
			}
			if i, ok := byTx[tx]; ok {
				out[i].Related = append(out[i].Related, Related{Pos: b.Node.Pos(), Message: fmt.Sprintf("the transaction also waits here, on %s, with the locks still held", b.What)})
				break
			}
			byTx[tx] = len(out)
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

// sessionLockHeld reports a slow call at pos while a LOCK TABLES, global
// read lock or GET_LOCK that this function took is still held: on a path
// from the lock to pos, no release runs on the same handle. It returns the
// lock's statement: one finding per lock is enough. A GET_LOCK(name, 0)
// is a try-lock: the other instances of the code fail fast instead of
// waiting, so holding it is not reported.
func sessionLockHeld(f *txflow.Func, pos token.Pos, what string) (*txflow.Stmt, Finding, bool) {
	for _, st := range f.Stmts {
		l := sessionLockOf(st.SQL(), runTimeTable(tableHoles(st)))
		if l == nil || !st.Site.Handle.Ref.Valid() || st.Pos() >= pos {
			continue
		}
		if l.named && st.SQL().GetLockNoWait {
			// A try-lock: the code's other instances fail at once on
			// the taken name instead of waiting for it.
			continue
		}
		held := f.HeldAt(st, pos, func(o *txflow.Stmt) bool {
			return o.Site.Handle.Ref == st.Site.Handle.Ref && l.releases(o.SQL())
		})
		if !held {
			continue
		}
		return st, Finding{
			Pos: pos,
			Message: fmt.Sprintf("%s runs while %s%s is held: it blocks %s until %s, so they all wait as long as this takes. Fix: do the slow work before taking the lock or after %s",
				what, l.what, via(st), l.blocks, l.release, l.release),
			Related: []Related{{Pos: st.Pos(), Message: l.what + " is taken here"}},
		}, true
	}
	return nil, Finding{}, false
}
