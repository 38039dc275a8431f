package rules

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
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
// one global order turns the deadlock into a wait. A loop over a Go map
// locks in an order that changes from run to run, so it is reported even
// for keys that are otherwise fixed.
//
// Only first acquisitions count (see the lock set, lockset.go): a
// statement on rows the transaction already holds (the same Go value or a
// copy of it, a value an early exit made equal to it, a key read out of
// the locked rows, the model GORM loaded
// under the lock, a member of an IN list locked at once or an element of
// the slice such a list was bound to, a row the transaction inserted
// itself) takes no new lock. It is reported
// once per transaction and pair, at the second acquisition. Silent when
// the code fixes the order: it compares the two keys (and so can order
// them), takes them from min and max or from a slice it sorted, the loop
// runs over a sorted slice or over the rows of a query with ORDER BY (or
// of a query whose table can only be read in primary-key order), the keys
// are constants, the second key was read out of the first locked row, or
// both rows are selected under one parent row that the transaction locked
// exclusively first (a per-parent mutex row: whoever locks them waits
// there first), also for the rows a loop locks by, or writes with, that
// parent's key, or a loop's rows are each keyed by a row of another table
// locked exclusively by its unique key first (see loopUnderGuard).
//
// Silent in migration code: a migration runs once per schema version,
// from the one runner that applies it, so no second run of the same
// transaction takes the keys the other way round.
var NestedLock = &Rule{
	ID:      "nested-lock",
	Summary: "second locking statement on the same table in one transaction, rows chosen at run time: deadlocks",
	Tx:      nestedLock,
}

func nestedLock(c *Context, tx *txflow.Tx) []Finding {
	f := tx.Func()
	if f.Extract.MigrationCode() {
		return nil
	}
	accs := lockSet(c, tx)
	fixed := func(a, b *acquisition) bool {
		if a == b {
			return fromSorted(f, a) || fromOrderedQuery(c, f, a) || wholeTable(c, a)
		}
		if wholeTable(c, a) {
			return true // a holds every row and gap already: b takes nothing new
		}
		return keyFromRow(f, a.stmt, b.refs()) || pointedTo(c, f, a, b) || ordered(f, a.refs(), b.refs()) ||
			fromSorted(f, a) && fromSorted(f, b)
	}
	out := upsertsInMapOrder(tx)
	done := map[token.Pos]bool{}
	for _, fd := range out {
		done[fd.Pos] = true
	}
	for _, n := range nestedLocks(accs, tx.MayPrecede, fixed) {
		if done[n.second.stmt.Pos()] {
			continue // already reported with the map's order
		}
		out = append(out, Finding{Pos: n.second.stmt.Pos(), Message: n.message(), Related: append(n.related(), beginRelated(n.second.stmt)...)})
	}
	return out
}

// upsertsInMapOrder finds INSERT ... ON DUPLICATE KEY UPDATE and REPLACE
// statements that take their rows in a Go map's iteration order: one per
// entry inside a loop over the map, or one multi-row statement whose
// VALUES are appended from it. Each row an upsert finds or inserts stays
// locked until commit (ground truth 14b), and a multi-row statement takes
// them in VALUES order, holding the earlier ones while it waits
// (TestNestedLock_MultiRowUpsertLocksInValuesOrder).
func upsertsInMapOrder(tx *txflow.Tx) []Finding {
	var out []Finding
	for _, st := range tx.Stmts {
		s := st.SQL()
		if s == nil || s.Kind != sqltext.KindInsert || s.InsertSelect || !s.OnDuplicateKey && !s.Replace {
			continue
		}
		what := "INSERT ... ON DUPLICATE KEY UPDATE"
		if s.Replace {
			what = "REPLACE"
		}
		var refs []extract.Ref
		for i := range st.Site.Args {
			refs = append(refs, st.Site.ArgRef(i))
		}
		var msg string
		if loop := st.Site.Loop; loop != nil && loop.OverMap && keyVaries(refs, loop.Node.Pos(), loop.Node.End()) {
			name := "a Go map"
			if loop.Over != nil {
				name = "map " + loop.Over.Name()
			}
			msg = fmt.Sprintf("%s into %s runs once per entry inside a loop, in the iteration order of %s, which is random on every run: each row it inserts or updates stays locked until commit, so two transactions upserting overlapping keys take them in different orders, each holds a row the other needs next, and InnoDB rolls one back with a deadlock (error 1213) at any isolation level. Fix: sort the keys and loop over the sorted slice",
				what, tableName(s), name)
		} else if m := tx.Func().Extract.FilledFromMap(st.Site); m != nil {
			msg = fmt.Sprintf("%s into %s lists its rows in the iteration order of map %s, which is random on every run: InnoDB locks the rows in the order of the VALUES list and holds each until commit, so two transactions upserting overlapping keys take them in different orders, each holds a row the other needs next, and InnoDB rolls one back with a deadlock (error 1213) at any isolation level. Fix: sort the keys and build the VALUES list in that order",
				what, tableName(s), m.Name())
		} else {
			continue
		}
		out = append(out, Finding{Pos: st.Pos(), Message: msg, Related: beginRelated(st)})
	}
	return out
}

