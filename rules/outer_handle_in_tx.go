package rules

import (
	"fmt"
	"strings"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// OuterHandleInTx finds statements sent through the connection pool while
// a transaction of the same function is open: between Begin and
// Commit/Rollback, or anywhere inside a transaction callback
// (db.Transaction(func(tx) error), WithTx-style helpers).
//
// The pool hands the statement another connection, so it is not part of
// the transaction. It autocommits on its own, and its row locks end with
// the statement (ground truth: experiment 14e). A plain read sees only
// committed rows, not the transaction's own uncommitted writes (2a, 9a).
// And a write or locking read of a row the transaction has locked waits
// for that transaction (2a, 14f), which cannot commit while the Go code
// waits for this call: InnoDB sees no cycle, so nothing breaks it until
// innodb_lock_wait_timeout fails the statement with error 1205. With a
// pool of one connection the call waits for a connection until its
// context gives up. Both are reproduced by the ground-truth tests
// TestOuterHandleInTx_PoolMissesTxWriteAndBlocksOnTxLock and
// TestOuterHandleInTx_SingleConnectionPoolSelfDeadlocks. A deliberate
// second connection (audit logging that must survive a rollback) is rare
// and says so with `//locklint:ignore outer-handle-in-tx <reason>`.
//
// Besides pool handles, the rule reports a statement through the handle
// the open transaction was begun from, whatever locklint knows of its
// kind (see openTx). When the transaction variable is in scope at the
// statement and its type has the called method with the same signature,
// a suggested fix replaces the handle with it (txflow's
// ReplaceHandleFix). A locking read reported here is not also reported by
// lock-outside-tx.
//
// What the transaction holds when the statement runs decides what is
// said. A plain read (a SELECT that locks nothing) waits for no row lock
// and reads what the transaction would read, except from a table the
// transaction has written on some path before it: it is reported only
// then, saying it misses that uncommitted write, never that it commits
// or waits. Statements of the
// transaction whose text locklint cannot read, and a transaction handed
// to code it cannot see, touch no known table for this. A write or
// locking read is reported when the transaction writes or locks at all:
// before the transaction's first write or lock, the finding says only
// that the statement is not part of it. A statement in a deferred
// function after that function ended the transaction is outside it. On
// a pool limited to one connection the statement waits for the
// connection the transaction holds, whatever it holds; and a SET,
// GET_LOCK or LOCK TABLES on the pool changes another session than the
// transaction's, whatever the transaction holds.
var OuterHandleInTx = &Rule{
	ID:      "outer-handle-in-tx",
	Summary: "statement through the pool while a transaction is open runs on another connection, outside the transaction",
	Func:    outerHandleInTx,
}

func outerHandleInTx(c *Context, f *txflow.Func) []Finding {
	var out []Finding
	for _, st := range f.Stmts {
		tx := openTx(st)
		if tx == nil {
			continue
		}
		var msg string
		var held *txflow.Stmt // tx's statement the pool statement meets, for the related note
		var note string
		s := st.SQL()
		switch {
		case st.Site.Handle.Pinned:
			// One connection, held by the transaction: the call waits
			// for it whatever the statement and whatever the
			// transaction holds.
			msg = pinnedMessage(st, tx)
		case sessionState(s):
			// A SET or a named lock meant for the transaction's session
			// lands on another one whatever the transaction holds.
			msg = outerHandleMessage(st, tx)
		case plainRead(s):
			// A consistent read waits for no row lock and reads what
			// the transaction would read, except from the tables the
			// transaction has already written.
			w, ok := writtenBefore(tx, st)
			if !ok {
				continue
			}
			msg = plainReadMessage(st, tx, w)
			held = w.stmt
			note = fmt.Sprintf("%s's %s of %s, not yet committed when this statement runs", txName(tx), stmtName(w.stmt.SQL()), w.table)
		default:
			ever, before := txLocks(tx, st)
			if !ever {
				continue // a transaction that never writes nor locks: nothing to wait on, nothing to keep atomic
			}
			if !before {
				msg = notAtomicMessage(st, tx)
				break
			}
			msg = outerHandleMessage(st, tx)
			if held = heldBefore(tx, st); held != nil {
				note = fmt.Sprintf("%s's %s of %s, which %s holds when this statement runs", txName(tx), stmtName(held.SQL()), tableOf(held), txName(tx))
			}
		}
		fd := Finding{
			Pos:     st.Pos(),
			Message: msg,
		}
		if p := tx.BeginPos(); p.IsValid() {
			fd.Related = []Related{{Pos: p, Message: fmt.Sprintf("%s begins here", txName(tx))}}
		}
		if held != nil {
			fd.Related = append(fd.Related, Related{Pos: held.Pos(), Message: note})
		}
		if fix := st.ReplaceHandleFix(tx); fix != nil {
			fd.Fixes = append(fd.Fixes, *fix)
		}
		out = append(out, fd)
	}
	return out
}

// openTx picks the transaction the statement should have run in, nil
// when it runs where it should. A statement through the very handle a
// transaction open at it was begun from (db.Begin(), db.Transaction(...))
// is outside that transaction whatever the handle's declared kind: a
// repository's *gorm.DB field is "unknown" on its own, but a transaction
// can only begin on a pool or connection. Otherwise a statement on a pool
// handle belongs in the innermost (latest begun) open transaction.
func openTx(st *txflow.Stmt) *txflow.Tx {
	h := st.Site.Handle
	if h.Kind != extract.HandlePool && h.Kind != extract.HandleUnknown {
		return nil
	}
	var best *txflow.Tx
	for _, tx := range st.Open {
		if tx == st.Tx || st.PassesTxVar(tx) {
			continue
		}
		if beganFrom(tx, h) {
			return tx
		}
		if h.Kind != extract.HandlePool {
			continue
		}
		if best == nil || tx.BeginPos() > best.BeginPos() && tx.BeginPos() < st.Pos() {
			best = tx
		}
	}
	return best
}

// beganFrom reports whether tx was begun from handle h, which is then not
// itself a transaction (a GORM Transaction on a transaction is a savepoint
// on the same connection).
func beganFrom(tx *txflow.Tx, h extract.Handle) bool {
	return tx.Begin != nil && h.Ref.Valid() && tx.Begin.From.Ref == h.Ref && tx.Begin.From.Kind != extract.HandleTx
}

// txName names the transaction's variable, as code would write it.
func txName(tx *txflow.Tx) string {
	if tx.Ref.Valid() && tx.Ref.Root.Name() != "_" {
		return tx.Ref.Root.Name() + tx.Ref.Path
	}
	return "the transaction"
}

// handlePhrase names the handle a statement runs through, as messages
// say it: the pool, or the handle the transaction was begun from.
func handlePhrase(st *txflow.Stmt, tx *txflow.Tx) string {
	h := st.Site.Handle
	if !h.Ref.Valid() {
		return "the pool handle " + h.Type
	}
	if h.Kind != extract.HandlePool {
		return fmt.Sprintf("%s%s (%s), the handle %s was begun from,", h.Ref.Root.Name(), h.Ref.Path, h.Type, txName(tx))
	}
	return fmt.Sprintf("the pool handle %s%s (%s)", h.Ref.Root.Name(), h.Ref.Path, h.Type)
}

// whatRuns names the statement for messages, and the helper that runs
// it on a package variable: the call shows no handle.
func whatRuns(st *txflow.Stmt) string {
	if st.Site.OnCalleesGlobal() {
		return stmtName(st.SQL()) + via(st)
	}
	return stmtName(st.SQL())
}

// runInFix says how to run the statement in the transaction name: through
// it, or, for a helper that uses a package variable, by handing it over.
func runInFix(st *txflow.Stmt, name string) string {
	if st.Site.OnCalleesGlobal() && st.Site.ViaFunc != "" {
		return fmt.Sprintf("let %s take the handle as a parameter and pass it %s", st.Site.ViaFunc, name)
	}
	return "run it through " + name
}

// stmtName names the statement for messages.
func stmtName(s *sqltext.Summary) string {
	switch {
	case s == nil:
		return "statement"
	case sessionState(s):
		return sessionVerb(s)
	}
	return verb(s)
}

// outerHandleMessage is the finding for a statement on the pool once the
// transaction may hold row locks: what happens depends on the statement.
func outerHandleMessage(st *txflow.Stmt, tx *txflow.Tx) string {
	s := st.SQL()
	name := txName(tx)
	var effect string
	switch {
	case sessionState(s):
		effect = fmt.Sprintf("it changes the session of that connection (its variables, table or named locks), not the session of %s", name)
	case s != nil && s.Kind == sqltext.KindSelect:
		// A locking read: plain reads are plainReadMessage's.
		effect = fmt.Sprintf("its locks end with the statement, not with %s, and if it needs a row %s has locked it waits for %s, which cannot commit while this call waits: InnoDB sees no deadlock, so it fails only after innodb_lock_wait_timeout with error 1205", name, name, name)
	case s != nil && holdsRowLocks(s):
		effect = fmt.Sprintf("it autocommits on its own (its changes stay even if %s rolls back, its locks end with the statement), and if it needs a row %s has locked it waits for %s, which cannot commit while this call waits: InnoDB sees no deadlock, so it fails only after innodb_lock_wait_timeout with error 1205", name, name, name)
	case s == nil:
		effect = fmt.Sprintf("it is not part of %s: if it writes, that commits on its own even if %s rolls back; if it reads, it does not see %s's uncommitted writes", name, name, name)
	default:
		effect = fmt.Sprintf("it autocommits on its own and sees none of %s's uncommitted writes", name)
	}
	return fmt.Sprintf("%s runs through %s while %s is open: the pool gives it another connection, outside the transaction, so %s. Fix: %s",
		whatRuns(st), handlePhrase(st, tx), name, effect, runInFix(st, name))
}

// plainReadMessage is the finding for a consistent read on the pool of a
// table the transaction has written before it. It waits for no lock and
// changes nothing: what is wrong is only what it reads.
func plainReadMessage(st *txflow.Stmt, tx *txflow.Tx, t written) string {
	name := txName(tx)
	return fmt.Sprintf("%s runs through %s while %s is open: the pool gives it another connection, outside the transaction, so it reads committed rows only and does not see what %s has written to %s but not yet committed. Fix: %s",
		whatRuns(st), handlePhrase(st, tx), name, name, t.table, runInFix(st, name))
}

// pinnedMessage is the finding for any statement on a pool limited to
// one connection while the transaction holds it.
func pinnedMessage(st *txflow.Stmt, tx *txflow.Tx) string {
	name := txName(tx)
	return fmt.Sprintf("%s runs through %s while %s is open: the pool is limited to one open connection, which %s holds, so this call waits for a connection that only the end of %s frees, until its context gives up. Fix: %s",
		whatRuns(st), handlePhrase(st, tx), name, name, name, runInFix(st, name))
}

// written is a table of a plain read that the transaction wrote before
// it, and the statement that did.
type written struct {
	stmt  *txflow.Stmt
	table string
}

// writtenBefore finds the statement of tx that, on some path before st,
// wrote a table st reads: only there does a consistent read on another
// connection differ from the transaction's own. A table the transaction
// only locked reads the same on both: the lock keeps others from changing
// the rows, and the transaction has not. Statements of tx whose text or
// table locklint cannot read, and a transaction handed to code it cannot
// see, write no known table: a plain read is reported on what locklint
// knows the transaction wrote, not on a guess.
func writtenBefore(tx *txflow.Tx, st *txflow.Stmt) (written, bool) {
	reads := tablesOf(st)
	for _, t := range tx.Stmts {
		s := t.SQL()
		if s == nil || t == st || !writes(s) || !reads[tableOf(t)] || !tx.MayPrecede(t, st) {
			continue
		}
		return written{stmt: t, table: tableOf(t)}, true
	}
	return written{}, false
}

// writes reports whether s changes rows: INSERT, REPLACE, upserts,
// UPDATE, DELETE.
func writes(s *sqltext.Summary) bool {
	return s.Kind == sqltext.KindInsert || s.Kind == sqltext.KindUpdate || s.Kind == sqltext.KindDelete
}

// plainRead reports whether s is a consistent read: a SELECT that locks
// nothing, not even in a subquery. It waits for no row lock of another
// session and reads the last committed rows.
func plainRead(s *sqltext.Summary) bool {
	return s != nil && s.Kind == sqltext.KindSelect && s.Lock == sqltext.LockNone && len(s.LockingSubqueries) == 0 && !sessionState(s)
}

// tablesOf is the set of tables a statement names, each as tableOf says
// it: a table named at run time counts when it is the first one and
// sameTable could match it.
func tablesOf(st *txflow.Stmt) map[string]bool {
	out := map[string]bool{}
	s := st.SQL()
	if s == nil {
		return out
	}
	for i, tr := range s.Tables {
		switch {
		case tr.Name != "":
			out[tr.Name] = true
		case i == 0:
			if t := tableOf(st); t != unknownTable && !strings.HasPrefix(t, unknownTable+" (") {
				out[t] = true
			}
		}
	}
	return out
}

// txLocks tells whether tx writes or locks rows at all, and whether it
// may have done so by the time st runs. A statement whose SQL is unknown,
// and a transaction handed to code locklint cannot see, may do either.
func txLocks(tx *txflow.Tx, st *txflow.Stmt) (ever, before bool) {
	if tx.MayHoldLocksElsewhere() {
		return true, true
	}
	for _, t := range tx.Stmts {
		if !mayTakeRowLocks(t.SQL()) {
			continue
		}
		ever = true
		if tx.MayPrecede(t, st) {
			before = true
		}
	}
	return ever, before
}

// heldBefore is the statement of tx that takes the row locks or makes
// the uncommitted write st meets: the first one that may run before st,
// on st's table if one is; nil when none is known. Pointing at it says
// what the pool statement would wait for or not see.
func heldBefore(tx *txflow.Tx, st *txflow.Stmt) *txflow.Stmt {
	var first *txflow.Stmt
	for _, t := range tx.Stmts {
		s := t.SQL()
		if s == nil || t == st || !mayTakeRowLocks(s) || !tx.MayPrecede(t, st) {
			continue
		}
		if sameTable(t, st) {
			return t
		}
		if first == nil {
			first = t
		}
	}
	return first
}

// mayTakeRowLocks reports whether a statement can take row locks (or
// table locks) that another session would wait on.
func mayTakeRowLocks(s *sqltext.Summary) bool {
	if s == nil {
		return true
	}
	switch s.Kind {
	case sqltext.KindSelect:
		return s.Lock != sqltext.LockNone
	case sqltext.KindSet, sqltext.KindBegin, sqltext.KindCommit, sqltext.KindRollback:
		return false
	}
	return true
}

// notAtomicMessage is the finding for a pool statement that runs before
// the open transaction has taken any lock: it cannot wait on the
// transaction, but it is not part of it either.
func notAtomicMessage(st *txflow.Stmt, tx *txflow.Tx) string {
	s := st.SQL()
	name := txName(tx)
	effect := fmt.Sprintf("it is not part of %s and commits on its own even if %s rolls back", name, name)
	switch {
	case s == nil:
		effect = fmt.Sprintf("it is not part of %s: if it writes, that commits on its own even if %s rolls back", name, name)
	case s.Kind == sqltext.KindSelect:
		effect = fmt.Sprintf("it is not part of %s: its locks end with the statement, not with %s", name, name)
	}
	return fmt.Sprintf("%s runs through %s while %s is open: the pool gives it another connection, so %s (%s has taken no row lock yet here, so it cannot wait on it). Fix: %s, or move it after %s commits if it must be separate",
		whatRuns(st), handlePhrase(st, tx), name, effect, name, runInFix(st, name), name)
}

// sessionState reports whether s changes the state of the session that
// runs it (SET, GET_LOCK, LOCK TABLES): on the pool that is some other
// connection than the transaction's.
func sessionState(s *sqltext.Summary) bool {
	return s != nil && (s.Kind == sqltext.KindSet || s.Kind == sqltext.KindLockTables || s.Kind == sqltext.KindUnlockTables || s.GetLock || s.ReleaseLock)
}

// sessionVerb names a session-state statement for messages.
func sessionVerb(s *sqltext.Summary) string {
	switch {
	case s.Kind == sqltext.KindSet:
		return "SET"
	case s.Kind == sqltext.KindLockTables:
		return "LOCK TABLES"
	case s.Kind == sqltext.KindUnlockTables:
		return "UNLOCK TABLES"
	case s.ReleaseLock:
		return "RELEASE_LOCK"
	}
	return "GET_LOCK"
}
