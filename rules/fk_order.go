package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// Lock order through a foreign key. An INSERT into a child table checks
// each foreign key of the row before it adds the row to that key's index:
// it share-locks the parent row the key references (ground truth 14h) and
// keeps that lock until commit. So the insert locks the parent row first,
// then waits for any lock on the gap where its row goes in the foreign
// key's index. A transaction that, at REPEATABLE READ, locks a parent's
// children by the foreign key's columns (DELETE, UPDATE or locking read
// WHERE fk = ?) holds that whole range of the index, with the gap after
// it, and then writes or locks the parent row exclusively takes the two
// in the opposite order: run at once for one parent, the insert waits
// for the gap lock and the other transaction for the insert's shared
// lock, and InnoDB rolls one back with 1213
// (groundtruth.TestLockOrder_ChildInsertAgainstChildrenThenParentDelete).
//
// The two ends are marked on the edges, so that nothing else pairs with
// them: the insert's edge (parent, shared, then child) carries the
// foreign key in ToInsert, and only an edge whose first lock is such a
// range of that key (FromRange) holds what the insert waits for. No cycle
// is made when:
//   - the range is not taken at REPEATABLE READ or SERIALIZABLE: at READ
//     COMMITTED the children's DELETE locks only the rows it finds, the
//     insert goes on, and the parent's writer waits for it to commit
//     (TestLockOrder_ChildInsertAgainstChildrenThenParentDeleteRC);
//   - the children are locked by anything but exactly the foreign key's
//     columns (by the child's primary key, or with a LIMIT): the rows and
//     gaps locked then need not hold the new row's place
//     (TestLockOrder_ChildInsertNoCycle/ChildByPrimaryKey);
//   - the transaction locks the parent row before the children: the
//     insert then waits for the parent, holding nothing the other wants
//     (TestLockOrder_ChildInsertNoCycle/ParentFirst);
//   - the inserting transaction already holds the parent row (it created
//     it, or locked it), or may have: its shared lock is no new lock.
//
// An UPDATE that moves a child to another parent checks the key too, but
// whether it share-locks the parent before it waits depends on the
// child's indexes (TestLockOrder_ChildInsertNoCycle/UpdateMovesChild): it
// makes no edge.

// fkLabel names foreign key fk of table child, for messages and for
// matching the two ends of a cycle.
func fkLabel(child string, fk schema.ForeignKey) string {
	l := fmt.Sprintf("%s(%s) -> %s(%s)", child, strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", "))
	if fk.Name != "" {
		l = fk.Name + " " + l
	}
	return l
}

// childRange lists, joined by "|", the foreign keys of a's table whose
// columns are exactly what a's WHERE pins by equality or IN, nothing else,
// when a runs at REPEATABLE READ or SERIALIZABLE and is a DELETE, an
// UPDATE or a locking read without LIMIT: it then locks every child of
// the parents it names in the index of the key's columns, with the gap
// after them, where any new child of those parents goes. "" for none.
func childRange(c *Context, a *acquisition) string {
	if c == nil || c.Schema == nil || a.own || a.stmt == nil {
		return ""
	}
	s := a.stmt.SQL()
	if s == nil || s.Kind == sqltext.KindInsert || s.Limit || s.Where == nil || !gapLocking(isolation(c, a.stmt)) {
		return ""
	}
	t := c.Schema.Table(a.table)
	if t == nil || len(t.ForeignKeys) == 0 {
		return ""
	}
	cols := map[string]bool{}
	for _, cd := range s.Where.Conjuncts() {
		p := cd.Pred
		if cd.Op != sqltext.CondPred || p == nil || (p.Op != sqltext.OpEq && p.Op != sqltext.OpIn) || len(p.Values) == 0 ||
			p.Table != "" && schema.Key(p.Table) != a.table {
			return ""
		}
		for _, v := range p.Values {
			if v.Kind == sqltext.ValueColumn || v.Kind == sqltext.ValueConst && strings.EqualFold(v.Text, "null") {
				return ""
			}
		}
		cols[p.Column] = true
	}
	var out []string
	for _, fk := range t.ForeignKeys {
		if fk.RefTable == a.table || len(fk.Columns) != len(cols) {
			continue
		}
		all := true
		for _, col := range fk.Columns {
			all = all && cols[col]
		}
		if all {
			out = append(out, fkLabel(a.table, fk))
		}
	}
	return strings.Join(out, "|")
}

// insertWaits reports whether a request marked waiterInsert (an insert's
// foreign key, "" for any other lock) waits for a lock held with
// holderRange (childRange).
func insertWaits(holderRange, waiterInsert string) bool {
	return waiterInsert == "" || holderRange != "" && slices.Contains(strings.Split(holderRange, "|"), waiterInsert)
}

