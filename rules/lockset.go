package rules

import (
	"go/constant"
	"slices"
	"sort"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// The lock set of a transaction: what each of its statements asks InnoDB
// to lock (locking reads, UPDATE, DELETE, and single-row upserts whose
// unique key the schema names), and whether the rows are already held.
//
// A statement on rows the transaction already locked takes no new lock:
// InnoDB checks the lock it holds and goes on, without waiting, so it can
// neither close a deadlock cycle nor start one. The classic "lock, check,
// update" transaction (SELECT ... FOR UPDATE, then UPDATE of the same
// row) takes one lock, not two. Rows are told apart by symbolic keys: the
// Go values bound to the key columns of the WHERE clause. Two keys are the
// same row when they are the same variable (or field path) or the same
// constant (a literal of the SQL text, or a Go constant bound to the
// placeholder, compared by value), when one is a copy of the other made
// before the lock and not changed since (extract.Func.CopiedKey: `dino =
// de.Inode`, then FOR UPDATE by de.Inode, then UPDATE by dino), when an
// early exit between them compared the two and left only if they differ
// (extract.Func.GuardedEqual: FOR UPDATE by m.ID, `if upd.ID != m.ID {
// return err }`, then UPDATE by upd.ID), when the value was read out of
// that key column of the rows an earlier locking statement returned
// (extract.Rows), or when it is the model value GORM loaded under the lock
// (GORM binds the model's primary key from it). Members of an IN list are
// held one by one, and so is each element of a collection bound whole to
// an `IN (?)` that the library expands (GORM's `IN ?`, xorm's In): the
// range variable of a loop over that same, unchanged slice, an index of
// it, or a column read back from rows selected by `col IN (?)` with it,
// here or by a function of the package that returns them
// (extract.Func.ElementOf, readBackFrom, extract.Func.ReadBackByCall). Such an element counts only for
// a lock at least as strong as the one it repeats: a shared IN list then
// an exclusive statement per element is a loop of upgrades, reported as
// the loop. Rows the transaction inserted are held too, by the keys the
// INSERT generated (insertedRows).

// lockMode is the strength of the row locks a statement takes.
type lockMode uint8

const (
	lockShared lockMode = iota + 1
	lockExclusive
)

func (m lockMode) String() string {
	if m == lockShared {
		return "shared"
	}
	return "exclusive"
}

// keyValue is one value a key column is compared with.
type keyValue struct {
	// ref is the Go variable (or field path) bound to the placeholder.
	ref extract.Ref
	// param is the placeholder's index, -1 for a literal.
	param int
	// isConst is set for a constant: a literal of the SQL text, whose
	// text konst is, or a Go constant bound to the placeholder, whose
	// value goConst is.
	konst   string
	goConst constant.Value
	isConst bool
}

// boundValue is the key value bound to placeholder p of the statement
// at site: a Go constant, or the variable it reads.
func boundValue(site *extract.Site, p int) keyValue {
	if c := site.ArgConst(p); c != nil {
		return keyValue{param: p, goConst: c, isConst: true}
	}
	return keyValue{ref: site.ArgRef(p), param: p}
}

// insertedValue is the key value an INSERT run at site writes from v, one
// of its VALUES: a placeholder's argument, a literal, or unknown.
func insertedValue(site *extract.Site, v sqltext.Value) keyValue {
	switch v.Kind {
	case sqltext.ValueParam:
		return boundValue(site, v.Param)
	case sqltext.ValueConst:
		return keyValue{param: -1, konst: v.Text, isConst: true}
	}
	return keyValue{param: -1}
}

// keyCond is one equality or IN conjunct of a WHERE clause.
type keyCond struct {
	column string
	values []keyValue
}

// acquisition is what one statement of a transaction asks InnoDB to lock.
type acquisition struct {
	stmt  *txflow.Stmt
	table string
	mode  lockMode
	keys  []keyCond
	// runtime is true when some key value is chosen at run time (a
	// placeholder or a fmt.Sprintf hole), so the rows differ per call.
	runtime bool
	// heldBy is an earlier statement of the transaction that already
	// holds every row this one touches, at least as strongly: this one
	// takes no new lock. Nil for a first acquisition.
	heldBy *acquisition
	// upgrades is an earlier statement holding the same rows in shared
	// mode, when this one locks them exclusively.
	upgrades *acquisition
	// own is set for the rows an INSERT of the transaction created:
	// held, never a lock the rules see (see insertedRows).
	own bool
	// guards are the rows of other tables that the transaction locked
	// exclusively before this statement, by the very value this one's
	// key column is compared with: "node.inode=symlink.inode" when it
	// locked node WHERE inode = x FOR UPDATE and then locks symlink WHERE
	// inode = x. Sorted. Whoever else locks this row under the same guard
	// must first get the same guard row. "jobs.*" when it scanned every
	// row of jobs exclusively before (setGuards).
	guards []string
	// guardedBy are the statements that lock the guard rows.
	guardedBy []*acquisition
}

// first reports whether the statement takes locks the transaction did not
// hold before it.
func (a *acquisition) first() bool { return a.heldBy == nil }

// lockSet lists the locking statements of tx that touch one named table,
// in source order, and resolves which of them re-touch rows an earlier one
// holds.
func lockSet(c *Context, tx *txflow.Tx) []*acquisition {
	out, _, _ := lockSetFacts(c, tx)
	return out
}

// lockSetFacts is lockSet that also returns the rows the transaction's
// INSERTs created (insertedRows) and what resolving the set knew of the
// Go code.
func lockSetFacts(c *Context, tx *txflow.Tx) ([]*acquisition, []*acquisition, lockFacts) {
	var out []*acquisition
	for _, st := range tx.Stmts {
		if a := acquisitionOf(c, st); a != nil {
			out = append(out, a)
		}
	}
	f := tx.Func().Extract
	rows := map[*txflow.Stmt]*extract.Rows{}
	own := insertedRows(c, tx)
	lf := lockFacts{
		// Also the order of two statements of one helper's call, which
		// the helper's fact gives (createRepository inserts the row,
		// then updates it by its new key).
		precede: func(a, b *txflow.Stmt) bool { return tx.MayPrecede(a, b) || a.Site.ViaPrecedes(b.Site) },
		rows: func(st *txflow.Stmt) *extract.Rows {
			r, ok := rows[st]
			if !ok {
				if st.SQL().Kind == sqltext.KindInsert {
					r = f.InsertedRows(st.Site)
				} else {
					r = f.Rows(st.Site)
				}
				rows[st] = r
			}
			return r
		},
		copied: func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool {
			return f.CopiedKey(a.Site, pa, b.Site, pb)
		},
		guarded: func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool {
			return f.GuardedEqual(a.Site, pa, b.Site, pb)
		},
		fromRow: func(a, b *txflow.Stmt, pb int, col string) bool {
			return f.KeyFromLockedRow(a.Site, b.Site, pb, col)
		},
	}
	lf.element = func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool {
		return f.ElementOf(a.Site, pa, b.Site, pb) || readBackFrom(tx.Func(), a, pa, b, pb, lf.rowsOf) || f.ReadBackByCall(a.Site, pa, b.Site, pb)
	}
	resolveHeld(append(own, out...), lf)
	setGuards(c, out, lf)
	return out, own, lf
}

// setGuards fills in each first acquisition's guards: an earlier first
// exclusive acquisition p on another table (earlier in the code too, not
// only through a loop's next turn), whose only key conjunct is
// one run-time value on a single-column unique key of its table, that
// value also bound to a key conjunct of a (or, for guardedBy alone,
// written by an upsert a into its row). The value may be a collection p
// binds whole to `IN (?)` and a's an element of it (lockFacts.member):
// one statement locked every guard row, and each of a's rows is under one
// of them. The key must be unique: a lock on a non-unique value that
// matches no row is a gap lock, which excludes no one (a user's topics
// when they own none). An earlier exclusive scan of every row of another
// table (wholeTable) guards every later acquisition too, as "table.*":
// two transactions cannot both hold every row of that table, so a cycle
// whose two paths both passed the scan cannot close (when the table has
// rows: on an empty one the scans lock only the gap at its end, which
// both may hold, and a deadlock is missed, never invented).
func setGuards(c *Context, accs []*acquisition, lf lockFacts) {
	for _, a := range accs {
		if !a.first() {
			continue
		}
		seen := map[string]bool{}
		for _, p := range accs {
			if p == a || !p.first() || p.table == a.table || p.mode != lockExclusive || !lf.precede(p.stmt, a.stmt) || a.stmt.Pos() < p.stmt.Pos() {
				continue
			}
			if g := p.table + ".*"; wholeTable(c, p) && !seen[g] {
				// Every row of p's table, locked exclusively first: two
				// transactions cannot both hold that, so neither waits
				// for a row the other locked under it.
				seen[g] = true
				a.guards = append(a.guards, g)
			}
			if len(p.keys) != 1 || len(p.keys[0].values) != 1 {
				continue
			}
			if a.stmt.Pos() < p.stmt.Pos() {
				// p runs before a only from the second turn of a loop
				// around both: a's first turn runs without it, and the
				// value they share is the next element's by then.
				continue
			}
			pv := p.keys[0].values[0]
			if pv.isConst || pv.param < 0 || !uniqueColumn(c, p.table, p.keys[0].column) {
				continue
			}
			same := lf.member(p, a)
			for _, kc := range a.keys {
				if len(kc.values) != 1 || !same(kc.values[0], pv) {
					continue
				}
				g := p.table + "." + p.keys[0].column + "=" + a.table + "." + kc.column
				if !seen[g] {
					seen[g] = true
					a.guards = append(a.guards, g)
				}
				if !slices.Contains(a.guardedBy, p) {
					a.guardedBy = append(a.guardedBy, p)
				}
			}
			if writesValue(a, pv) && !slices.Contains(a.guardedBy, p) {
				// An upsert writing the guard's key into its row: the rows
				// it finds or inserts are the guard row's children.
				a.guardedBy = append(a.guardedBy, p)
			}
		}
		sort.Strings(a.guards)
	}
}

// writesValue reports whether a is an INSERT (an upsert, as a lock) that
// writes the run-time value v into a column of its row.
func writesValue(a *acquisition, v keyValue) bool {
	s := a.stmt.SQL()
	if s == nil || s.Kind != sqltext.KindInsert || !v.ref.Valid() {
		return false
	}
	for _, iv := range s.InsertValues {
		if iv.Kind == sqltext.ValueParam && a.stmt.Site.ArgRef(iv.Param) == v.ref {
			return true
		}
	}
	return false
}

// insertedRows lists the plain INSERTs of tx as acquisitions of the rows
// they create, keyed by the table's single-column primary key (id when
// the schema does not know the table). A row a transaction inserted is
// locked by it until commit, and no one else can have held it before: a
// later statement on that row by its key, taken from what the insert
// generated (GORM's Create(&x) then x.ID, LastInsertId), takes no new
// lock. These acquisitions only hold rows; they are no lock of their own
// for the rules (an insert of a new row waits for no one but gap locks,
// check-then-insert's business).
func insertedRows(c *Context, tx *txflow.Tx) []*acquisition {
	var out []*acquisition
	for _, st := range tx.Stmts {
		s := st.SQL()
		if s == nil || s.Kind != sqltext.KindInsert || s.InsertSelect || s.OnDuplicateKey || s.Replace || len(s.Tables) != 1 || s.Tables[0].Name == "" {
			continue
		}
		pk := "id"
		if c != nil {
			if t := c.Schema.Table(s.Tables[0].Name); t != nil {
				pk = ""
				for _, ix := range t.Indexes {
					if ix.Primary && len(ix.Columns) == 1 {
						pk = ix.Columns[0]
					}
				}
			}
		}
		if pk == "" {
			continue
		}
		out = append(out, &acquisition{stmt: st, table: s.Tables[0].Name, mode: lockExclusive, keys: []keyCond{{column: pk}}, own: true})
	}
	return out
}

// lockFacts is what resolving a lock set needs to know of the Go code.
type lockFacts struct {
	// precede tells whether a statement can run before another in the
	// transaction.
	precede func(a, b *txflow.Stmt) bool
	// rows is where a statement's result rows are kept, nil when nowhere
	// (or when rows is nil).
	rows func(*txflow.Stmt) *extract.Rows
	// copied reports whether placeholder pb of b is bound to a copy of
	// the value bound to placeholder pa of a; nil when no copy is known.
	copied func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool
	// guarded reports whether placeholder pb of b is bound to a value
	// that an early exit before b made equal to the value bound to
	// placeholder pa of a (`if x != y { return }`); nil when no guard is
	// known.
	guarded func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool
	// fromRow reports whether placeholder pb of b is bound to the field
	// holding column col of the one row a scanned into a struct; nil when
	// unknown.
	fromRow func(a, b *txflow.Stmt, pb int, col string) bool
	// element reports whether placeholder pb of b is bound to one element
	// of the collection bound whole to placeholder pa of a (an `IN (?)`
	// the library expands); nil when unknown.
	element func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool
}

func (lf lockFacts) rowsOf(st *txflow.Stmt) *extract.Rows {
	if lf.rows == nil {
		return nil
	}
	return lf.rows(st)
}

// resolveHeld sets heldBy and upgrades.
func resolveHeld(accs []*acquisition, lf lockFacts) {
	for _, b := range accs {
		for _, a := range accs {
			if a == b || a.table != b.table || !a.first() || !lf.precede(a.stmt, b.stmt) {
				continue
			}
			if !covers(a, b, lf.rowsOf(a.stmt), lf.same(a, b)) && !coversByRow(a, b, lf.fromRow) &&
				(a.mode < b.mode || !covers(a, b, nil, lf.member(a, b))) {
				continue
			}
			if a.mode >= b.mode {
				b.heldBy, b.upgrades = a, nil
				break
			}
			if b.upgrades == nil {
				b.upgrades = a
			}
		}
	}
}

// same returns the equality of a value bound in b (v) and one bound in a
// (w): the same variable or constant, a copy of it, or a value an early
// exit between them compared with it (either may be a Go constant then).
func (lf lockFacts) same(a, b *acquisition) func(v, w keyValue) bool {
	return func(v, w keyValue) bool {
		if sameValue(v, w) {
			return true
		}
		if v.param < 0 || w.param < 0 {
			return false
		}
		if lf.copied != nil && !v.isConst && !w.isConst && lf.copied(a.stmt, w.param, b.stmt, v.param) {
			return true
		}
		return lf.guarded != nil && !(v.isConst && w.isConst) && lf.guarded(a.stmt, w.param, b.stmt, v.param)
	}
}

// member is same, or else v is one element of the collection bound whole
// to w, an `IN (?)` list of a: the row of v is one a locked. It counts
// for rows held at least as strongly and for guards, never for an
// upgrade: a shared lock on the whole list followed by an exclusive one
// per element is reported as the loop it is.
func (lf lockFacts) member(a, b *acquisition) func(v, w keyValue) bool {
	same := lf.same(a, b)
	return func(v, w keyValue) bool {
		if same(v, w) {
			return true
		}
		return lf.element != nil && v.param >= 0 && w.param >= 0 && !v.isConst && !w.isConst && lf.element(a.stmt, w.param, b.stmt, v.param)
	}
}

// readBackFrom reports whether placeholder pb of b is bound to column col
// of a row that a statement r of f read WHERE col IN (?), with the same
// unchanged collection bound there as at placeholder pa of a: every such
// row's col is one of the collection's values, whatever table r read and
// on whichever handle (the rows an UPDATE ... WHERE id IN (?) locked,
// read back by the same ids).
func readBackFrom(f *txflow.Func, a *txflow.Stmt, pa int, b *txflow.Stmt, pb int, rowsOf func(*txflow.Stmt) *extract.Rows) bool {
	for _, r := range f.Stmts {
		s := r.SQL()
		if s == nil || s.Kind != sqltext.KindSelect || s.Where == nil || len(s.Tables) != 1 {
			continue
		}
		for _, p := range extract.InConjuncts(s.Where) {
			if !f.Extract.SameSlice(a.Site, pa, r.Site, p.Values[0].Param) {
				continue
			}
			if col, ok := rowsOf(r).Column(b.Site, pb); ok && col != "" && extract.SameColumn(col, p.Column) {
				return true
			}
		}
	}
	return false
}

// acquisitionOf describes what st locks, nil when it locks no rows or
// its table is not named. c may be nil: then upserts, whose key needs the
// schema, are not counted.
func acquisitionOf(c *Context, st *txflow.Stmt) *acquisition {
	s := st.SQL()
	if s == nil || len(s.Tables) == 0 {
		return nil
	}
	if s.Kind == sqltext.KindInsert {
		if len(s.Tables) != 1 || s.Tables[0].Name == "" {
			return nil
		}
		return upsertAcquisition(c, st)
	}
	table := lockedTable(s)
	if table == "" || !locks(s) || st.Site.OwnRow() {
		// No lock, or one on a row a helper inserted in this
		// transaction: held since the INSERT, and no one else's.
		return nil
	}
	a := &acquisition{stmt: st, table: table, mode: lockShared}
	if exclusive(s) {
		a.mode = lockExclusive
	}
	a.keys, a.runtime = keyConds(st)
	return a
}

// lockedTable is the one table whose rows a statement locks by its own
// WHERE: its only table, or the only one outside the subqueries of its
// WHERE (UPDATE t SET ... WHERE id IN (SELECT t_id FROM u WHERE ...)
// locks rows of t, which the subquery's result chooses). "" for a join,
// or a table named at run time. The rows such a subquery chooses are
// keys of no known value: they make an acquisition of their own, for the
// order in which tables are locked, but never one that an earlier lock
// covers or that counts as rows chosen at run time for nested-lock, whose
// finding needs the keys.
func lockedTable(s *sqltext.Summary) string {
	table := ""
	for _, t := range s.Tables {
		if t.Nested {
			continue
		}
		if table != "" || t.Name == "" {
			return ""
		}
		table = t.Name
	}
	return table
}

// upsertAcquisition describes a single-row INSERT ... ON DUPLICATE KEY
// UPDATE or REPLACE: it locks the row of its unique key exclusively until
// commit, whether it inserts or updates it (ground truth 14a, 14b). The
// key is the primary key, else a unique index, whose columns the VALUES
// list gives; nil when the schema does not tell.
func upsertAcquisition(c *Context, st *txflow.Stmt) *acquisition {
	s := st.SQL()
	if c == nil || s.InsertSelect || !s.OnDuplicateKey && !s.Replace || len(s.InsertValues) == 0 || len(s.InsertValues) != len(s.InsertColumns) {
		return nil
	}
	t := c.Schema.Table(s.Tables[0].Name)
	if t == nil {
		return nil
	}
	indexes := append([]schema.Index(nil), t.Indexes...)
	sort.SliceStable(indexes, func(i, j int) bool { return indexes[i].Primary && !indexes[j].Primary })
	for _, ix := range indexes {
		if !ix.Unique || len(ix.Columns) == 0 {
			continue
		}
		a := &acquisition{stmt: st, table: s.Tables[0].Name, mode: lockExclusive}
		for _, col := range ix.Columns {
			i := slices.Index(s.InsertColumns, col)
			if i < 0 {
				a = nil
				break
			}
			v := s.InsertValues[i]
			kv := keyValue{param: -1}
			switch v.Kind {
			case sqltext.ValueParam:
				kv = boundValue(st.Site, v.Param)
				a.runtime = a.runtime || !kv.isConst
			case sqltext.ValueConst:
				kv = keyValue{param: -1, konst: v.Text, isConst: true}
			default:
				a.runtime = a.runtime || v.Kind == sqltext.ValueOpaque
			}
			a.keys = append(a.keys, keyCond{column: col, values: []keyValue{kv}})
		}
		if a != nil {
			return a
		}
	}
	return nil
}

// keyConds reads the equality and IN conjuncts at the top level of a
// statement's WHERE clause.
func keyConds(st *txflow.Stmt) (conds []keyCond, runtime bool) {
	s := st.SQL()
	if s == nil || s.Where == nil {
		return nil, false
	}
	for _, c := range s.Where.Conjuncts() {
		if c.Op != sqltext.CondPred || c.Pred.Op != sqltext.OpEq && c.Pred.Op != sqltext.OpIn {
			continue
		}
		kc := keyCond{column: c.Pred.Column}
		for _, v := range c.Pred.Values {
			switch v.Kind {
			case sqltext.ValueParam:
				kv := boundValue(st.Site, v.Param)
				runtime = runtime || !kv.isConst
				kc.values = append(kc.values, kv)
			case sqltext.ValueConst:
				kc.values = append(kc.values, keyValue{param: -1, konst: v.Text, isConst: true})
			default:
				runtime = runtime || v.Kind == sqltext.ValueOpaque
				kc.values = append(kc.values, keyValue{param: -1}) // unknown: matches nothing
			}
		}
		conds = append(conds, kc)
	}
	return conds, runtime
}

// covers reports whether the rows b touches are among the rows a locked.
// Either some conjunct of b pins its column to values read out of that
// column of a's rows, or b repeats a's key: every conjunct of a that
// binds Go values is matched by a conjunct of b on the same column whose
// values are all among a's (a's constant-only conjuncts filter the rows
// its keys select, they do not select others).
func covers(a, b *acquisition, aRows *extract.Rows, same func(v, w keyValue) bool) bool {
	if same == nil {
		same = sameValue
	}
	for _, kb := range b.keys {
		if len(kb.values) == 0 || aRows == nil || a.own && kb.column != a.keys[0].column {
			continue
		}
		all := true
		for _, v := range kb.values {
			if col, ok := aRows.Column(b.stmt.Site, v.param); v.param < 0 || !ok || !extract.SameColumn(col, kb.column) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	if a.own {
		return false // only the keys the INSERT generated name its rows
	}
	matched := 0
	for _, ka := range a.keys {
		if ka.constant() {
			continue
		}
		if !anyCond(b.keys, func(kb keyCond) bool { return kb.column == ka.column && subset(kb.values, ka.values, same) }) {
			return false
		}
		matched++
	}
	if matched > 0 {
		return true
	}
	// Constant keys only: the same constants select the same rows.
	for _, ka := range a.keys {
		if !anyCond(b.keys, func(kb keyCond) bool { return kb.column == ka.column && subset(kb.values, ka.values, same) }) {
			return false
		}
	}
	return len(a.keys) > 0
}

// coversByRow reports whether b finds its rows by the key a selected,
// read back out of the row a locked: every run-time conjunct of a, on a
// column col, is matched by a conjunct of b on col whose values are the
// col field of the struct a scanned its row into (or a whole copy of it).
// That field holds the value a's WHERE pinned col to, so b touches a's
// row.
func coversByRow(a, b *acquisition, fromRow func(a, b *txflow.Stmt, pb int, col string) bool) bool {
	if fromRow == nil || a.own {
		return false
	}
	matched := 0
	for _, ka := range a.keys {
		if ka.constant() {
			continue
		}
		if len(ka.values) != 1 || !anyCond(b.keys, func(kb keyCond) bool {
			return kb.column == ka.column && len(kb.values) == 1 && kb.values[0].param >= 0 && fromRow(a.stmt, b.stmt, kb.values[0].param, kb.column)
		}) {
			return false
		}
		matched++
	}
	return matched > 0
}

// constant reports whether every value of the conjunct is a literal.
func (kc keyCond) constant() bool {
	for _, v := range kc.values {
		if !v.isConst {
			return false
		}
	}
	return true
}

func anyCond(conds []keyCond, f func(keyCond) bool) bool {
	for _, c := range conds {
		if f(c) {
			return true
		}
	}
	return false
}

// subset reports whether every value of vs is provably one of ws.
func subset(vs, ws []keyValue, same func(v, w keyValue) bool) bool {
	if len(vs) == 0 {
		return false
	}
	for _, v := range vs {
		found := false
		for _, w := range ws {
			if same(v, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// sameValue reports whether two key values are provably equal: the same
// variable, or the same constant. Go constants compare by value; one
// equals an SQL literal only when it is provably the literal's value.
func sameValue(v, w keyValue) bool {
	if v.isConst || w.isConst {
		if !v.isConst || !w.isConst {
			return false
		}
		switch {
		case v.goConst != nil && w.goConst != nil:
			return extract.SameConstant(v.goConst, w.goConst)
		case v.goConst != nil:
			return extract.ConstantIsLiteral(v.goConst, w.konst)
		case w.goConst != nil:
			return extract.ConstantIsLiteral(w.goConst, v.konst)
		}
		return v.konst == w.konst
	}
	return v.ref.Valid() && v.ref == w.ref
}

// refs lists the Go values bound to the acquisition's keys.
func (a *acquisition) refs() []extract.Ref {
	var out []extract.Ref
	for _, kc := range a.keys {
		for _, v := range kc.values {
			if v.ref.Valid() {
				out = append(out, v.ref)
			}
		}
	}
	return out
}

// uniqueColumn reports whether the schema knows column as a single-column
// primary or unique key of table.
func uniqueColumn(c *Context, table, column string) bool {
	if c == nil {
		return false
	}
	t := c.Schema.Table(table)
	return t != nil && uniqueColumnOf(t, column)
}

// uniqueColumnOf reports whether column alone is a primary or unique key
// of t.
func uniqueColumnOf(t *schema.Table, column string) bool {
	for _, ix := range t.Indexes {
		if (ix.Unique || ix.Primary) && len(ix.Columns) == 1 && ix.Columns[0] == column {
			return true
		}
	}
	return false
}
