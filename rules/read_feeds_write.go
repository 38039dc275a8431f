package rules

import (
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// readFeed is a plain (non-locking) read whose result reaches the value
// an UPDATE writes: read-modify-write in the application. lost-update and
// stale-snapshot-read both start from it and differ in what protects, or
// fails to protect, the row in between.
type readFeed struct {
	read, write *txflow.Stmt
	// columns are the columns the write sets from the read's values with
	// `col = ?`; `col = col + ?` is evaluated by the server on the locked
	// row and is not listed.
	columns []string
	// params are the placeholders that bind columns, in the same order.
	params []int
	// row is true when the write saves a whole Go value derived from the
	// read (GORM's Save(&acc) after First(&acc)).
	row bool
	// rowColumns are the columns such a write stores with values the read
	// returned, as read or derived from them; nil when the model is
	// unknown and any column may.
	rowColumns []string
	// optimistic is true when the write's WHERE compares a column it also
	// sets against a value from the read (a version, per row or per field,
	// or the old value) and the function checks the affected-row count:
	// a lost race changes no row and is noticed.
	optimistic bool
}

// readFeeds finds every plain read in f whose values reach the SET of a
// later UPDATE (or INSERT ... ON DUPLICATE KEY UPDATE) in f.
func readFeeds(c *Context, f *txflow.Func) []readFeed {
	var writes []*txflow.Stmt
	for _, w := range f.Stmts {
		if ws := w.SQL(); ws != nil && len(ws.Set) > 0 && (ws.Kind == sqltext.KindUpdate || ws.Kind == sqltext.KindInsert) {
			writes = append(writes, w)
		}
	}
	if len(writes) == 0 {
		return nil // most functions: no data flow to follow
	}
	var out []readFeed
	vals := c.values(f)
	for _, r := range f.Stmts {
		rs := r.SQL()
		if rs == nil || rs.Kind != sqltext.KindSelect || rs.Lock != sqltext.LockNone {
			continue
		}
		flow := vals.Flow(r.Site)
		if flow == nil {
			continue
		}
		for _, w := range writes {
			ws := w.SQL()
			if w == r || !f.MayPrecede(r, w) {
				continue
			}
			feed := readFeed{read: r, write: w}
			for _, a := range ws.Set {
				if !a.Relative && a.Value.Kind == sqltext.ValueParam && flow.Reaches(w.Site, a.Value.Param) {
					feed.columns = append(feed.columns, a.Column)
					feed.params = append(feed.params, a.Value.Param)
				}
			}
			feed.row = flow.ReachesRow(w.Site)
			if cols, known := flow.RowColumns(w.Site); feed.row && known {
				// Columns set from the caller's values after the read
				// are last-writer-wins on purpose; only columns that
				// carry what was read can undo a concurrent change.
				feed.row, feed.rowColumns = len(cols) > 0, cols
			}
			if feed.row && len(feed.columns) == 0 && (r.Site.ThroughHelpers() || w.Site.ThroughHelpers()) && len(flow.Bumped(w.Site)) == 0 {
				// A getter's row written back whole by the caller or a
				// helper, with nothing in it changed from its own value:
				// an edit form's save, whose stale columns undo only a
				// concurrent edit of the same row. Across helpers only a
				// counter bumped in between (t.NumRepos++) counts.
				feed.row = false
			}
			if len(feed.columns) == 0 && !feed.row {
				continue
			}
			feed.optimistic = guardedBy(c, ws, func(p *sqltext.Pred) bool {
				return len(p.Values) == 1 && p.Values[0].Kind == sqltext.ValueParam &&
					flow.Reaches(w.Site, p.Values[0].Param)
			}) && vals.ChecksRowsAffected(w.Site)
			out = append(out, feed)
		}
	}
	return out
}

// guardedBy reports whether the WHERE of write requires (at its top level,
// not under an OR) `col = <value>` for a column the write also sets, with
// a value fromRead accepts. That is an optimistic check: a concurrent
// writer changes col, so this write matches no row. A column the write
// does not change (WHERE id = ?) checks nothing, however it was read. A
// write whose SET the SQL cannot list (GORM's Save) may change any column
// but the primary key.
func guardedBy(c *Context, write *sqltext.Summary, fromRead func(*sqltext.Pred) bool) bool {
	set := map[string]bool{}
	all := false
	for _, a := range write.Set {
		set[a.Column] = true
		all = all || a.Column == ""
	}
	if all {
		key := primaryKey(c, writeTable(write))
		for _, p := range wherePreds(write.Where) {
			if !key[p.Column] {
				set[p.Column] = true
			}
		}
	}
	for _, p := range wherePreds(write.Where) {
		if p != nil && p.Op == sqltext.OpEq && set[p.Column] && fromRead(p) {
			return true
		}
	}
	return false
}

// wherePreds lists the predicates a WHERE requires at its top level
// (itself, or the conjuncts of an AND), not those under an OR.
func wherePreds(c *sqltext.Cond) []*sqltext.Pred {
	var preds []*sqltext.Pred
	switch {
	case c == nil:
	case c.Op == sqltext.CondPred && c.Pred != nil:
		preds = append(preds, c.Pred)
	case c.Op == sqltext.CondAnd:
		for _, a := range c.Args {
			if a.Op == sqltext.CondPred && a.Pred != nil {
				preds = append(preds, a.Pred)
			}
		}
	}
	return preds
}

// primaryKey returns the primary-key columns of table, from the schema,
// or {id} when the schema does not know the table: GORM's default key.
func primaryKey(c *Context, table string) map[string]bool {
	key := map[string]bool{}
	if t := c.Schema.Table(table); t != nil {
		for _, ix := range t.Indexes {
			if ix.Primary {
				for _, col := range ix.Columns {
					key[col] = true
				}
			}
		}
	}
	if len(key) == 0 {
		key["id"] = true
	}
	return key
}

// reads reports whether the statement reads table (lower case).
func reads(s *sqltext.Summary, table string) bool {
	for _, t := range s.Tables {
		if t.Name != "" && t.Name == table {
			return true
		}
	}
	return false
}

// writeTable is the table an UPDATE or INSERT writes, "" when unknown.
func writeTable(s *sqltext.Summary) string {
	if len(s.Tables) == 0 {
		return ""
	}
	return s.Tables[0].Name
}

// lockingReads lists the locking reads (SELECT ... FOR UPDATE / LOCK IN
// SHARE MODE) of table in transaction tx.
func lockingReads(tx *txflow.Tx, table string) []*txflow.Stmt {
	var out []*txflow.Stmt
	if tx == nil {
		return nil
	}
	for _, l := range tx.Stmts {
		if ls := l.SQL(); ls != nil && ls.Kind == sqltext.KindSelect && ls.Lock != sqltext.LockNone && reads(ls, table) {
			out = append(out, l)
		}
	}
	return out
}