// fkInsertEdges makes the edges "shared lock on the parent row, then the
// insert into the child" of tx's single-table INSERTs (and INSERT IGNOREs)
// whose column list gives every column of a foreign key of the table,
// none of them NULL, and whose parent row the transaction does not hold
// already (see parentHeld).
func fkInsertEdges(c *Context, fn string, tx *txflow.Tx, accs, own []*acquisition, lf lockFacts) []localEdge {
	if c == nil || c.Schema == nil {
		return nil
	}
	var out []localEdge
	for _, st := range tx.Stmts {
		s := st.SQL()
		if s == nil || s.Kind != sqltext.KindInsert || s.InsertSelect || s.Replace || s.OnDuplicateKey ||
			len(s.Tables) != 1 || s.Tables[0].Name == "" {
			continue
		}
		child := schema.Key(s.Tables[0].Name)
		t := c.Schema.Table(child)
		if t == nil {
			continue
		}
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == child {
				continue // a tree in one table: the lock order is lock-order's ordinary business
			}
			p, ok := parentLock(st, fk)
			if !ok || parentHeld(p, tx, accs, own, lf) {
				continue
			}
			at := ""
			if c.Fset != nil {
				pos := c.Fset.Position(st.Pos())
				at = fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
			}
			out = append(out, localEdge{
				LockEdge: LockEdge{From: fk.RefTable, To: child, FromShared: true, At: at, Func: fn, ToInsert: fkLabel(child, fk)},
				first:    st.Pos(), second: st.Pos(),
			})
		}
	}
	return out
}

// parentLock is the shared lock the INSERT st takes on the parent row of
// fk: keyed by the values it inserts into the key's columns when it
// inserts one row (no keys when it inserts several). It reports false
// when a column of the key is not in the column list, or is NULL.
func parentLock(st *txflow.Stmt, fk schema.ForeignKey) (*acquisition, bool) {
	s := st.SQL()
	p := &acquisition{stmt: st, table: fk.RefTable, mode: lockShared}
	one := len(s.InsertValues) == len(s.InsertColumns) && len(s.InsertValues) > 0
	for i, col := range fk.Columns {
		j := slices.Index(s.InsertColumns, col)
		if j < 0 {
			return nil, false
		}
		if !one {
			continue
		}
		v := s.InsertValues[j]
		kv := keyValue{param: -1}
		switch v.Kind {
		case sqltext.ValueParam:
			kv = boundValue(st.Site, v.Param)
		case sqltext.ValueConst:
			if strings.EqualFold(v.Text, "null") {
				return nil, false
			}
			kv = keyValue{param: -1, konst: v.Text, isConst: true}
		}
		p.keys = append(p.keys, keyCond{column: fk.RefColumns[i], values: []keyValue{kv}})
	}
	return p, true
}

// parentHeld reports whether the transaction may already hold the parent
// row p names when the INSERT runs: an earlier lock of the parent table
// covers p's key, or an earlier INSERT into it gave the same key values
// (or the key is generated and read back: insertedRows). When the key's
// values are not known (a multi-row insert, a value bound through a
// helper) it reports true, no edge, unless no statement of the
// transaction before the INSERT touches the parent table: then no parent
// row is held, whichever it is.
func parentHeld(p *acquisition, tx *txflow.Tx, accs, own []*acquisition, lf lockFacts) bool {
	// A key value locklint cannot name (bound through a helper it does
	// not follow) may be any row's.
	known := len(p.keys) > 0
	for _, kc := range p.keys {
		for _, v := range kc.values {
			known = known && (v.isConst || v.ref.Valid())
		}
	}
	if !known {
		return touchesBefore(tx, p.table, p.stmt, lf)
	}
	for _, q := range append(slices.Clone(own), accs...) {
		if q.table != p.table || !q.first() || !lf.precede(q.stmt, p.stmt) {
			continue
		}
		if !known || covers(q, p, lf.rowsOf(q.stmt), lf.same(q, p)) || coversByRow(q, p, lf.fromRow) {
			return true
		}
	}
	// A parent row the transaction inserted before: it may be the row the
	// child references (its key is compared only where both values are
	// constants that differ, since an inserted key bound through helpers
	// is not always followed to the same value), and a row the transaction
	// created it holds exclusively.
	for _, st := range tx.Stmts {
		s := st.SQL()
		// Not after the child's insert: statements of one helper call
		// share its position, in an order the position does not give.
		if s == nil || s.Kind != sqltext.KindInsert || len(s.Tables) != 1 || schema.Key(s.Tables[0].Name) != p.table || lf.precede(p.stmt, st) {
			continue
		}
		if !otherConstKey(p, s) {
			return true
		}
	}
	return false
}

