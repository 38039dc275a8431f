package rules

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// These tests feed the lock set, nested-lock and lock-order hand-built
// transactions: statements with their SQL and the Go values bound to their
// placeholders, no Go source.

// model is one hand-built transaction: its statements in order.
type model struct {
	accs []*acquisition
	ctx  *Context // the schema upserts need; nil for none
}

// goVar is a Go variable bound to placeholders.
func goVar(name string) extract.Ref {
	return extract.Ref{Root: types.NewVar(token.NoPos, nil, name, types.Typ[types.Int64])}
}

// add appends a statement whose placeholders are bound, in order, to vars.
func (m *model) add(sql string, vars ...extract.Ref) *acquisition {
	st := &txflow.Stmt{Site: &extract.Site{SQL: sqltext.Summarize(sql), Pos: token.Pos(len(m.accs) + 1)}}
	a := acquisitionOf(m.ctx, st)
	if a == nil {
		panic("no acquisition: " + sql)
	}
	for i := range a.keys {
		for j, v := range a.keys[i].values {
			if v.param >= 0 && v.param < len(vars) {
				a.keys[i].values[j].ref = vars[v.param]
			}
		}
	}
	m.accs = append(m.accs, a)
	return a
}

// precede is straight-line order: earlier statements run first.
func (m *model) precede(a, b *txflow.Stmt) bool { return a.Pos() < b.Pos() }

func (m *model) resolve() []*acquisition {
	resolveHeld(m.accs, lockFacts{precede: m.precede})
	return m.accs
}

func (m *model) nested() []nested { return nestedLocks(m.resolve(), m.precede, nil) }

func TestLockSetSameValueAndINMembers(t *testing.T) {
	from, to := goVar("from"), goVar("to")
	var m model
	both := m.add("SELECT id FROM accounts WHERE id IN (?, ?) ORDER BY id FOR UPDATE", from, to)
	debit := m.add("UPDATE accounts SET balance = balance - 1 WHERE id = ?", from)
	credit := m.add("UPDATE accounts SET balance = balance + 1 WHERE id = ?", to)
	again := m.add("UPDATE accounts SET version = version + 1 WHERE status = 'open' AND id = ?", from)
	m.resolve()
	if !both.first() {
		t.Errorf("the locking read is a first acquisition")
	}
	for _, a := range []*acquisition{debit, credit, again} {
		if a.heldBy != both {
			t.Errorf("statement %d: held by %v, want the IN-list lock", a.stmt.Pos(), a.heldBy)
		}
	}
	if n := m.nested(); len(n) != 0 {
		t.Errorf("rows held by one ordered statement: got %d nested locks", len(n))
	}
}

func TestLockSetConstantsAndUpgrades(t *testing.T) {
	id := goVar("id")
	var m model
	s := m.add("SELECT id FROM accounts WHERE id = ? LOCK IN SHARE MODE", id)
	x := m.add("UPDATE accounts SET status = 'x' WHERE id = ?", id)
	c1 := m.add("UPDATE jobs SET status = 1 WHERE id = 7")
	c2 := m.add("DELETE FROM jobs WHERE id = 7")
	c3 := m.add("DELETE FROM jobs WHERE id = 8")
	m.resolve()
	if !x.first() || x.upgrades != s {
		t.Errorf("UPDATE after LOCK IN SHARE MODE of the same row: heldBy %v upgrades %v, want a first exclusive acquisition upgrading the shared lock", x.heldBy, x.upgrades)
	}
	if c2.heldBy != c1 {
		t.Errorf("the same constant key is the same row")
	}
	if !c3.first() {
		t.Errorf("another constant is another row")
	}
	if n := m.nested(); len(n) != 0 {
		t.Errorf("an upgrade of one row and constant keys are not nested locks: got %d", len(n))
	}
}

func TestNestedLockOncePerPair(t *testing.T) {
	a, b := goVar("a"), goVar("b")
	var m model
	first := m.add("SELECT balance FROM accounts WHERE id = ? FOR UPDATE", a)
	second := m.add("UPDATE accounts SET balance = balance + 1 WHERE id = ?", b)
	m.add("UPDATE accounts SET balance = 0 WHERE id = ?", a)
	m.add("UPDATE accounts SET version = version + 1 WHERE id = ?", b)
	got := m.nested()
	if len(got) != 1 || got[0].first != first || got[0].second != second {
		t.Fatalf("got %v, want one finding at the second acquisition", got)
	}
}

