package rules

import (
	"fmt"

	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
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
// is not reported when the function handles the duplicate-key error, or
// when the INSERT cannot fail with one (IGNORE, ON DUPLICATE KEY UPDATE,
// REPLACE).
// INSERT ... ON DUPLICATE KEY UPDATE, or an INSERT whose duplicate-key
// error is handled, needs no prior lock and did not deadlock (7c, 14a).
//
// A lookup by a full primary or unique key is reported only when the code
// checks for a missing row (sql.ErrNoRows, gorm.ErrRecordNotFound, a
// COUNT(...) compared with zero, a COALESCE or IFNULL that gives the
// missing row a value in SQL, or, for an UPDATE, its RowsAffected: an
// UPDATE that finds no row gap-locks like a locking read, ground truth
// TestCheckThenInsert_UpdateFindingNoRowThenInsert): an existing row is
// locked by record only. Ranges and non-unique keys always lock gaps.
//
// A DELETE by a full primary or unique key followed by an INSERT of the
// same key (the same Go values bound to the key columns) is a replace done
// by hand, and is reported whatever the code checks: with the key absent,
// both DELETEs take the gap lock and both INSERTs wait on each other, a
// deadlock at REPEATABLE READ; at READ COMMITTED the loser waits and then
// fails with 1062. With the row present, MariaDB makes the second
// transaction wait at its DELETE, no deadlock (ground truth:
// TestCheckThenInsert_DeleteThenInsertAbsentKey,
// TestCheckThenInsert_DeleteThenInsertPresentKeyWaitsOnMariaDB).
// INSERT ... ON DUPLICATE KEY UPDATE replaces the row in one statement.
//
// The check may be a subquery of another statement with a lock clause of
// its own (WHERE pos > (SELECT COALESCE((SELECT v ... FOR UPDATE), 0))):
// it takes the same gap lock, and an upsert of the key after it deadlocks
// the same way (ground truth: TestCheckThenInsert_LockingSubqueryThenUpsert).
//
// The check and the INSERT may both be done by one helper the
// transaction calls (look the key up, create the row when the lookup
// found none): the helper's fact says in which order its statements may
// run and whether it tested its read for a missing row. Only this rule
// pairs statements inside one helper call: it needs the table and the
// missing-row test, which the fact carries, not which rows the helper's
// keys name, which stay the helper's own values.
//
// Only a lookup that goes through an index is a check here. A locking read
// or DELETE whose WHERE can use no index locks every row it scans and the
// gaps between them, the whole table (ground truth 1, 11b): the second
// caller blocks on the first row the first caller locked and waits for its
// commit, so the two queue instead of both holding a gap lock. That is
// unindexed-lock's finding, not a deadlock. So where the table's keys are
// unknown because its sources disagree (two ORM models declaring one join
// table with its key columns in opposite order), whether the check shares
// a gap lock is unknown, and nothing is reported.
var CheckThenInsert = &Rule{
	ID:      "check-then-insert",
	Summary: "locking read, DELETE or UPDATE of a key that may be absent, then INSERT into the same table: deadlocks at REPEATABLE READ",
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
			if sc == nil || chk == ins || !isCheck(sc) || !sameTable(chk, ins) || !tx.MayPrecede(chk, ins) && !chk.Site.ViaPrecedes(ins.Site) {
				continue
			}
			if c.pairInHelper(chk, ins) {
				continue // the helper reports it, at this transaction's level
			}
			replace := false
			t := singleTable(c, sc)
			if t == nil && c.Schema.Disputed(sc.Tables[0].Name) {
				// Its sources disagree on its keys, so whether the
				// check can use an index (and shares a gap lock) or
				// scans the table (and makes callers queue) is
				// unknown.
				continue
			}
			if t != nil {
				switch a := accessFor(t, sc.Where); {
				case a.kind == accessScan:
					// A check that can use no index locks every row and
					// gap of the table (unindexed-lock's finding), so a
					// second caller waits at its first row instead of
					// sharing a gap lock: the callers queue, no deadlock.
					continue
				case a.kind == accessPoint:
					replace = sc.Kind == sqltext.KindDelete && insertsDeletedKey(chk, ins)
					var missing bool
					switch sc.Kind {
					case sqltext.KindUpdate:
						// "Update, and insert when no row changed": the
						// RowsAffected test of this UPDATE, followed by an
						// INSERT of the key it looked up, is the
						// missing-row check.
						missing = chk.Site.Via == nil && insertsDeletedKey(chk, ins) && c.values(f).ChecksRowsAffected(chk.Site)
					case sqltext.KindSelect:
						missing = f.Extract.ChecksNotFound || chk.Site.NotFoundChecked() || sc.CountOnly && c.values(f).TestsZero(chk.Site) || sc.DefaultsMissing
					}
					if !replace && !missing {
						continue // an existing row is locked by record only
					}
				}
			}
			var msg string
			if replace && gapLocking(level) {
				present := ""
				if c.Server.Engine == target.MariaDB {
					present = " With the row present, MariaDB makes the second transaction wait at its DELETE instead."
				}
				msg = fmt.Sprintf("INSERT into %s of the key the DELETE before it removed, in one transaction (a replace done by hand): when the key is absent, at %s both transactions' DELETEs take the gap lock where it would be, gap locks do not conflict with each other, and then each INSERT waits for the other's gap lock: InnoDB rolls one back with a deadlock (error 1213).%s Fix: replace the row in one statement with INSERT ... ON DUPLICATE KEY UPDATE",
					tableName(si), level.SQL(), present)
			} else if gapLocking(level) {
				fix := "drop the locking check and INSERT directly, handling the duplicate-key error (1062), or use INSERT ... ON DUPLICATE KEY UPDATE"
				if si.OnDuplicateKey {
					// The insert is already an upsert: the lookup before
					// it is what deadlocks (ground truth 14a and
					// TestCheckThenInsert_LockingSubqueryThenUpsert).
					fix = "drop the locking lookup: INSERT ... ON DUPLICATE KEY UPDATE alone creates or updates the row, and a second one waits for the first instead of deadlocking"
				}
				if sc.Kind == sqltext.KindDelete {
					// Delete-then-insert (replace a set of rows) is not
					// a check to drop: the DELETE is wanted, only its gap
					// lock is not.
					fix = "find the rows with a plain SELECT and DELETE them by primary key (a record lock, no gap lock), or run this transaction at READ COMMITTED"
				}
				msg = fmt.Sprintf("INSERT into %s after %s of the same table in one transaction: when the key is absent, at %s the lookup takes a gap lock that concurrent transactions share, then each INSERT waits for the other's gap lock and InnoDB rolls one back with a deadlock (error 1213). Fix: %s",
					tableOf(ins), verb(sc), level.SQL(), fix)
			} else {
				if f.Extract.HandlesDuplicateKey || cannotFailDuplicate(si) {
					continue
				}
				msg = fmt.Sprintf("INSERT into %s after %s of the same table in one transaction: at %s there is no gap lock and no deadlock, but when two transactions check the same absent key, the second INSERT waits for the first transaction and then fails with a duplicate-key error (1062) that this code does not handle. Fix: INSERT directly and handle error 1062, or use INSERT ... ON DUPLICATE KEY UPDATE",
					tableOf(ins), verb(sc), level.SQL())
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

// cannotFailDuplicate reports whether an INSERT never fails with a
// duplicate-key error: INSERT IGNORE skips the row, ON DUPLICATE KEY
// UPDATE updates it and REPLACE replaces it. At READ COMMITTED the second
// of two such inserts of one key waits for the first and then goes on
// without an error (ground truth 14a, 14c and
// TestCheckThenInsert_DeleteThenInsertIgnore), so the pair has nothing
// left to report there; at REPEATABLE READ the check's gap lock still
// makes both insert-intention locks wait on each other, a deadlock.
func cannotFailDuplicate(s *sqltext.Summary) bool {
	return s.Ignore || s.OnDuplicateKey || s.Replace
}

// isCheck reports whether a statement is a locking lookup by key: a
// locking read, a DELETE or an UPDATE with a WHERE clause.
func isCheck(s *sqltext.Summary) bool {
	if s.Where == nil || len(s.Tables) != 1 {
		return false
	}
	return s.Kind == sqltext.KindSelect && s.Lock != sqltext.LockNone || s.Kind == sqltext.KindDelete || s.Kind == sqltext.KindUpdate
}

// insertsDeletedKey reports whether ins inserts the key del deleted: every
// equality of del's WHERE is on a column ins lists, bound to the same Go
// value (or the same constant).
func insertsDeletedKey(del, ins *txflow.Stmt) bool {
	ad := acquisitionOf(nil, del)
	si := ins.SQL()
	if ad == nil || len(ad.keys) == 0 || len(si.InsertValues) != len(si.InsertColumns) {
		return false
	}
	for _, kc := range ad.keys {
		if len(kc.values) != 1 {
			return false
		}
		found := false
		for i, col := range si.InsertColumns {
			if col != kc.column {
				continue
			}
			iv := insertedValue(ins.Site, si.InsertValues[i])
			found = found || sameValue(iv, kc.values[0])
		}
		if !found {
			return false
		}
	}
	return true
}