// touchesBefore reports whether a statement of tx on table (a lock, a
// write, or an insert) may run before st, or at its position: the
// statements of one helper call share it.
func touchesBefore(tx *txflow.Tx, table string, st *txflow.Stmt, lf lockFacts) bool {
	for _, q := range tx.Stmts {
		s := q.SQL()
		if q == st || s == nil || lf.precede(st, q) && !lf.precede(q, st) {
			continue
		}
		for _, t := range s.Tables {
			if schema.Key(t.Name) == table || t.Name == "" {
				return true
			}
		}
	}
	return false
}

// fkCycleMessage is the message of a cycle through a foreign key: e
// closes it, back is (one of) the other paths, names names them all; one
// of e and back is the insert.
func fkCycleMessage(e, back LockEdge, names []string) string {
	verb, both := "", "both"
	who := names[0]
	if len(names) > 1 {
		both = "this one and one of them"
		who = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	if e.ToInsert != "" {
		child, parent := e.To, e.From
		verb = "locks"
		if len(names) > 1 {
			verb = "lock"
		}
		return fmt.Sprintf("this INSERT into %[1]s share-locks the %[2]s row it references before it adds its row (the check of foreign key %[3]s), while %[4]s %[5]s the %[1]s rows of a %[2]s row by that key and then lock%[6]s the %[2]s row exclusively: at REPEATABLE READ their lock on the %[1]s rows includes the gap after them, where this row goes, so when %[7]s run at once for one %[2]s row the INSERT waits for that gap lock, the other waits for the INSERT's shared lock, and InnoDB rolls one back with a deadlock (error 1213). At READ COMMITTED no gap lock is taken and the other only waits for this transaction to commit. Fix: in the transaction that locks or deletes a %[2]s row's %[1]s rows, lock the %[2]s row first (SELECT ... FROM %[2]s WHERE ... FOR UPDATE)",
			child, parent, e.ToInsert, who, verb, map[bool]string{true: "s", false: ""}[len(names) == 1], both)
	}
	child, parent := e.From, e.To
	fk := back.ToInsert
	verb = "inserts"
	if len(names) > 1 {
		verb = "insert"
	}
	return fmt.Sprintf("this transaction locks the %[2]s row after locking the %[1]s rows of a %[2]s row by foreign key %[3]s, which at REPEATABLE READ also locks the gap after them, while %[4]s %[5]s into %[1]s: an INSERT share-locks the %[2]s row it references before it adds its row (the check of that foreign key), so when %[6]s run at once for one %[2]s row the INSERT waits for this transaction's gap lock and this transaction waits for the INSERT's shared lock, and InnoDB rolls one back with a deadlock (error 1213). At READ COMMITTED no gap lock is taken and this transaction only waits for the inserter to commit. Fix: lock the %[2]s row first (SELECT ... FROM %[2]s WHERE ... FOR UPDATE), before its %[1]s rows",
		child, parent, fk, who, verb, both)
}

// fkCycleFinding reports the local edge e closing cycles through a
// foreign key with the paths backs (named by names).
func fkCycleFinding(e *localEdge, backs []witness, names []string) Finding {
	fd := Finding{Pos: e.second, Message: fkCycleMessage(e.LockEdge, backs[0].edge, names)}
	if e.ToInsert == "" {
		fd.Related = append(fd.Related, Related{Pos: e.first, Message: "the " + e.From + " rows are locked here first, by the foreign key's columns"})
	}
	for _, b := range backs {
		if b.local == nil {
			continue
		}
		if b.local.ToInsert != "" {
			fd.Related = append(fd.Related, Related{Pos: b.local.second, Message: fmt.Sprintf("%s inserts into %s here, share-locking the %s row first", b.local.Func, b.local.To, b.local.From)})
			continue
		}
		fd.Related = append(fd.Related,
			Related{Pos: b.local.first, Message: fmt.Sprintf("%s locks the %s rows of a %s row here", b.local.Func, b.local.From, b.local.To)},
			Related{Pos: b.local.second, Message: fmt.Sprintf("%s locks the %s row after them here", b.local.Func, b.local.To)})
	}
	return fd
}

// otherConstKey reports whether the INSERT s writes, for some column of
// p's key, a literal that differs from the literal p's key compares it
// with: the row it inserted is then another parent row.
func otherConstKey(p *acquisition, s *sqltext.Summary) bool {
	for _, kc := range p.keys {
		i := slices.Index(s.InsertColumns, kc.column)
		if i < 0 || i >= len(s.InsertValues) || len(kc.values) != 1 {
			continue
		}
		v := s.InsertValues[i]
		// A Go constant's value and a literal's text do not compare.
		if v.Kind == sqltext.ValueConst && kc.values[0].isConst && kc.values[0].goConst == nil && v.Text != kc.values[0].konst {
			return true
		}
	}
	return false
}