func TestNestedLockShared(t *testing.T) {
	a, b := goVar("a"), goVar("b")
	var m model
	m.add("SELECT qty FROM inventory WHERE sku = ? LOCK IN SHARE MODE", a)
	m.add("SELECT qty FROM inventory WHERE sku = ? LOCK IN SHARE MODE", b)
	if got := m.nested(); len(got) != 0 {
		t.Errorf("two shared locks: got %d nested locks", len(got))
	}
	m.add("UPDATE inventory SET qty = 0 WHERE sku = ?", goVar("c"))
	if got := m.nested(); len(got) != 1 {
		t.Errorf("an exclusive lock after shared ones: got %d nested locks, want 1", len(got))
	}
}

func TestNestedLockUnderParent(t *testing.T) {
	order, x, y := goVar("order"), goVar("x"), goVar("y")
	var m model
	m.add("SELECT id FROM orders WHERE id = ? FOR UPDATE", order)
	m.add("UPDATE order_items SET qty = 1 WHERE order_id = ? AND id = ?", order, x)
	m.add("UPDATE order_items SET qty = 2 WHERE order_id = ? AND id = ?", order, y)
	if got := m.nested(); len(got) != 0 {
		t.Errorf("rows under a parent row locked first: got %d nested locks", len(got))
	}
	var n model
	n.add("SELECT id FROM orders WHERE id = ? LOCK IN SHARE MODE", order)
	n.add("UPDATE order_items SET qty = 1 WHERE order_id = ? AND id = ?", order, x)
	n.add("UPDATE order_items SET qty = 2 WHERE order_id = ? AND id = ?", order, y)
	if got := n.nested(); len(got) != 1 {
		t.Errorf("a shared parent lock serializes nothing: got %d nested locks, want 1", len(got))
	}
}

func TestNestedLockFixedOrder(t *testing.T) {
	lo, hi := goVar("lo"), goVar("hi")
	var m model
	m.add("UPDATE accounts SET balance = 1 WHERE id = ?", lo)
	m.add("UPDATE accounts SET balance = 2 WHERE id = ?", hi)
	fixed := func(a, b *acquisition) bool { return true }
	if got := nestedLocks(m.resolve(), m.precede, fixed); len(got) != 0 {
		t.Errorf("keys in a fixed order: got %d nested locks", len(got))
	}
}

// edge is a hand-built lock-order edge.
func edge(fn, from string, fromShared bool, to string, toShared bool, pos int) localEdge {
	return localEdge{
		LockEdge: LockEdge{From: from, To: to, FromShared: fromShared, ToShared: toShared, At: fn + ".go:1", Func: fn},
		first:    token.Pos(pos), second: token.Pos(pos + 1),
	}
}

func TestLockCycles(t *testing.T) {
	tests := []struct {
		name  string
		edges []localEdge
		want  []token.Pos // positions of the findings
	}{
		{"opposite exclusive order", []localEdge{edge("Checkout", "accounts", false, "orders", false, 10), edge("Refund", "orders", false, "accounts", false, 20)}, []token.Pos{21}},
		{"same order", []localEdge{edge("Checkout", "accounts", false, "orders", false, 10), edge("Again", "accounts", false, "orders", false, 20)}, nil},
		{"one function both ways", []localEdge{edge("Sync", "accounts", false, "orders", false, 10), edge("Sync", "orders", false, "accounts", false, 20)}, nil},
		{"shared then exclusive, both ways", []localEdge{edge("Reserve", "inventory", true, "jobs", false, 10), edge("Complete", "jobs", true, "inventory", false, 20)}, []token.Pos{21}},
		{"shared only, both ways", []localEdge{edge("Report", "orders", true, "accounts", true, 10), edge("Audit", "accounts", true, "orders", true, 20)}, nil},
		{"shared reads against a writer", []localEdge{edge("Report", "orders", true, "accounts", true, 10), edge("Settle", "accounts", false, "orders", false, 20)}, []token.Pos{21}},
		{"three paths", []localEdge{edge("A", "t1", false, "t2", false, 10), edge("B", "t2", false, "t3", false, 20), edge("C", "t3", false, "t1", false, 30)}, []token.Pos{31}},
	}
	for _, tt := range tests {
		got := lockCycles(nil, tt.edges)
		var pos []token.Pos
		for _, f := range got {
			pos = append(pos, f.Pos)
		}
		if len(pos) != len(tt.want) || len(pos) > 0 && pos[0] != tt.want[0] {
			t.Errorf("%s: findings at %v, want %v", tt.name, pos, tt.want)
		}
	}
}

