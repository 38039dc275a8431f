package rules

import (
	"fmt"

	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// StaleSnapshotRead finds writes computed from a plain read when the same
// transaction also locks the table: the code believes the lock protects
// the value, and it does not.
//
// A locking read (and UPDATE, DELETE) reads the latest committed row; a
// plain read inside a REPEATABLE READ transaction reads the transaction's
// snapshot, taken at its first plain read (ground truth: experiments 9a,
// 9b). So one transaction can read 0, lock the row and see 5, then read 0
// again. Two forms are reported, both at the write, with the plain read
// and the lock as related positions:
//
//   - plain read, then locking read, and the write uses the plain read's
//     value: whatever was committed between the two is overwritten. This
//     holds at READ COMMITTED too, where the plain read is simply older
//     than the lock. An UPDATE or DELETE of the row the write writes is
//     such a lock as well: it locks and acts on the latest committed row
//     (9a, 9d), whatever the plain read saw.
//   - locking read, then plain read, and the write uses the plain read's
//     value, in a REPEATABLE READ transaction whose snapshot an earlier
//     plain read may already have taken (rule 8). At READ COMMITTED the
//     plain read after the lock sees the current row (9a: 0 / 5 / 5), and
//     a transaction whose first plain read comes after the lock takes its
//     snapshot then (9b), with the row already locked: neither is stale.
//
// A write guarded by an optimistic version check whose affected-row count
// is checked catches the staleness and is not reported. SERIALIZABLE is
// skipped: its plain reads take shared locks (14j).
//
// Ground-truth tests: TestStaleSnapshotRead_PlainReadDisagreesWithLockingRead
// (0 / 5 / 0 at RR, 5 / 5 / 5 at RC) and
// TestStaleSnapshotRead_LockBeforeFirstReadIsCurrent (the second form's
// condition: no earlier plain read, no stale value).
var StaleSnapshotRead = &Rule{
	ID:      "stale-snapshot-read",
	Summary: "write computed from a plain read in a transaction that also locks the table: the plain read is the snapshot, not the locked row",
	Func:    staleSnapshotRead,
}

func staleSnapshotRead(c *Context, f *txflow.Func) []Finding {
	var out []Finding
	reported := map[*txflow.Stmt]bool{}
	for _, feed := range readFeeds(c, f) {
		r, w := feed.read, feed.write
		tx := w.Tx
		if reported[w] || feed.optimistic || tx == nil || r.Tx != tx {
			continue
		}
		level := isolation(c, w)
		if level == sqltext.Serializable {
			continue
		}
		if fd, ok := lockedAfterRead(tx, r, w, level); ok {
			reported[w] = true
			out = append(out, fd)
		} else if fd, ok := readAfterLock(tx, r, w, level); ok {
			reported[w] = true
			out = append(out, fd)
		}
	}
	return out
}

// lockedAfterRead is the first form: read, lock, write.
func lockedAfterRead(tx *txflow.Tx, r, w *txflow.Stmt, level sqltext.Isolation) (Finding, bool) {
	for _, t := range r.SQL().Tables {
		for _, l := range append(lockingReads(tx, t.Name), writeLocks(w, t.Name)...) {
			if !tx.MayPrecede(r, l) || !tx.MayPrecede(l, w) {
				continue
			}
			snapshot := "the transaction's snapshot"
			if level == sqltext.ReadCommitted || level == sqltext.ReadUncommitted {
				snapshot = "the moment it ran"
			}
			if l.SQL().Kind != sqltext.KindSelect {
				return Finding{
					Pos: w.Pos(),
					Message: fmt.Sprintf("%s of %s writes a value from a plain SELECT of %s that ran before the %s of the same row: the plain read returned the row as of %s, the %s locked and changed the latest committed row, and anything committed in between is overwritten by this write (at %s). The lock holds until commit but protects a value this code did not use. Fix: read the row with SELECT ... FOR UPDATE before the %s and use those values, or compute the new value in SQL (SET col = col + ?)",
						verb(w.SQL()), writeTable(w.SQL()), t.Name, verb(l.SQL()), snapshot, verb(l.SQL()), level.SQL(), verb(l.SQL())),
					Related: []Related{
						{Pos: r.Pos(), Message: "the plain read, which takes no lock"},
						{Pos: l.Pos(), Message: fmt.Sprintf("the %s, which locks the latest committed row", verb(l.SQL()))},
					},
				}, true
			}
			return Finding{
				Pos: w.Pos(),
				Message: fmt.Sprintf("%s of %s writes a value from a plain SELECT of %s that ran before the %s of %s: the plain read returned the row as of %s, the locking read locked the latest committed row, and anything committed in between is overwritten by this write (at %s). The lock holds until commit but protects a value this code did not use. Fix: use the values the locking read returns (select the columns you need with FOR UPDATE), or take the lock before reading",
					verb(w.SQL()), writeTable(w.SQL()), t.Name, verb(l.SQL()), t.Name, snapshot, level.SQL()),
				Related: []Related{
					{Pos: r.Pos(), Message: "the plain read, which takes no lock"},
					{Pos: l.Pos(), Message: "the locking read, which sees a newer row"},
				},
			}, true
		}
	}
	return Finding{}, false
}

// readAfterLock is the second form: snapshot taken, lock, plain read,
// write; REPEATABLE READ only.
func readAfterLock(tx *txflow.Tx, r, w *txflow.Stmt, level sqltext.Isolation) (Finding, bool) {
	if level != sqltext.RepeatableRead || tx.Begin == nil {
		return Finding{}, false // a transaction from the caller may or may not have its snapshot
	}
	for _, t := range r.SQL().Tables {
		for _, l := range lockingReads(tx, t.Name) {
			if !tx.MayPrecede(l, r) {
				continue
			}
			snap := snapshotBefore(tx, l)
			if snap == nil {
				continue
			}
			return Finding{
				Pos: w.Pos(),
				Message: fmt.Sprintf("%s of %s writes a value from a plain SELECT of %s that runs after the %s of %s, in a REPEATABLE READ transaction whose snapshot an earlier plain read may already have taken: InnoDB answers plain reads from that snapshot, not from the row just locked, so the value can be older than the locked row (it can read 0 after the lock saw 5), and this write overwrites the newer value. Fix: read the values with the locking read itself (SELECT the columns ... FOR UPDATE), or run the transaction at READ COMMITTED, where a plain read sees the latest committed row",
					verb(w.SQL()), writeTable(w.SQL()), t.Name, verb(l.SQL()), t.Name),
				Related: []Related{
					{Pos: r.Pos(), Message: "the plain read, answered from the snapshot"},
					{Pos: l.Pos(), Message: "the locking read, which sees the latest row"},
					{Pos: snap.Pos(), Message: "a plain read that can take the transaction's snapshot before the lock"},
				},
			}, true
		}
	}
	return Finding{}, false
}

// snapshotBefore returns a plain read of the transaction (any table) that
// may run before l: InnoDB takes a REPEATABLE READ transaction's snapshot
// at its first plain read, so after it the snapshot predates l.
func snapshotBefore(tx *txflow.Tx, l *txflow.Stmt) *txflow.Stmt {
	for _, p := range tx.Stmts {
		ps := p.SQL()
		if ps != nil && ps.Kind == sqltext.KindSelect && ps.Lock == sqltext.LockNone && tx.MayPrecede(p, l) {
			return p
		}
	}
	return nil
}

// writeLocks returns the UPDATEs and DELETEs of w's transaction on table
// that lock the rows w writes (the same key values, see the lock set), so
// that w's row is locked from them on.
func writeLocks(w *txflow.Stmt, table string) []*txflow.Stmt {
	if w.Tx == nil {
		return nil
	}
	aw := acquisitionOf(nil, w)
	if aw == nil || aw.table != table {
		return nil
	}
	var out []*txflow.Stmt
	for _, l := range w.Tx.Stmts {
		ls := l.SQL()
		if l == w || ls == nil || ls.Kind != sqltext.KindUpdate && ls.Kind != sqltext.KindDelete {
			continue
		}
		if al := acquisitionOf(nil, l); al != nil && al.table == table && covers(al, aw, nil, nil) {
			out = append(out, l)
		}
	}
	return out
}
