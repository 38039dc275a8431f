package rules

import (
	"fmt"

	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// CheckThenInsert finds a transaction that looks a key up with a locking
// read (or a DELETE) and then INSERTs into the same table: "lock the row
// if it exists, otherwise create it".
//
// When the key is absent, the locking lookup at REPEATABLE READ takes a
// gap lock, and gap locks do not conflict with each other: two
// transactions both get it, then each INSERT waits for the other's gap
// lock, and InnoDB rolls one back with a deadlock, error 1213, every time
// (ground truth: experiment 7). At READ COMMITTED there is no gap lock and
// no deadlock, but the loser's INSERT waits for the winner and then fails
// with a duplicate-key error (1062), so the lock bought nothing; that form
// is not reported when the function handles the duplicate-key error.
// INSERT ... ON DUPLICATE KEY UPDATE, or an INSERT whose duplicate-key
// error is handled, needs no prior lock and did not deadlock (7c, 14a).
//
// A lookup by a full primary or unique key is reported only when the code
// checks for a missing row (sql.ErrNoRows, gorm.ErrRecordNotFound): an
// existing row is locked by record only. Ranges and non-unique keys always
// lock gaps.
var CheckThenInsert = &Rule{
	ID:      "check-then-insert",
	Summary: "locking read of a key that may be absent, then INSERT into the same table: deadlocks at REPEATABLE READ",
	Tx:      checkThenInsert,
}

func checkThenInsert(c *Context, tx *txflow.Tx) []Finding {
	if !c.Server.GapLocks() {
		return nil
	}
	level := c.Server.DefaultIsolation()
	if tx.Isolation != sqltext.IsolationUnknown {
		level = tx.Isolation
	}
	f := tx.Func()
	var out []Finding
	for _, ins := range tx.Stmts {
		si := ins.SQL()
		if si == nil || si.Kind != sqltext.KindInsert || si.InsertSelect || len(si.Tables) == 0 {
			continue
		}
		for _, chk := range tx.Stmts {
			sc := chk.SQL()
			if sc == nil || chk == ins || !isCheck(sc) || !sameTable(chk, ins) || !tx.MayPrecede(chk, ins) {
				continue
			}
			if t := singleTable(c, sc); t != nil {
				if a := accessFor(t, sc.Where); a.kind == accessPoint && !f.Extract.ChecksNotFound {
					continue // an existing row is locked by record only
				}
			}
			var msg string
			if gapLocking(level) {
				fix := "drop the locking check and INSERT directly, handling the duplicate-key error (1062), or use INSERT ... ON DUPLICATE KEY UPDATE"
				if sc.Kind == sqltext.KindDelete {
					// Delete-then-insert (replace a set of rows) is not
					// a check to drop: the DELETE is wanted, only its gap
					// lock is not.
					fix = "find the rows with a plain SELECT and DELETE them by primary key (a record lock, no gap lock), or run this transaction at READ COMMITTED"
				}
				msg = fmt.Sprintf("INSERT into %s after %s of the same table in one transaction: when the key is absent, at %s the lookup takes a gap lock that concurrent transactions share, then each INSERT waits for the other's gap lock and InnoDB rolls one back with a deadlock (error 1213). Fix: %s",
					tableOf(ins), verb(sc), isolationName(level), fix)
			} else {
				if f.Extract.HandlesDuplicateKey {
					continue
				}
				msg = fmt.Sprintf("INSERT into %s after %s of the same table in one transaction: at %s there is no gap lock and no deadlock, but when two transactions check the same absent key, the second INSERT waits for the first transaction and then fails with a duplicate-key error (1062) that this code does not handle. Fix: INSERT directly and handle error 1062, or use INSERT ... ON DUPLICATE KEY UPDATE",
					tableOf(ins), verb(sc), isolationName(level))
			}
			out = append(out, Finding{
				Pos:     ins.Pos(),
				Message: msg,
				Related: append([]Related{{Pos: chk.Pos(), Message: "the locking check is here"}}, beginRelated(ins)...),
			})
			break
		}
	}
	return out
}

// isCheck reports whether a statement is a locking lookup by key: a
// locking read or a DELETE with a WHERE clause.
func isCheck(s *sqltext.Summary) bool {
	if s.Where == nil || len(s.Tables) != 1 {
		return false
	}
	return s.Kind == sqltext.KindSelect && s.Lock != sqltext.LockNone || s.Kind == sqltext.KindDelete
}