func TestLockOrderEdgesFromFirstAcquisitions(t *testing.T) {
	account, order := goVar("account"), goVar("order")
	var m model
	m.add("SELECT id FROM orders WHERE id = ? FOR UPDATE", order)
	m.add("UPDATE accounts SET balance = balance - 1 WHERE id = ?", account)
	m.add("UPDATE orders SET status = 'paid' WHERE id = ?", order)
	edges := txEdges(&Context{}, "Pay", m.resolve(), m.precede)
	if len(edges) != 1 || edges[0].From != "orders" || edges[0].To != "accounts" {
		t.Errorf("got edges %+v, want only orders -> accounts: the last UPDATE re-touches a held row", edges)
	}
}

func TestLockCyclesEveryPairOnce(t *testing.T) {
	// Review takes Refund's order, more weakly: the order of the two
	// tables was reported at Refund, which broke it; not again at Review.
	edges := []localEdge{
		edge("Checkout", "accounts", false, "orders", false, 10),
		edge("Refund", "orders", false, "accounts", false, 20),
		edge("Review", "orders", true, "accounts", false, 30), // same order as Refund, weaker
	}
	if got := lockCycles(nil, edges); len(got) != 1 || got[0].Pos != 21 || !strings.Contains(got[0].Message, "while Checkout") {
		t.Errorf("got %+v, want one at Refund naming Checkout", got)
	}
	// Pay takes Checkout's order after Refund broke it: its pair with
	// Refund is named by Refund's finding, not reported at Pay.
	edges = append(edges[:2:2], edge("Pay", "accounts", false, "orders", false, 30))
	if got := lockCycles(nil, edges); len(got) != 1 || got[0].Pos != 21 || !strings.Contains(got[0].Message, "while Checkout (Checkout.go:1) and Pay (Pay.go:1) lock orders after accounts") {
		t.Errorf("got %+v, want one at Refund naming Checkout and Pay", got)
	}
	// Only one path of each order: one finding, whichever closes it.
	edges = []localEdge{
		edge("Checkout", "accounts", false, "orders", false, 10),
		edge("Checkout", "accounts", false, "orders", false, 15), // the same function again
		edge("Refund", "orders", false, "accounts", false, 20),
		edge("Refund", "orders", false, "accounts", false, 25),
	}
	if got := lockCycles(nil, edges); len(got) != 1 || got[0].Pos != 21 || !strings.Contains(got[0].Message, "while Checkout (Checkout.go:1) locks orders") {
		t.Errorf("got %+v, want one at Refund naming Checkout once", got)
	}
	edges = []localEdge{
		edge("Report", "orders", true, "accounts", true, 10),
		edge("Audit", "accounts", true, "orders", true, 20),
		edge("Settle", "orders", false, "accounts", false, 30), // stronger than Report's order: conflicts with Audit
	}
	if got := lockCycles(nil, edges); len(got) != 1 || got[0].Pos != 31 {
		t.Errorf("got %d findings, want one at Settle", len(got))
	}
}

func TestLockSetUpserts(t *testing.T) {
	sc := schema.New()
	sc.Put(&schema.Table{Name: "inventory", Columns: []string{"sku", "warehouse", "qty"}, Indexes: []schema.Index{{Name: "primary", Columns: []string{"sku", "warehouse"}, Unique: true, Primary: true}}})
	sku, from, to := goVar("sku"), goVar("from"), goVar("to")
	m := model{ctx: &Context{Schema: sc}}
	in := m.add("INSERT INTO inventory (sku, warehouse, qty) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE qty = qty + 1", sku, to)
	again := m.add("UPDATE inventory SET qty = qty - 1 WHERE sku = ? AND warehouse = ?", sku, to)
	out := m.add("REPLACE INTO inventory (sku, warehouse, qty) VALUES (?, ?, 0)", sku, from)
	m.resolve()
	if len(in.keys) != 2 || in.mode != lockExclusive || !in.runtime {
		t.Fatalf("upsert keys %+v mode %v, want the primary key's two columns, exclusive", in.keys, in.mode)
	}
	if again.heldBy != in {
		t.Errorf("an UPDATE of the upserted key re-touches the row the upsert holds")
	}
	if got := m.nested(); len(got) != 1 || got[0].second != out {
		t.Errorf("got %v, want one nested lock at the REPLACE of another warehouse", got)
	}
	if acquisitionOf(nil, in.stmt) != nil {
		t.Errorf("without a schema an upsert's key is unknown: no acquisition")
	}
}

