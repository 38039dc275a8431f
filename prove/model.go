package prove

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
)

// The value model. Seed row n holds n in every column (as a number, or
// as "v%04d" in a string column), and a statement bound to row n gets n
// for every placeholder that stands for a column, so it finds row n by
// whichever columns it filters on. Columns that a statement compares with
// a constant hold the constant instead.

// seeds are the rows every scratch table starts with: gaps lie between
// them, and a key between two of them is absent.
var seeds = []int{96, 100, 104}

const (
	rowX      = 100 // the row scenarios lock
	rowY      = 104 // the second row, for two rows in opposite order
	absentKey = 102 // a key no row has, inside the gap (100, 104)
)

// model is the scratch tables of one case.
type model struct {
	tables map[string]*scratchTable
	order  []string
}

var (
	dollarParam = regexp.MustCompile(`\$[0-9]`)
	// intoFile is SELECT ... INTO OUTFILE or DUMPFILE, which writes a file
	// on the scratch server: never replayed.
	intoFile = regexp.MustCompile(`(?i)\binto\s+(outfile|dumpfile)\b`)
	numeric  = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

// check says why a statement cannot be replayed, or "". It rewrites
// named placeholders as ?.
func check(st *Stmt, known map[string]*schema.Table) string {
	s := st.SQL
	switch {
	case st.Text == "":
		return "the statement at " + st.Posn + " is built by an ORM call and its SQL text is not known"
	case strings.Contains(st.Text, sqltext.Hole):
		return "the text of the statement at " + st.Posn + " is only partly known: a part of it is filled in at run time"
	case dollarParam.MatchString(st.Text):
		return "the statement at " + st.Posn + " uses $n placeholders"
	case strings.Contains(strings.TrimRight(strings.TrimSpace(st.Text), ";"), ";"):
		return "the text at " + st.Posn + " holds more than one statement"
	case intoFile.MatchString(st.Text):
		return "the statement at " + st.Posn + " writes a file on the server"
	}
	if why := positional(st); why != "" {
		return why
	}
	switch s.Kind {
	case sqltext.KindSelect, sqltext.KindInsert, sqltext.KindUpdate, sqltext.KindDelete:
	default:
		return "the statement at " + st.Posn + " is not a SELECT, INSERT, UPDATE or DELETE"
	}
	if len(s.Tables) == 0 {
		return "the statement at " + st.Posn + " uses no table"
	}
	for _, t := range s.Tables {
		if t.Name == "" {
			return "the statement at " + st.Posn + " names its table at run time"
		}
		if known[t.Name] == nil {
			return "table " + t.Name + " is not in the schema"
		}
		// A qualified name would reach another database of the
		// scratch server.
		q := regexp.MustCompile("(?i)[A-Za-z0-9_`]\\s*\\.\\s*`?" + regexp.QuoteMeta(t.Name) + "\\b")
		if q.MatchString(st.Text) {
			return "the statement at " + st.Posn + " qualifies table " + t.Name + " with a database"
		}
	}
	return ""
}

// positional rewrites a statement's named placeholders (:name) as ?,
// which is all the driver binds; the summary numbers them in the same
// order.
func positional(st *Stmt) string {
	named := false
	for _, n := range st.SQL.ParamNames {
		named = named || n != ""
	}
	if !named {
		return ""
	}
	text, ok := sqltext.Positional(st.Text)
	if !ok {
		return "the statement at " + st.Posn + " has placeholders locklint cannot rewrite as ?"
	}
	st.Text = text
	return ""
}

// newModel makes the scratch tables for the statements.
func newModel(c Case, stmts []Stmt) *model {
	m := &model{tables: map[string]*scratchTable{}}
	for _, t := range c.Tables {
		st := &scratchTable{name: t.Name, types: map[string]colType{}, consts: map[string]string{}, prefixes: map[string]string{}}
		for _, col := range t.Columns {
			st.addColumn(col)
		}
		for i, ix := range t.Indexes {
			if ix.Name == "" || ix.Name == "primary" && !ix.Primary {
				ix.Name = fmt.Sprintf("ix_%d", i)
			}
			for _, col := range ix.Columns {
				st.addColumn(col)
			}
			if ix.Primary {
				st.primary = ix.Columns
			}
			st.indexes = append(st.indexes, ix)
		}
		m.tables[t.Name] = st
		m.order = append(m.order, t.Name)
	}
	for _, st := range stmts {
		m.learn(st.SQL)
	}
	return m
}

func (t *scratchTable) addColumn(col string) {
	if col == "" || col == "*" {
		return
	}
	for _, c := range t.columns {
		if c == col {
			return
		}
	}
	t.columns = append(t.columns, col)
}

// tableOf is the table a column of s belongs to: the predicate's own,
// or the statement's only table.
func (m *model) tableOf(s *sqltext.Summary, table string) *scratchTable {
	if table != "" {
		return m.tables[table]
	}
	var only *scratchTable
	for _, t := range s.Tables {
		if t.Nested {
			continue
		}
		if only != nil && only.name != t.Name {
			return nil
		}
		only = m.tables[t.Name]
	}
	return only
}

// learn adds the columns a statement uses, and their types.
func (m *model) learn(s *sqltext.Summary) {
	note := func(t *scratchTable, col string, v sqltext.Value, eq bool) {
		if t == nil {
			return
		}
		t.addColumn(col)
		if v.Kind == sqltext.ValueConst {
			if !numeric.MatchString(v.Text) {
				t.types[col] = colString
			}
			if eq {
				t.consts[col] = v.Text
			}
		}
	}
	forPreds(s.Where, func(p *sqltext.Pred) {
		t := m.tableOf(s, p.Table)
		if t == nil {
			return
		}
		t.addColumn(p.Column)
		if p.Op == sqltext.OpLikePrefix && len(p.Values) == 1 && p.Values[0].Kind == sqltext.ValueConst {
			// LIKE 'abc%': every row's value starts with abc, so the
			// statement finds them and inserts land in its range.
			if pre, ok := strings.CutSuffix(p.Values[0].Text, "%"); ok && !strings.ContainsAny(pre, "%_") {
				t.types[p.Column] = colString
				t.prefixes[p.Column] = pre
			}
			return
		}
		for _, v := range p.Values {
			note(t, p.Column, v, p.Op == sqltext.OpEq && len(p.Values) == 1)
		}
	})
	if len(s.Tables) == 0 {
		return
	}
	target := m.tables[s.Tables[0].Name]
	if target == nil {
		return
	}
	for i, col := range s.InsertColumns {
		if i < len(s.InsertValues) {
			note(target, col, s.InsertValues[i], false)
		} else {
			target.addColumn(col)
		}
	}
	for _, a := range s.Set {
		note(target, a.Column, a.Value, false)
	}
	if s.Kind == sqltext.KindSelect && len(s.Tables) == 1 {
		for _, col := range s.Columns {
			target.addColumn(col)
		}
	}
}

func forPreds(c *sqltext.Cond, f func(*sqltext.Pred)) {
	if c == nil {
		return
	}
	if c.Pred != nil {
		f(c.Pred)
	}
	for _, a := range c.Args {
		forPreds(a, f)
	}
}

// value is what column col of t holds in row n.
func (t *scratchTable) value(col string, n int) any {
	if t == nil {
		return int64(n)
	}
	if t.types[col] == colString {
		pre, ok := t.prefixes[col]
		if !ok {
			pre = "v"
		}
		return fmt.Sprintf("%s%04d", pre, n)
	}
	return int64(n)
}

// seedValue is what seed row n holds in col: the constant statements
// look for, or n.
func (t *scratchTable) seedValue(col string, n int) any {
	if k, ok := t.consts[col]; ok && (n == rowX || !t.constKey(col)) {
		if t.types[col] == colInt {
			if v, err := strconv.ParseInt(k, 10, 64); err == nil {
				return v
			}
		}
		return k
	}
	return t.value(col, n)
}

// constKey reports whether col is in a unique key whose every column a
// statement compares with a constant: only one row can hold those
// constants, and it is row 100, the row scenarios work on.
func (t *scratchTable) constKey(col string) bool {
	for _, ix := range t.indexes {
		if !ix.Unique && !ix.Primary {
			continue
		}
		has, all := false, true
		for _, c := range ix.Columns {
			has = has || c == col
			_, ok := t.consts[c]
			all = all && ok
		}
		if has && all {
			return true
		}
	}
	return false
}

// insertRow is an INSERT of row n with every column, as the seeds and
// the other session's inserts are written.
func (t *scratchTable) insertRow(n int, seed bool) (string, []any) {
	var cols, marks []string
	var args []any
	for _, c := range t.columns {
		cols = append(cols, quote(c))
		marks = append(marks, "?")
		if seed {
			args = append(args, t.seedValue(c, n))
		} else {
			args = append(args, t.value(c, n))
		}
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quote(t.name), strings.Join(cols, ", "), strings.Join(marks, ", ")), args
}

// bind binds the placeholders of s for row n: each gets what row n holds
// in its column, so the statement finds row n. A range's lower bound gets
// n-2 and its upper bound n+2. A SET of a column gets set(n) when set is
// given, else row n's value: the row keeps its values and the statement's
// WHERE still finds it. A placeholder that stands for no column (LIMIT ?,
// an expression) gets 1.
func (m *model) bind(s *sqltext.Summary, n int, set func(int) int) []any {
	args := make([]any, s.Params)
	for i := range args {
		args[i] = int64(1)
	}
	put := func(v sqltext.Value, t *scratchTable, col string, row int) {
		if v.Kind == sqltext.ValueParam && v.Param >= 0 && v.Param < len(args) {
			args[v.Param] = t.seedValue(col, row)
		}
	}
	forPreds(s.Where, func(p *sqltext.Pred) {
		t := m.tableOf(s, p.Table)
		for i, v := range p.Values {
			row := n
			if p.Op == sqltext.OpRange {
				// Bounds around row n, short of its neighbours: the
				// range holds row n, and both of its sides are gaps
				// with rows beyond them.
				row = n - 2
				if p.Below || len(p.Values) == 2 && i == 1 {
					row = n + 2
				}
			}
			put(v, t, p.Column, row)
		}
	})
	if len(s.Tables) == 0 {
		return args
	}
	target := m.tables[s.Tables[0].Name]
	if len(s.InsertValues) == len(s.InsertColumns) && len(s.InsertValues) > 0 {
		for i, col := range s.InsertColumns {
			put(s.InsertValues[i], target, col, n)
		}
	} else if len(s.InsertColumns) > 0 && s.Where == nil && s.Params > 0 && s.Params%len(s.InsertColumns) == 0 {
		// A multi-row VALUES list of placeholders only.
		for i := range args {
			args[i] = target.value(s.InsertColumns[i%len(s.InsertColumns)], n)
		}
	}
	for _, a := range s.Set {
		if a.Relative {
			continue
		}
		if set == nil {
			put(a.Value, target, a.Column, n)
		} else if v := a.Value; v.Kind == sqltext.ValueParam && v.Param >= 0 && v.Param < len(args) {
			args[v.Param] = target.value(a.Column, set(n))
		}
	}
	return args
}

// primaryKey returns the primary key columns of the table, nil if none.
func (t *scratchTable) primaryKey() []string { return t.primary }

// byKey is a WHERE clause on the primary key and its arguments, for the
// key values given, or for seed row n's when key is nil.
func (t *scratchTable) byKey(n int, key []any) (string, []any) {
	var where []string
	var args []any
	for i, c := range t.primary {
		where = append(where, quote(c)+" = ?")
		if key != nil {
			args = append(args, key[i])
		} else {
			args = append(args, t.seedValue(c, n))
		}
	}
	return strings.Join(where, " AND "), args
}

// touch is a DELETE of one row by its primary key, which session B runs
// in a transaction it rolls back: it needs every index entry of the row,
// so it waits for any lock another transaction holds on the row, in the
// clustered index or in a secondary index a covering read locked.
func (t *scratchTable) touch(n int, key []any) (string, []any) {
	where, args := t.byKey(n, key)
	return fmt.Sprintf("DELETE FROM %s WHERE %s", quote(t.name), where), args
}