// nested is one finding: second locks rows of a table that first locked
// before it (second == first for a statement repeated in a loop).
type nested struct {
	first, second *acquisition
}

// nestedLocks pairs first acquisitions on one table, at least one of them
// exclusive, keys chosen at run time. precede is the transaction's order;
// fixed reports the order-fixing facts that need the Go code.
func nestedLocks(accs []*acquisition, precede func(a, b *txflow.Stmt) bool, fixed func(a, b *acquisition) bool) []nested {
	var out []nested
	for _, b := range accs {
		if !b.first() || b.upgrades != nil || !b.runtime && !overMap(b) {
			continue
		}
		for _, a := range accs {
			if !a.first() || a.table != b.table || a.mode != lockExclusive && b.mode != lockExclusive {
				continue // shared locks do not conflict with each other
			}
			if !a.runtime && !overMap(a) || !precede(a.stmt, b.stmt) {
				continue
			}
			if a == b {
				if loopUnderGuard(b) {
					continue
				}
				loop := b.stmt.Site.Loop
				if loop == nil || loop.Sorted || !overMap(b) && !loop.InCallee && !keyVaries(b.refs(), loop.Node.Pos(), loop.Node.End()) {
					continue
				}
				if !loop.OverMap && fixed != nil && fixed(a, b) {
					continue
				}
			} else if underParent(accs, a, b, precede) || lookupThenCreate(a, b) || fixed != nil && fixed(a, b) {
				continue
			}
			out = append(out, nested{first: a, second: b})
			break
		}
	}
	return out
}

// fromSorted reports whether some run-time key of a is an element of a
// slice the function sorts.
func fromSorted(f *txflow.Func, a *acquisition) bool {
	for _, kc := range a.keys {
		for _, v := range kc.values {
			if v.param >= 0 && f.Extract.FromSorted(a.stmt.Site, v.param) {
				return true
			}
		}
	}
	return false
}

// fromOrderedQuery reports whether some run-time key of a is a value read
// by a query with ORDER BY in the same function (a loop over its rows, or
// over ids collected from them): every caller walks them in one order.
// A query that can only scan its table's clustered index returns its
// rows in primary-key order: a key read from the first primary-key
// column of such rows is walked in ascending order by every caller too.
// A transaction's callback (a function literal handed to the call that
// runs it) also walks the rows its creator read before that call.
func fromOrderedQuery(c *Context, f *txflow.Func, a *acquisition) bool {
	loop := a.stmt.Site.Loop
	for _, st := range f.Stmts {
		if st == a.stmt {
			continue
		}
		if loop != nil && st.Pos() >= loop.Node.Pos() && st.Pos() < loop.Node.End() {
			// A query run once per iteration (GORM's First orders by the
			// primary key) orders nothing across iterations: the loop
			// still takes its rows in the order of what it ranges over.
			continue
		}
		if keyedByOrderedRows(c, a, st.SQL(), func() *extract.Rows { return f.Extract.Rows(st.Site) }) {
			return true
		}
	}
	if by := f.Extract.PassedTo; by != nil && by.InFunc != nil {
		for _, site := range by.InFunc.Sites {
			if site.Pos < by.Expr.Pos() && keyedByOrderedRows(c, a, site.SQL, func() *extract.Rows { return f.Extract.OuterRows(site) }) {
				return true
			}
		}
	}
	return false
}