func TestLockSetCopiedKey(t *testing.T) {
	inode, copyOf, other := goVar("de.Inode"), goVar("dino"), goVar("parent")
	var m model
	lock := m.add("SELECT * FROM node WHERE inode = ? FOR UPDATE", inode)
	upd := m.add("UPDATE node SET parent = ? WHERE inode = ?", other, copyOf)
	del := m.add("DELETE FROM node WHERE inode = ?", copyOf)
	par := m.add("UPDATE node SET nlink = nlink + 1 WHERE inode = ?", other)
	// dino is a copy of de.Inode: the model says so, as the Go code's
	// value flow would.
	copied := func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool {
		return a == lock.stmt && (b == upd.stmt && pb == 1 || b == del.stmt && pb == 0)
	}
	resolveHeld(m.accs, lockFacts{precede: m.precede, copied: copied})
	if upd.heldBy != lock || del.heldBy != lock {
		t.Errorf("statements on the copy: heldBy %v, %v, want the FOR UPDATE", upd.heldBy, del.heldBy)
	}
	if !par.first() {
		t.Errorf("another value is another row")
	}
	got := nestedLocks(m.accs, m.precede, nil)
	if len(got) != 1 || got[0].first != lock || got[0].second != par {
		t.Errorf("got %v, want one nested lock, at the parent's UPDATE", got)
	}
}

func TestLockOrderGuards(t *testing.T) {
	file := goVar("file")
	sc := schema.New()
	sc.Put(&schema.Table{Name: "files", Columns: []string{"id", "owner_id"}, Indexes: []schema.Index{{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true}}})
	m := model{ctx: &Context{Schema: sc}}
	m.add("SELECT id FROM files WHERE id = ? FOR UPDATE", file)
	labels := m.add("UPDATE labels SET name = 'x' WHERE file_id = ?", file)
	blobs := m.add("UPDATE blobs SET labelled = 1 WHERE file_id = ?", file)
	other := m.add("UPDATE blobs SET labelled = 0 WHERE file_id = ?", goVar("other"))
	setGuards(m.ctx, m.resolve(), lockFacts{precede: m.precede})
	if !slices.Equal(labels.guards, []string{"files.id=labels.file_id"}) || !slices.Equal(blobs.guards, []string{"files.id=blobs.file_id"}) {
		t.Errorf("guards %v, %v: want the files row for each, not the labels (file_id is no unique key of labels)", labels.guards, blobs.guards)
	}
	if len(other.guards) != 0 {
		t.Errorf("another file's blob has no guard: %v", other.guards)
	}

	guarded := func(fn, from, to string, pos int) localEdge {
		e := edge(fn, from, false, to, false, pos)
		e.FromGuards, e.ToGuards = "files.id="+from+".file_id", "files.id="+to+".file_id"
		return e
	}
	if got := lockCycles(nil, []localEdge{guarded("Relabel", "labels", "blobs", 10), guarded("Purge", "blobs", "labels", 20)}); len(got) != 0 {
		t.Errorf("both paths guarded by the file row: got %d findings", len(got))
	}
	// One path takes the blob without the file row: it can hold the blob
	// while the guarded path, holding the file row and the labels, waits.
	if got := lockCycles(nil, []localEdge{edge("Rehash", "blobs", false, "labels", false, 10), guarded("Relabel", "labels", "blobs", 20)}); len(got) != 1 {
		t.Errorf("one path unguarded: got %d findings, want 1", len(got))
	}
}

