package rules

import (
	"fmt"
	"strings"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
	"github.com/locklint/locklint/txflow"
)

// UnindexedLock finds locking reads, UPDATEs and DELETEs whose WHERE clause
// can use no index.
//
// InnoDB locks what it scans, not what matches. With no usable index it
// scans the clustered index, so at REPEATABLE READ it locks every row and
// every gap of the table until the transaction ends: every other writer,
// locking reader and inserter on the table waits (ground truth: experiments
// 1 and 11). At READ COMMITTED only the matching rows stay locked, but the
// scan still has to lock each row it passes, so it waits for any row another
// transaction holds, and every other unindexed DELETE or locking read waits
// for the rows it keeps.
//
// Only certainty is reported: a table the schema does not know, a
// statement over several tables, a condition locklint cannot read, or a
// table whose description lacks a column the WHERE compares (a migration's
// struct naming two columns of it: not the table the statement runs on)
// is silent. An UPDATE, DELETE or locking read without WHERE is a
// deliberate whole-table operation and is not reported, nor is an UPDATE
// or DELETE whose every condition excludes a one-column unique key
// (`WHERE id != ?`, `id NOT IN (...)`: every row but the ones named).
// TiDB, which locks the keys a statement returns rather than what it scans,
// is not an InnoDB and is skipped. So is a migration runner's own record of
// the steps it applied (xormigrate's Migration table, which has no index):
// only runners, one step at a time, read and write it, so a scan of it
// locks nothing anyone waits for.
//
// A table partitioned by RANGE or LIST on a column the WHERE constrains is
// scanned only in the partitions the condition reaches (partition
// pruning): the lock covers every row and gap of those partitions, not of
// the table (ground truth: TestUnindexedLock_RangePartitionsBoundTheScan),
// and the message says so. A range with only an upper bound on a RANGE
// partitioning column (`DELETE ... WHERE created < ?`, the purge that
// such partitioning is made for) reaches the oldest partitions and the
// cutoff's, while rows are written to the newest: it is not reported.
// That the cutoff lies before the newest partition is the one thing taken
// on trust there.
//
// An autocommit UPDATE or DELETE at READ COMMITTED is not reported: with
// no gap locks, the rows it scans but does not change are released as it
// passes them, and the rows it changes are held only until the statement
// ends (ground truth: experiment 1 at READ COMMITTED), which an indexed
// statement changing the same rows would do as well. What is left, the
// statement waiting for rows others hold, delays only itself.
//
// A statement of a helper that cannot tell its handle is reported in the
// helper, with both ends of the lock (the enclosing transaction's end, or
// in autocommit the statement's); a caller that passes the pool is not
// told again.
var UnindexedLock = &Rule{
	ID:               "unindexed-lock",
	Summary:          "locking read, UPDATE or DELETE whose WHERE can use no index locks the whole table",
	Stmt:             unindexedLock,
	CalleeCoversPool: true,
}