// keyedByOrderedRows reports whether s is a SELECT whose rows come in one
// order (ORDER BY, or the clustered index's) and some run-time key of a
// is a value of those rows, in that order's column when it is the
// clustered index's.
func keyedByOrderedRows(c *Context, a *acquisition, s *sqltext.Summary, rowsOf func() *extract.Rows) bool {
	if s == nil || s.Kind != sqltext.KindSelect {
		return false
	}
	pkOrder := ""
	if len(s.OrderBy) == 0 {
		if pkOrder = clusteredOrder(c, s); pkOrder == "" {
			return false
		}
	}
	rows := rowsOf()
	if rows == nil {
		return false
	}
	for _, kc := range a.keys {
		for _, v := range kc.values {
			if col, ok := rows.Column(a.stmt.Site, v.param); ok && v.param >= 0 && (pkOrder == "" || col == pkOrder) {
				return true
			}
		}
	}
	return false
}

// clusteredOrder returns the column in whose ascending order a SELECT
// without ORDER BY returns its rows, when the server can only read its
// one table through the clustered index: a table with no other index
// (pkOnlyOrder), or a scan of the whole clustered index, where there is
// no WHERE or no index serves it, no secondary index holds every column the query
// names (a covering scan of it would return the rows in its order), the
// table is not partitioned, and every result is a plain column (no
// aggregate grouping them); then it is the first primary-key column.
// "" otherwise.
func clusteredOrder(c *Context, s *sqltext.Summary) string {
	if col := pkOnlyOrder(c, s); col != "" {
		return col
	}
	if c == nil || c.Schema == nil || s.CountOnly || len(s.Columns) == 0 {
		return ""
	}
	t := singleTable(c, s)
	if t == nil || t.Partition != nil || t.Partial || len(t.Columns) == 0 {
		return ""
	}
	if s.Where != nil && (!describesColumns(t, s.Where) || accessFor(t, s.Where).kind != accessScan) {
		return ""
	}
	var pk []string
	for _, ix := range t.Indexes {
		if ix.Primary {
			pk = ix.Columns
		}
	}
	if len(pk) == 0 {
		return ""
	}
	named := map[string]bool{}
	for _, col := range s.Columns {
		switch col {
		case "":
			return ""
		case "*":
			for _, tc := range t.Columns {
				named[strings.ToLower(tc)] = true
			}
		default:
			named[col] = true
		}
	}
	var walk func(w *sqltext.Cond)
	walk = func(w *sqltext.Cond) {
		if w == nil {
			return
		}
		if w.Pred != nil {
			named[strings.ToLower(w.Pred.Column)] = true
		}
		for _, arg := range w.Args {
			walk(arg)
		}
	}
	walk(s.Where)
	for _, ix := range t.Indexes {
		if ix.Primary {
			continue
		}
		holds := map[string]bool{}
		for _, col := range append(append([]string(nil), ix.Columns...), pk...) {
			holds[col] = true
		}
		covers := true
		for col := range named {
			if !holds[col] {
				covers = false
				break
			}
		}
		if covers {
			return ""
		}
	}
	return pk[0]
}

// wholeTable reports whether a's statement can use no index and runs at
// a level with gap locks: its first run locks every row and every gap of
// the table (unindexed-lock's finding), so running it again, or any later
// statement on the table, takes no lock the transaction lacks.
func wholeTable(c *Context, a *acquisition) bool {
	if c == nil || c.Schema == nil {
		return false
	}
	s := a.stmt.SQL()
	if s == nil || s.Where == nil || !gapLocking(isolation(c, a.stmt)) || !c.Server.GapLocks() || c.Server.Engine == target.TiDB {
		return false
	}
	t := singleTable(c, s)
	if t == nil || t.SingleRow || t.Partition != nil || !describesColumns(t, s.Where) {
		return false
	}
	return accessFor(t, s.Where).kind == accessScan
}