func TestLockCyclesChainNamesEveryPath(t *testing.T) {
	// No two of the three paths lock the same two tables in opposite
	// orders: the cycle closes only through all three, and the finding
	// must say so, naming each path with the order it takes.
	edges := []localEdge{
		edge("Checkout", "accounts", false, "orders", false, 10),
		edge("Ship", "orders", false, "shipments", false, 20),
		edge("Reconcile", "shipments", false, "accounts", false, 30),
	}
	got := lockCycles(nil, edges)
	if len(got) != 1 || got[0].Pos != 31 {
		t.Fatalf("got %+v, want one finding at Reconcile", got)
	}
	want := "while Checkout (Checkout.go:1) locks orders after accounts, and Ship (Ship.go:1) locks shipments after orders: when these three run at once"
	if !strings.Contains(got[0].Message, want) {
		t.Errorf("message %q\nwant it to contain %q", got[0].Message, want)
	}
	if len(got[0].Related) != 5 {
		t.Errorf("got %d related positions, want 5: the first lock here and both locks of each other path", len(got[0].Related))
	}
}

// An insert's edge (shared lock on the parent row, then the insert into
// the child) pairs only with a path that holds the range of that foreign
// key's children before it locks the parent exclusively; it makes no
// longer cycle and is not subsumed by a mere row lock on the child.
func TestLockCyclesForeignKey(t *testing.T) {
	const fk = "note_folder note(folder_id) -> folder(id)"
	insert := func(fn string, pos int) localEdge {
		e := edge(fn, "folder", true, "note", false, pos)
		e.ToInsert = fk
		return e
	}
	ranged := func(fn string, pos int) localEdge {
		e := edge(fn, "note", false, "folder", false, pos)
		e.FromRange = fk
		return e
	}
	for _, tc := range []struct {
		name  string
		edges []localEdge
		want  int
	}{
		{"range then parent", []localEdge{ranged("RemoveFolder", 10), insert("AddNote", 20)}, 1},
		{"insert first", []localEdge{insert("AddNote", 10), ranged("RemoveFolder", 20)}, 1},
		{"child row by key", []localEdge{edge("RemoveNote", "note", false, "folder", false, 10), insert("AddNote", 20)}, 0},
		{"shared parent", []localEdge{func() localEdge { e := ranged("Peek", 10); e.ToShared = true; return e }(), insert("AddNote", 20)}, 0},
		{"another key's range", []localEdge{func() localEdge {
			e := ranged("RemoveFolder", 10)
			e.FromRange = "note_owner note(owner_id) -> folder(id)"
			return e
		}(), insert("AddNote", 20)}, 0},
		{"three paths", []localEdge{insert("AddNote", 10), edge("B", "note", false, "tag", false, 20), edge("C", "tag", false, "folder", false, 30)}, 0},
	} {
		if got := lockCycles(nil, tc.edges); len(got) != tc.want {
			t.Errorf("%s: %d findings, want %d", tc.name, len(got), tc.want)
		}
	}
}

func TestLockCyclesNamesPathsOfTheSameOrder(t *testing.T) {
	// Reinstate takes Update's order against Purge, which Update's
	// finding names: Reinstate is named there, not reported itself.
	edges := []localEdge{
		edge("Purge", "meta", false, "items", false, 10),
		edge("Update", "items", false, "meta", false, 20),
		edge("Reinstate", "items", false, "meta", false, 30),
	}
	got := lockCycles(nil, edges)
	if len(got) != 1 || got[0].Pos != 21 {
		t.Fatalf("got %+v, want one finding at Update", got)
	}
	if want := "after holding locks on items (as Reinstate (Reinstate.go:1) also does), while Purge (Purge.go:1) locks items after meta"; !strings.Contains(got[0].Message, want) {
		t.Errorf("message %q\nwant it to contain %q", got[0].Message, want)
	}
	if len(got[0].Related) != 5 {
		t.Errorf("got %d related positions, want 5: the first lock here, Purge's two and Reinstate's two", len(got[0].Related))
	}
}

