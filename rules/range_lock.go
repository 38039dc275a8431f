package rules

import (
	"fmt"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// RangeLock finds locking reads that find their rows through a range, or
// through equality on a non-unique index, at REPEATABLE READ.
//
// Such a read takes next-key locks: each index entry it scans plus the gap
// below it, and the first entry past the end of the range (ground truth:
// experiments 4 and 5). Inserts anywhere in those gaps, including inserts
// of neighbouring values, block until the transaction ends, and so does an
// update of the first row past the range. At READ COMMITTED the gaps are
// not locked and inserts proceed, so the rule is silent there, as it is on
// TiDB, which takes no gap locks.
//
// Equality on every column of the primary key, including an IN list of
// such keys, locks only the records it finds (experiments 2a, 5e), and is
// not reported. Equality on a full unique secondary key is not reported
// either, deliberately: on MariaDB it does take a next-key lock on the
// entry, so inserts just below the value wait (3a), but that gap is
// narrow and the rule's fix (lock by a unique key) could not avoid it; a
// finding there would be noise. A lookup of a key that does not exist
// gap-locks whatever the index (2b, 3b); that is check-then-insert's
// concern, where it deadlocks.
//
// At SERIALIZABLE a plain SELECT in a transaction is a shared locking
// read (14j) and is judged the same way; in autocommit it locks nothing.
var RangeLock = &Rule{
	ID:      "range-lock",
	Summary: "locking read through a range or a non-unique index takes gap locks that block inserts at REPEATABLE READ",
	Stmt:    rangeLock,
}

func rangeLock(c *Context, st *txflow.Stmt) []Finding {
	s := st.SQL()
	if s == nil || s.Kind != sqltext.KindSelect || s.Where == nil {
		return nil
	}
	if st.Site.Handle.Kind == extract.HandlePool || !c.Server.GapLocks() {
		return nil
	}
	level := isolation(c, st)
	if !gapLocking(level) {
		return nil
	}
	held := until(st)
	if s.Lock == sqltext.LockNone {
		// A plain read locks only in a transaction at SERIALIZABLE,
		// where InnoDB reads it as LOCK IN SHARE MODE (ground truth
		// 14j, TestRangeLock_PlainRangeReadLocksAtSerializable); in
		// autocommit it stays a consistent read.
		if level != sqltext.Serializable || st.Tx == nil {
			return nil
		}
		held = "until the transaction commits or rolls back"
	}
	t := singleTable(c, s)
	if t == nil {
		return nil
	}
	a := accessFor(t, s.Where)
	if a.kind != accessRange {
		return nil
	}
	v := verb(s)
	if s.Lock == sqltext.LockNone {
		v = "SELECT (a shared locking read in a SERIALIZABLE transaction)"
	}
	var what string
	switch a.pred.Op {
	case sqltext.OpEq, sqltext.OpIn:
		what = fmt.Sprintf("%s on %s finds its rows by equality on the non-unique index %s: at %s InnoDB locks each matching entry with the gap below it and the gap up to the next entry, so inserts into %s of that %s value and of its neighbouring values block %s",
			v, t.Name, indexText(a), level.SQL(), t.Name, a.pred.Column, held)
	default:
		what = fmt.Sprintf("%s on %s scans a range of index %s: at %s InnoDB locks every gap in the range and the first entry past its end, so inserts anywhere in the range, and writes to the next row after it, block %s",
			v, t.Name, indexText(a), level.SQL(), held)
	}
	return []Finding{{
		Pos: st.Pos(),
		Message: what + ". Fix: lock rows by their primary key or a full unique key, or run this transaction at READ COMMITTED " +
			"(sql.TxOptions{Isolation: sql.LevelReadCommitted}) if phantom protection is not needed",
		Related: beginRelated(st),
	}}
}
