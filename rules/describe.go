package rules

import (
	"fmt"
	"strings"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// verb names a statement the way messages refer to it: "SELECT ... FOR
// UPDATE", "UPDATE", "DELETE".
func verb(s *sqltext.Summary) string {
	switch s.Kind {
	case sqltext.KindSelect:
		switch {
		case s.Lock == sqltext.LockExclusive:
			return "SELECT ... FOR UPDATE"
		case s.Lock == sqltext.LockShared && s.ForShareSyntax:
			return "SELECT ... FOR SHARE"
		case s.Lock == sqltext.LockShared:
			return "SELECT ... LOCK IN SHARE MODE"
		}
		return "SELECT"
	case sqltext.KindInsert:
		if s.Replace {
			return "REPLACE"
		}
		return "INSERT"
	case sqltext.KindUpdate:
		return "UPDATE"
	case sqltext.KindDelete:
		return "DELETE"
	}
	return "statement"
}

// locks reports whether a statement takes row locks on what it reads:
// locking reads, UPDATE and DELETE.
func locks(s *sqltext.Summary) bool {
	switch s.Kind {
	case sqltext.KindSelect:
		return s.Lock != sqltext.LockNone
	case sqltext.KindUpdate, sqltext.KindDelete:
		return true
	}
	return false
}

// singleTable returns the schema's table when the statement itself reads
// exactly one table (tables its subqueries read do not count: its WHERE
// compares with their result as with a run-time value) and the schema
// knows it.
func singleTable(c *Context, s *sqltext.Summary) *schema.Table {
	var own *sqltext.TableRef
	for i := range s.Tables {
		if s.Tables[i].Nested {
			continue
		}
		if own != nil {
			return nil
		}
		own = &s.Tables[i]
	}
	if own == nil || own.Name == "" {
		return nil
	}
	return c.Schema.Table(own.Name)
}

// isolation is the level a statement's transaction runs at.
func isolation(c *Context, st *txflow.Stmt) sqltext.Isolation {
	if st.Tx != nil && st.Tx.Isolation != sqltext.IsolationUnknown {
		return st.Tx.Isolation
	}
	return c.Server.DefaultIsolation()
}

// gapLocking reports whether the level takes gap and next-key locks.
func gapLocking(l sqltext.Isolation) bool {
	return l == sqltext.RepeatableRead || l == sqltext.Serializable
}

// until says how long a statement's locks are held, from its handle.
func until(st *txflow.Stmt) string {
	switch st.Site.Handle.Kind {
	case extract.HandleTx:
		return "until the transaction commits or rolls back"
	case extract.HandlePool:
		return "for as long as the statement runs (it autocommits)"
	}
	return "until the enclosing transaction ends (or, in autocommit mode, the statement)"
}

// beginRelated points at the transaction's Begin, when this function has it.
func beginRelated(st *txflow.Stmt) []Related {
	if st.Tx == nil {
		return nil
	}
	if st.Tx.BeginPos() == 0 {
		var out []Related
		for _, p := range st.Tx.CallerBegins {
			out = append(out, Related{Pos: p, Message: "a caller's transaction, which runs this, begins here"})
		}
		return out
	}
	return []Related{{Pos: st.Tx.BeginPos(), Message: "the transaction begins here"}}
}

func indexText(a access) string {
	if a.index == nil {
		return ""
	}
	name := a.index.Name
	if a.index.Primary {
		name = "PRIMARY"
	}
	return fmt.Sprintf("%s (%s)", name, strings.Join(a.index.Columns, ", "))
}

// holdsRowLocks reports whether a statement leaves row locks held until
// the transaction ends: locking reads and every write.
func holdsRowLocks(s *sqltext.Summary) bool {
	return locks(s) || s.Kind == sqltext.KindInsert
}

// workBefore reports whether the transaction st runs in may have written
// or locked rows before st: only then has an implicit commit at st (DDL,
// LOCK TABLES) anything to commit. A transaction used only to hold one
// connection (SET, GET_LOCK, plain reads) loses nothing.
func workBefore(st *txflow.Stmt) bool {
	if st.Tx == nil {
		return false
	}
	if st.Tx.Begin == nil {
		return true // begun by the caller, which may have written
	}
	for _, o := range st.Tx.Stmts {
		if o == st {
			continue
		}
		if s := o.SQL(); (s == nil || holdsRowLocks(s)) && st.Tx.MayPrecede(o, st) {
			return true // unknown text counts: it may write
		}
	}
	return false
}

// tableName is the statement's first table, for messages. Where the Go
// code names it at run time, say so; tableOf says from what.
func tableName(s *sqltext.Summary) string {
	if len(s.Tables) == 0 || s.Tables[0].Name == "" {
		return unknownTable
	}
	return s.Tables[0].Name
}

const unknownTable = "a table named at run time"

// tableOf is the statement's first table, for messages; a table named at
// run time is described by the Go values that fill the text's holes:
// "the table named at run time by field s.table".
func tableOf(st *txflow.Stmt) string {
	s := st.SQL()
	if s == nil {
		return unknownTable
	}
	if len(s.Tables) > 0 && s.Tables[0].Name != "" {
		return s.Tables[0].Name
	}
	return runTimeTable(tableHoles(st))
}

// tableHoles are what fills the holes that stand in the statement's table
// name, or all of its holes when none is known to.
func tableHoles(st *txflow.Stmt) []string {
	holes := st.Site.Holes
	idx := sqltext.TableHoles(st.Site.Text)
	if len(idx) == 0 || strings.Count(st.Site.Text, sqltext.Hole) != len(holes) {
		return holes
	}
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		out = append(out, holes[i])
	}
	return out
}

// sameTable reports whether two statements' first tables are the same: the
// same name, or a name filled at run time from the same single Go value
// (the field s.table in both). Two tables named at run time from
// different values, or from several, are not known to be the same.
func sameTable(a, b *txflow.Stmt) bool {
	ta, tb := tableOf(a), tableOf(b)
	return ta == tb && ta != unknownTable && !strings.HasPrefix(ta, unknownTable+" (")
}

// runTimeTable describes a table whose name fills one of the holes.
func runTimeTable(holes []string) string {
	var from []string
	seen := map[string]bool{}
	for _, h := range holes {
		if !seen[h] {
			seen[h] = true
			from = append(from, h)
		}
	}
	switch {
	case len(from) == 1:
		return "the table named at run time by " + from[0]
	case len(from) > 1 && len(from) <= 3:
		return unknownTable + " (by " + strings.Join(from, " or ") + ")"
	}
	return unknownTable
}