// TestLockSetINListElements: a key that is an element of the collection
// an earlier `IN (?)` bound whole names a row that statement holds, when
// it locked at least as strongly; a shared IN list then an exclusive
// statement per element stays a first acquisition (the loop that upgrades
// each row is reported as before).
func TestLockSetINListElements(t *testing.T) {
	ids, id, other := goVar("ids"), goVar("id"), goVar("other")
	members := map[*txflow.Stmt]bool{} // statements whose key is an element of ids
	resolve := func(m *model) {
		resolveHeld(m.accs, lockFacts{precede: m.precede, element: func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool {
			return members[b] && pa == 0 && pb == 0
		}})
	}

	var m model
	all := m.add("SELECT id FROM accounts WHERE id IN (?) FOR UPDATE", ids)
	one := m.add("UPDATE accounts SET status = 'x' WHERE id = ?", id)
	notMember := m.add("UPDATE accounts SET status = 'y' WHERE id = ?", other)
	members[one.stmt] = true
	resolve(&m)
	if one.heldBy != all {
		t.Errorf("element of the locked list: heldBy %v, want the IN-list lock", one.heldBy)
	}
	if !notMember.first() {
		t.Errorf("a key not known to be an element is a first acquisition")
	}

	var s model
	shared := s.add("SELECT id FROM accounts WHERE id IN (?) LOCK IN SHARE MODE", ids)
	upd := s.add("UPDATE accounts SET status = 'x' WHERE id = ?", id)
	members[upd.stmt] = true
	resolve(&s)
	if !upd.first() || upd.upgrades != nil {
		t.Errorf("exclusive after a shared IN list: heldBy %v upgrades %v, want a plain first acquisition", upd.heldBy, upd.upgrades)
	}
	if n := nestedLocks(s.accs, s.precede, nil); len(n) != 1 || n[0].first != shared || n[0].second != upd {
		t.Errorf("shared IN list then exclusive per element: got %v, want one nested lock", n)
	}
}

func TestLockSetGoConstants(t *testing.T) {
	mention, reply := constant.MakeString("mention"), constant.MakeString("reply")
	goConst := func(c constant.Value) keyValue { return keyValue{param: 0, goConst: c, isConst: true} }
	literal := func(text string) keyValue { return keyValue{param: -1, konst: text, isConst: true} }
	for _, tc := range []struct {
		v, w keyValue
		same bool
	}{
		{goConst(mention), goConst(constant.MakeString("mention")), true},
		{goConst(mention), goConst(reply), false},
		{goConst(constant.MakeInt64(5)), goConst(constant.MakeFloat64(5)), true},
		{goConst(constant.MakeInt64(5)), goConst(constant.MakeString("5")), false},
		{goConst(mention), literal("mention"), true},
		{literal("mention"), goConst(mention), true},
		{goConst(reply), literal("mention"), false},
		// The literal's text does not say whether it was quoted: 5 and
		// '5' compare differently with a string column.
		{goConst(constant.MakeString("5")), literal("5"), false},
		{goConst(constant.MakeInt64(5)), literal("5"), false},
		{goConst(constant.MakeString("NULL")), literal("NULL"), false},
		{goConst(mention), keyValue{ref: goVar("kind"), param: 0}, false},
	} {
		if got := sameValue(tc.v, tc.w); got != tc.same {
			t.Errorf("sameValue(%v, %v) = %v, want %v", tc.v, tc.w, got, tc.same)
		}
	}
}

func TestLockSetGuardedKey(t *testing.T) {
	noteID, linkNote, other := goVar("noteID"), goVar("l.NoteID"), goVar("l.TargetID")
	sc := schema.New()
	sc.Put(&schema.Table{Name: "note_link", Columns: []string{"id", "note_id", "target_id", "kind"}, Indexes: []schema.Index{
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
		{Name: "note_target_kind", Columns: []string{"note_id", "target_id", "kind"}, Unique: true},
	}})
	m := model{ctx: &Context{Schema: sc}}
	del := m.add("DELETE FROM note_link WHERE note_id = ? AND kind = ?", noteID)
	del.keys[1].values[0] = keyValue{param: 1, goConst: constant.MakeString("mention"), isConst: true}
	ins := m.add("INSERT INTO note_link (note_id, target_id, kind) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE kind = kind", linkNote, other, goVar("l.Kind"))
	again := m.add("INSERT INTO note_link (note_id, target_id, kind) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE kind = kind", other, other, goVar("l.Kind"))
	// `if l.NoteID != noteID { return }` before the first upsert: the
	// model says so, as the Go code's guards would.
	guarded := func(a *txflow.Stmt, pa int, b *txflow.Stmt, pb int) bool {
		return a == del.stmt && pa == 0 && b == ins.stmt && pb == 0
	}
	resolveHeld(m.accs, lockFacts{precede: m.precede, guarded: guarded})
	if ins.heldBy != del {
		t.Errorf("upsert of the guarded key: heldBy %v, want the DELETE, whose constant kind only filters", ins.heldBy)
	}
	if !again.first() {
		t.Errorf("an unguarded key is another row")
	}
	if !del.runtime {
		t.Errorf("a key bound to a run-time value besides the constant is chosen at run time")
	}
}
