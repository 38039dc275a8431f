package rules

import (
	"fmt"
	"go/token"

	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// NestedLock finds a transaction that locks rows of one table with one
// statement, then locks more rows of the same table with another (or the
// same statement again, in a loop), the rows chosen at run time.
//
// Two transactions that do this with the keys the other way round (a
// transfer from A to B while another goes from B to A, or two loops over
// the same keys in different orders) each hold the row the other wants
// next. InnoDB detects the cycle and rolls one back with a deadlock, error
// 1213, at every isolation level (ground truth: experiment 8). Locking in
// one global order turns the deadlock into a wait.
//
// Silent when the second statement re-touches what is held (the same Go
// value, or a key read from the locked row), when the code compares the
// two keys (and so can order them), when the loop runs over a sorted
// slice, and when the keys are constants (every caller uses one order).
var NestedLock = &Rule{
	ID:      "nested-lock",
	Summary: "second locking statement on the same table in one transaction, rows chosen at run time: deadlocks",
	Tx:      nestedLock,
}

func nestedLock(c *Context, tx *txflow.Tx) []Finding {
	var out []Finding
	reported := map[*txflow.Stmt]bool{}
	for _, b := range tx.Stmts {
		sb := b.SQL()
		if sb == nil || !locks(sb) || reported[b] {
			continue
		}
		kb := keyOf(b)
		if !kb.runtime {
			continue
		}
		for _, a := range tx.Stmts {
			sa := a.SQL()
			if sa == nil || !locks(sa) || tableName(sa) != tableName(sb) || len(sa.Tables) != 1 || len(sb.Tables) != 1 {
				continue
			}
			if !exclusive(sa) && !exclusive(sb) {
				continue // shared locks do not conflict with each other
			}
			ka := keyOf(a)
			if !ka.runtime || !tx.MayPrecede(a, b) {
				continue
			}
			var msg string
			var related []Related
			if a == b {
				loop := b.Site.Loop
				if loop == nil || loop.Sorted || !keyVaries(kb, loop.Node.Pos(), loop.Node.End()) {
					continue
				}
				order := "in the order of the loop"
				if loop.OverMap {
					order = "in the loop's order, which for a map is random on every run"
				}
				msg = fmt.Sprintf("%s locks rows of %s one at a time inside a loop, %s: two transactions that lock overlapping rows in different orders each hold a row the other needs next, and InnoDB rolls one back with a deadlock (error 1213) at any isolation level. Fix: sort the keys before the loop, or lock all the rows in one statement: SELECT ... WHERE id IN (...) ORDER BY id FOR UPDATE",
					verb(sb), tableName(sb), order)
			} else {
				if sameKey(ka, kb) || keyFromRow(tx.Func(), a, kb) || ordered(tx.Func(), ka, kb) {
					continue
				}
				msg = fmt.Sprintf("this transaction already locked a row of %s (%s) and now locks another, both chosen at run time: two transactions running this with the keys the other way round (A then B, and B then A) each hold one row and wait for the other, and InnoDB rolls one back with a deadlock (error 1213) at any isolation level. Fix: lock both rows in one statement in key order (SELECT ... WHERE id IN (?, ?) ORDER BY id FOR UPDATE), or always lock the smaller key first",
					tableName(sb), verb(sa))
				related = []Related{{Pos: a.Pos(), Message: fmt.Sprintf("first lock on %s", tableName(sa))}}
			}
			reported[b] = true
			out = append(out, Finding{Pos: b.Pos(), Message: msg, Related: append(related, beginRelated(b)...)})
			break
		}
	}
	return out
}

// exclusive reports whether a statement takes exclusive row locks.
func exclusive(s *sqltext.Summary) bool {
	return s.Lock == sqltext.LockExclusive || s.Kind == sqltext.KindUpdate || s.Kind == sqltext.KindDelete
}

// keyVaries reports whether some key value is a variable declared inside
// the loop (so each iteration locks a different row).
func keyVaries(k key, from, to token.Pos) bool {
	for _, r := range k.refs {
		if r.Valid() && r.Root.Pos() >= from && r.Root.Pos() < to {
			return true
		}
	}
	return false
}