// overMap reports whether the statement runs once per entry of a Go map,
// with a key taken from the entry: its rows come in random order.
func overMap(a *acquisition) bool {
	loop := a.stmt.Site.Loop
	return loop != nil && loop.OverMap && (loop.InCallee || keyVaries(a.refs(), loop.Node.Pos(), loop.Node.End()))
}

// loopUnderGuard reports whether b, a statement repeated in a loop, keys
// every row it locks by a guard (acquisition.guards): a row of another
// table that the transaction locked exclusively before, by a unique key
// equal to the key the statement compares, or that an upsert writes into
// its row (UPDATE books WHERE id = b,
// then DELETE FROM book_tags WHERE book_id = b AND tag_id = t, once per
// tag). Such a loop is not reported. Every transaction running this code
// locks the guard row before any row under it, so no two of them can
// each hold a row of the loop's table that the other needs next: whoever
// holds the guard row holds its rows alone, and a cycle, if any, forms on
// the guard table, where it is reported. (Two different statements under
// one parent row are underParent's.) The guard must be the row of the
// same turn: locked earlier in the turn, or before the loop by a key the
// loop does not change. A guard locked after the statement keys, on the
// next turn, the previous turn's row, not this one.
func loopUnderGuard(b *acquisition) bool {
	loop := b.stmt.Site.Loop
	if loop == nil {
		return false
	}
	from, to := loop.Node.Pos(), loop.Node.End()
	for _, p := range b.guardedBy {
		pos := p.stmt.Pos()
		if pos >= from && pos < to {
			if pos < b.stmt.Pos() {
				return true
			}
			continue
		}
		if !keyVaries(p.refs(), from, to) {
			return true
		}
	}
	return false
}

// underParent reports whether a and b both select rows under one parent
// key that the transaction locked exclusively, in another table, before
// either: every transaction over those rows queues on the parent first.
func underParent(accs []*acquisition, a, b *acquisition, precede func(a, b *txflow.Stmt) bool) bool {
	for _, p := range accs {
		if !p.first() || p.table == a.table || p.mode != lockExclusive || !precede(p.stmt, a.stmt) || p.stmt == a.stmt || p.stmt == b.stmt {
			continue
		}
		for _, r := range p.refs() {
			if mentionsRef(a, r) && mentionsRef(b, r) {
				return true
			}
		}
	}
	return false
}

// pkOnlyOrder returns the column in whose ascending order a query without
// ORDER BY returns its rows when it reads one table whose only index is
// its primary key: whatever its WHERE, the server can only read the
// clustered index (a scan of it, or a range of it), in primary-key order.
// That is the first primary-key column the WHERE does not fix by
// equality: (role_id, principal_id) rows of one role come by principal_id.
// "" otherwise.
func pkOnlyOrder(c *Context, s *sqltext.Summary) string {
	if c == nil || c.Schema == nil || s.CountOnly || len(s.Tables) != 1 || s.Tables[0].Name == "" {
		return ""
	}
	t := c.Schema.Table(s.Tables[0].Name)
	if t == nil || t.Partial || t.Partition != nil || len(t.Indexes) != 1 || !t.Indexes[0].Primary {
		return ""
	}
	fixed := map[string]bool{}
	if s.Where != nil {
		for _, w := range s.Where.Conjuncts() {
			if w.Op == sqltext.CondPred && w.Pred.Op == sqltext.OpEq {
				fixed[w.Pred.Column] = true
			}
		}
	}
	for _, col := range t.Indexes[0].Columns {
		if !fixed[col] {
			return col
		}
	}
	return ""
}

func mentionsRef(a *acquisition, r extract.Ref) bool {
	for _, x := range a.refs() {
		if x == r {
			return true
		}
	}
	return false
}

