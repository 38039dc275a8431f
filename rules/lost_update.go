package rules

import (
	"fmt"
	"strings"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// LostUpdate finds read-modify-write cycles done in the application with
// nothing holding the row between the read and the write.
//
// A plain SELECT takes no row lock, at READ COMMITTED and at REPEATABLE
// READ alike: two transactions both read balance = 0, both compute 1 and
// both write 1, and one increment is gone without any error (ground truth:
// experiment 10a; rule 7). The UPDATE locks the row only from when it runs
// until its transaction ends, too late to protect the value it was
// computed from. Safe forms, all measured: an atomic `SET col = col + ?`
// evaluated by the server on the locked row (10b), `SELECT ... FOR
// UPDATE` in the writing transaction before the value is read (2a), or an
// optimistic version check — `WHERE version = ?` with `SET version =
// version + 1`, and RowsAffected looked at, since the loser matches no
// row and gets aff=0 (10d, 10e). The version may be per row or per field
// (`balance_version`), or the old value itself (`WHERE balance = ?`): what
// matters is that the WHERE compares a column the UPDATE changes, because
// with go-sql-driver defaults RowsAffected counts changed rows, not
// matched ones.
//
// The rule follows values inside one function, from the read's scan
// destinations through assignments, struct fields and arithmetic, to the
// `col = ?` placeholders of an UPDATE (or INSERT ... ON DUPLICATE KEY
// UPDATE) of a table the read read. A getter's read counts as the
// function's own, its rows in the variable the getter's result goes to,
// and so does a helper's UPDATE of a struct the function passes it
// whole: read, change and write-back spread over three functions are one
// cycle in the function that changes the struct. Only what can undo a concurrent change
// counts: a column written with a value derived from what the read
// returned for that column (where a GORM or xorm model tells which field
// holds which column; a copy of the rows read carries only the fields
// read, so a column filled from another column of the row is no
// write-back), and for GORM's Save of a loaded struct the columns
// written back as read; the message names them. Not lost updates: GORM's
// soft delete (it writes the current time), columns set from the caller's
// values (last writer wins on purpose), a write to another row than the
// one read (a parent read to fill in a child, or the rows that refer to
// the row read: a folder's children moved to the folder's parent), and a write after a checked
// compare-and-set that claimed the row (`SET status = 'running' WHERE id
// = ? AND status = 'pending'`, RowsAffected looked at). It stays silent when a locking read
// of that table precedes the write in its transaction (a plain read after
// it is stale-snapshot-read's concern when it is stale, and safe when it
// is not), and for reads in a SERIALIZABLE transaction, where plain reads
// take shared locks (14j) and the race becomes a deadlock instead.
//
// Ground-truth tests: TestLostUpdate_PlainReadThenWriteLosesUpdate,
// TestLostUpdate_AtomicIncrementKeepsBoth,
// TestLostUpdate_VersionedUpdateLoserAffectsNoRows.
var LostUpdate = &Rule{
	ID:      "lost-update",
	Summary: "value read by a plain SELECT written back by an UPDATE with no lock or version check in between: concurrent updates are silently lost",
	Func:    lostUpdate,
}

func lostUpdate(c *Context, f *txflow.Func) []Finding {
	var out []Finding
	reported := map[*txflow.Stmt]bool{}
	for _, feed := range readFeeds(c, f) {
		feed = ownColumns(c, f, feed)
		if len(feed.columns) == 0 && !feed.row {
			continue
		}
		r, w := feed.read, feed.write
		table := writeTable(w.SQL())
		if reported[w] || feed.optimistic || table == "" || !reads(r.SQL(), table) {
			continue
		}
		if r.Tx != nil && isolation(c, r) == sqltext.Serializable {
			continue
		}
		if !sameRow(c, f, feed, table) || lockedBefore(w, table, r) || claimedBefore(c, f, w, table) {
			continue
		}
		reported[w] = true
		out = append(out, Finding{
			Pos:     w.Pos(),
			Message: lostUpdateMessage(w, table, feed),
			Related: []Related{{Pos: r.Pos(), Message: fmt.Sprintf("the value is read here by a plain SELECT of %s, which locks nothing", table)}},
		})
	}
	return out
}

// lockedBefore reports whether a locking read of table, other than
// except, may run before w in w's transaction and so holds the row until
// w's transaction ends.
func lockedBefore(w *txflow.Stmt, table string, except *txflow.Stmt) bool {
	for _, l := range append(lockingReads(w.Tx, table), writeLocks(w, table)...) {
		if l != except && l != w && w.Tx.MayPrecede(l, w) {
			return true
		}
	}
	return false
}

// ownColumns keeps the columns the write sets from what the read returned
// for that same column, where the read's destination tells which field
// holds which column (a GORM model). A value computed from other columns
// (a solution derived from an error's text, a total from a price) undoes
// no concurrent change of the column it is written to: only a column
// read, changed in the application and written back can lose one.
func ownColumns(c *Context, f *txflow.Func, feed readFeed) readFeed {
	flow := c.values(f).Flow(feed.read.Site)
	var cols []string
	var params []int
	for i, col := range feed.columns {
		if own, known := flow.Column(feed.read.Site, col); known && !own.Reaches(feed.write.Site, feed.params[i]) {
			continue
		}
		cols, params = append(cols, col), append(params, feed.params[i])
	}
	feed.columns, feed.params = cols, params
	return feed
}

// sameRow reports whether the write may change a row the read read. It
// is false when the write finds its row by primary-key equality with a
// value that neither comes from the read nor is the value the read
// looked its row up by: a parent read to compute a child's fields, then
// the child saved, changes no row that was read. It is false too when the
// read found its one row by its whole primary key and the write requires
// another column to equal that same key value: the write reaches the rows
// that refer to the row read (a group's children re-homed to the group's
// own parent), never the row read, unless that row refers to itself.
func sameRow(c *Context, f *txflow.Func, feed readFeed, table string) bool {
	r, w := feed.read, feed.write
	key := primaryKey(c, table)
	vals := c.values(f)
	flow := vals.Flow(r.Site)
	keyed := false
	for _, p := range wherePreds(w.SQL().Where) {
		if p.Op != sqltext.OpEq || !key[p.Column] || len(p.Values) != 1 || p.Values[0].Kind != sqltext.ValueParam {
			continue
		}
		keyed = true
		if flow.KeyFromRead(w.Site, p.Values[0].Param) {
			return true
		}
		for _, q := range wherePreds(r.SQL().Where) {
			if q.Column == p.Column && q.Op == sqltext.OpEq && len(q.Values) == 1 && q.Values[0].Kind == sqltext.ValueParam &&
				vals.SameBinding(r.Site, q.Values[0].Param, w.Site, p.Values[0].Param) {
				return true
			}
		}
	}
	return !keyed && !refersToRead(f, r, w, key)
}

// refersToRead reports whether r finds one row by equality on its whole
// primary key key, one column, bound to a value that w binds to its
// equality on another column: w's rows refer to r's row.
func refersToRead(f *txflow.Func, r, w *txflow.Stmt, key map[string]bool) bool {
	if len(key) != 1 {
		return false
	}
	for _, q := range wherePreds(r.SQL().Where) {
		if !key[q.Column] || q.Op != sqltext.OpEq || len(q.Values) != 1 || q.Values[0].Kind != sqltext.ValueParam {
			continue
		}
		for _, p := range wherePreds(w.SQL().Where) {
			if p.Column != q.Column && p.Op == sqltext.OpEq && len(p.Values) == 1 && p.Values[0].Kind == sqltext.ValueParam &&
				f.Extract.SameBinding(r.Site, q.Values[0].Param, w.Site, p.Values[0].Param) {
				return true
			}
		}
	}
	return false
}

// claimedBefore reports whether an atomic compare-and-set of the same
// row may run before w in f and is checked: `UPDATE t SET status =
// 'merging' WHERE id = ? AND status = 'uploading'` followed by a look at
// RowsAffected. Of two concurrent callers only one changes the row (the
// other's WHERE no longer matches once the first commits, ground truth
// 10d, 10e) and goes on to write; the loser stops. The row is the
// winner's until it moves the status on, so its later write loses
// nothing. Same row means both WHEREs require equality on a column of
// table's primary key.
func claimedBefore(c *Context, f *txflow.Func, w *txflow.Stmt, table string) bool {
	key := primaryKey(c, table)
	keyed := map[string]bool{}
	for _, p := range wherePreds(w.SQL().Where) {
		if p.Op == sqltext.OpEq && key[p.Column] {
			keyed[p.Column] = true
		}
	}
	for _, cl := range f.Stmts {
		cs := cl.SQL()
		if cl == w || cs == nil || cs.Kind != sqltext.KindUpdate || writeTable(cs) != table || !f.MayPrecede(cl, w) {
			continue
		}
		sameRow := false
		for _, p := range wherePreds(cs.Where) {
			sameRow = sameRow || p.Op == sqltext.OpEq && keyed[p.Column]
		}
		anyValue := func(p *sqltext.Pred) bool {
			return len(p.Values) == 1 && (p.Values[0].Kind == sqltext.ValueParam || p.Values[0].Kind == sqltext.ValueConst)
		}
		if sameRow && guardedBy(c, cs, anyValue) && c.values(f).ChecksRowsAffected(cl.Site) {
			return true
		}
	}
	return false
}

func lostUpdateMessage(w *txflow.Stmt, table string, feed readFeed) string {
	what := "sets " + strings.Join(feed.columns, ", ") + " from a value"
	col := "col"
	if len(feed.columns) > 0 {
		col = feed.columns[0]
	}
	switch {
	case feed.row && len(feed.rowColumns) > 0 && len(feed.columns) == 0:
		what = "writes " + strings.Join(feed.rowColumns, ", ") + " back from a value"
	case feed.row && len(feed.columns) == 0:
		what = "saves every column of a value"
	}
	atomic := fmt.Sprintf("compute it in SQL (SET %s = %s + ?)", col, col)
	lock := fmt.Sprintf("read it with SELECT ... FOR UPDATE in the transaction that runs this %s", verb(w.SQL()))
	if w.Tx == nil {
		lock = "begin a transaction, read with SELECT ... FOR UPDATE and write through it"
	}
	version := "add a version check (WHERE version = ? with SET version = version + 1) and check RowsAffected"
	if fw := w.Site.Framework; fw == extract.GORM || fw == extract.GORMv1 {
		atomic = fmt.Sprintf("update only what changed, computed in SQL (Update(%q, gorm.Expr(\"%s + ?\", n)))", col, col)
		lock = `read it with Clauses(clause.Locking{Strength: "UPDATE"}) inside the transaction that writes`
		if w.Tx == nil {
			lock = `read it with Clauses(clause.Locking{Strength: "UPDATE"}) and write it inside one db.Transaction`
		}
		version = `add a version check (Where("version = ?", old) with "version" set to gorm.Expr("version + 1")) and check RowsAffected`
	}
	if w.Site.Framework == extract.XORM {
		if feed.row && len(feed.rowColumns) == 0 && len(feed.columns) == 0 {
			what = "writes every non-zero field back from a value"
		}
		atomic = fmt.Sprintf("update only what changed, computed in SQL (Cols(%q) with SetExpr(%q, %q))", col, col, col+" + ?")
		lock = "read it with ForUpdate() on the session that writes, after its Begin"
		if w.Tx == nil {
			lock = "begin a session, read with ForUpdate() on it and write through it"
		}
		version = "add a field tagged `xorm:\"version\"`, which Update checks and increments, and check the affected count"
	}
	return fmt.Sprintf("%s of %s %s read by a plain SELECT that took no lock: another transaction can change the row between the read and this write, and this write then overwrites its change without any error (a lost update, at READ COMMITTED and REPEATABLE READ alike); InnoDB locks the row only from this %s until its transaction ends, after the value was computed. Fix: %s, or %s, or %s",
		verb(w.SQL()), table, what, verb(w.SQL()), atomic, lock, version)
}