func unindexedLock(c *Context, st *txflow.Stmt) []Finding {
	s := st.SQL()
	if s == nil || !locks(s) || c.Server.Engine == target.TiDB {
		return nil // TiDB locks the keys it returns, not what it scans
	}
	if s.Kind == sqltext.KindSelect && st.Site.Handle.Kind == extract.HandlePool {
		return nil // lock-outside-tx: the lock ends with the statement
	}
	if s.Where == nil {
		return nil // every row on purpose: no index would take fewer
	}
	if st.Site.RunnersTable {
		return nil // the runner's own table: no one else waits on it
	}
	t := singleTable(c, s)
	if t == nil || !describesColumns(t, s.Where) {
		return nil
	}
	if s.Kind != sqltext.KindSelect && allButKeys(t, s.Where) {
		// Every row but the ones named by their key (UPDATE ... SET
		// is_default = false WHERE id != ?): the whole table on
		// purpose, which no index would narrow.
		return nil
	}
	if t.SingleRow {
		return nil // a table of one row: the scan locks that row, as a key lookup would
	}
	a := accessFor(t, s.Where)
	if a.kind != accessScan {
		return nil
	}
	level := isolation(c, st)
	gaps := gapLocking(level) && c.Server.GapLocks()
	if !gaps && st.Site.Handle.Kind == extract.HandlePool && !st.Site.Handle.Pinned {
		return nil // autocommit without gap locks: held no longer than the statement's own changes
	}
	var what string
	p := pruning(t, s.Where)
	switch {
	case p != nil && p.Op == sqltext.OpRange && p.Below && t.Partition.Ranges:
		return nil // a purge below a cutoff: the oldest partitions
	case p != nil && gaps:
		what = fmt.Sprintf("%s is partitioned by %s, so at %s InnoDB scans the partitions the condition on %s reaches, whole, and locks every row and every gap of those partitions %s: every other writer, locking reader and insert there waits",
			t.Name, p.Column, level.SQL(), p.Column, until(st))
	case p != nil:
		what = fmt.Sprintf("%s is partitioned by %s, so InnoDB scans the partitions the condition on %s reaches, whole, and must lock every row it passes there, so it waits for any of them another transaction holds; at %s the matching rows stay locked %s, and every other unindexed DELETE or locking read there waits for them",
			t.Name, p.Column, p.Column, level.SQL(), until(st))
	case gaps:
		what = fmt.Sprintf("at %s InnoDB scans the whole clustered index and locks every row and every gap of %s %s: every other writer, locking reader and insert on %s waits",
			level.SQL(), t.Name, until(st), t.Name)
	default:
		what = fmt.Sprintf("InnoDB scans the whole clustered index and must lock every row it passes, so it waits for any row of %s another transaction holds; at %s the matching rows stay locked %s, and every other unindexed DELETE or locking read on %s waits for them",
			t.Name, level.SQL(), until(st), t.Name)
	}
	return []Finding{{
		Pos:     st.Pos(),
		Message: fmt.Sprintf("%s on %s can use no index (%s): %s. Fix: %s", verb(s), t.Name, a.why, what, a.fix),
		Related: beginRelated(st),
	}}
}

// allButKeys reports whether every conjunct of where is `key != v` or
// `key NOT IN (...)` on a one-column unique key of t: the statement means
// every row of t but a few.
func allButKeys(t *schema.Table, where *sqltext.Cond) bool {
	cs := where.Conjuncts()
	for _, c := range cs {
		if c.Op != sqltext.CondPred || !c.Pred.Excludes || !uniqueColumnOf(t, c.Pred.Column) {
			return false
		}
	}
	return len(cs) > 0
}

// pruning returns the predicate of where's top-level conjunction that lets
// the server skip partitions of t: equality or an IN list on t's RANGE or
// LIST partitioning column, or a range on it when the partitioning
// expression is increasing in it. It returns nil when there is none.
func pruning(t *schema.Table, where *sqltext.Cond) *sqltext.Pred {
	if t.Partition == nil || where == nil {
		return nil
	}
	for _, c := range where.Conjuncts() {
		p := c.Pred
		if c.Op != sqltext.CondPred || p.Column != t.Partition.Column || p.Table != "" && p.Table != t.Name || !sargable(p) {
			continue
		}
		switch {
		case p.Op == sqltext.OpEq || p.Op == sqltext.OpIn:
			return p
		case p.Op == sqltext.OpRange && t.Partition.Ranges && len(p.Values) > 0:
			return p
		}
	}
	return nil
}

// describesColumns reports whether every column the WHERE compares is a
// column of t as the schema knows it. A schema source that lacks one (a
// migration's struct naming a single column of the table, a stale DDL)
// does not describe the table the statement runs on, so its indexes say
// nothing about it.
func describesColumns(t *schema.Table, where *sqltext.Cond) bool {
	if where == nil || len(t.Columns) == 0 {
		return true
	}
	known := map[string]bool{}
	for _, col := range t.Columns {
		known[strings.ToLower(col)] = true
	}
	ok := true
	var walk func(c *sqltext.Cond)
	walk = func(c *sqltext.Cond) {
		if c == nil {
			return
		}
		if c.Pred != nil && c.Pred.Column != "" && (c.Pred.Table == "" || strings.EqualFold(c.Pred.Table, t.Name)) && !known[c.Pred.Column] {
			ok = false
		}
		for _, a := range c.Args {
			walk(a)
		}
	}
	walk(where)
	return ok
}