func (n nested) message() string {
	sb := n.second.stmt.SQL()
	if n.first == n.second {
		loop := n.second.stmt.Site.Loop
		order := "in the order of the loop"
		if loop.OverMap {
			order = "in the iteration order of a Go map, which is random on every run"
			if loop.Over != nil {
				order = fmt.Sprintf("in the iteration order of map %s, which is random on every run", loop.Over.Name())
			}
		}
		where := "inside a loop"
		if s := n.second.stmt.Site; loop.InCallee && s.ViaFunc != "" {
			where = fmt.Sprintf("inside a loop of %s (%s)", s.ViaFunc, s.ViaAt)
		}
		return fmt.Sprintf("%s locks rows of %s one at a time %s, %s: two transactions that lock overlapping rows in different orders each hold a row the other needs next, and InnoDB rolls one back with a deadlock (error 1213) at any isolation level. Fix: sort the keys before the loop, or lock all the rows in one statement: SELECT ... WHERE id IN (...) ORDER BY id FOR UPDATE",
			verb(sb), tableName(sb), where, order)
	}
	return fmt.Sprintf("this transaction already locked a row of %s (%s) and now locks another, both chosen at run time: two transactions running this with the keys the other way round (A then B, and B then A) each hold one row and wait for the other, and InnoDB rolls one back with a deadlock (error 1213) at any isolation level. Fix: lock both rows in one statement in key order (SELECT ... WHERE id IN (?, ?) ORDER BY id FOR UPDATE), or always lock the smaller key first",
		tableName(sb), verb(n.first.stmt.SQL()))
}

func (n nested) related() []Related {
	if n.first == n.second {
		return nil
	}
	return []Related{{Pos: n.first.stmt.Pos(), Message: fmt.Sprintf("first lock on %s", n.first.table)}}
}

// exclusive reports whether a statement takes exclusive row locks.
func exclusive(s *sqltext.Summary) bool {
	return s.Lock == sqltext.LockExclusive || s.Kind == sqltext.KindUpdate || s.Kind == sqltext.KindDelete
}

// keyVaries reports whether some key value is a variable declared inside
// the loop (so each iteration locks a different row).
func keyVaries(refs []extract.Ref, from, to token.Pos) bool {
	for _, r := range refs {
		if r.Valid() && r.Root.Pos() >= from && r.Root.Pos() < to {
			return true
		}
	}
	return false
}

// lookupThenCreate reports whether b inserts into the table that a looked
// up with a locking read whose SQL gives the missing row a value (SELECT
// COALESCE((SELECT v ... FOR UPDATE), 0)): the code expects the key to be
// absent and creates it, the same row, not a second one. Whether that
// deadlocks is check-then-insert's finding.
func lookupThenCreate(a, b *acquisition) bool {
	sa, sb := a.stmt.SQL(), b.stmt.SQL()
	return sa != nil && sb != nil && sa.DefaultsMissing && sb.Kind == sqltext.KindInsert
}

// pointedTo reports whether a locks a row by its primary key and b the
// row it points to, both keys read from one struct that is a row of the
// table: repo.ID, then repo.ForkID (a repository, then its fork parent).
// Two runs take two such rows the other way round only if each points to
// the other, which a parent pointer never does; a key read out of the
// first locked row is silent for the same reason. A struct that is not a
// row of the table (a transfer's From and To) is no pointer.
func pointedTo(c *Context, f *txflow.Func, a, b *acquisition) bool {
	key := primaryKey(c, a.table)
	if len(key) != 1 || a.table != b.table {
		return false
	}
	ra, okA := keyRef(a, key)
	rb, okB := keyRef(b, key)
	if !okA || !okB || strings.Count(rb.Path, ".") != 1 {
		return false
	}
	field, ok := f.Extract.ModelKey(rb.Root.Type(), a.table)
	if !ok || rb.Path == "."+field {
		return false
	}
	// a's key is the row's own key: its field, or the variable the
	// struct was built from (repo := &Repository{ID: id}; x.Get(repo)).
	if ra.Root == rb.Root && ra.Path == "."+field {
		return true
	}
	from, ok := f.Extract.FieldFromLiteral(rb.Root, "."+field)
	return ok && from == ra
}

// keyRef is the Go value a binds to its one equality on the primary key.
func keyRef(a *acquisition, key map[string]bool) (extract.Ref, bool) {
	for _, kc := range a.keys {
		if key[kc.column] && len(kc.values) == 1 && kc.values[0].ref.Valid() {
			return kc.values[0].ref, true
		}
	}
	return extract.Ref{}, false
}
