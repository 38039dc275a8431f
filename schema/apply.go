package schema

import (
	"slices"
	"strconv"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// Apply changes the schema as the DDL statement st would change the
// database. Statements that are not DDL, and DDL that does not change the
// index set (TRUNCATE, OPTIMIZE, views, ...), are ignored.
//
// A table is known only from its CREATE TABLE (or a snapshot): an ALTER
// TABLE or CREATE INDEX on a table the schema does not know leaves it
// unknown, because the statement tells us some of its indexes but never
// all of them, and a partial index set would make locklint call indexed
// queries unindexed. For the same reason an ALTER TABLE that renames a
// column (RENAME COLUMN, CHANGE COLUMN) renames it in the table's columns
// and indexes, and one whose renames are not all known makes its table
// unknown.
func (s *Schema) Apply(st *sqltext.Summary) {
	if s == nil || st == nil || st.Kind != sqltext.KindDDL || st.DDL == nil {
		return
	}
	s.init()
	d := st.DDL
	switch d.Op {
	case sqltext.DDLCreateTable:
		s.createTable(d)
	case sqltext.DDLAlterTable:
		if t := s.target(d); t != nil && renamesColumn(d) && !t.renameColumns(d) {
			// Its indexes may now hold a column under a name we do not
			// know, and a query on that name is not unindexed.
			delete(s.tables, t.Name)
		} else if t != nil {
			t.addColumns(d.Columns)
			t.setTypes(d.ColumnTypes)
			// MySQL performs an ALTER's drops before its adds, which is
			// what lets `DROP INDEX a, ADD INDEX a (x)` redefine an index.
			t.dropIndexes(d.DropIndexes)
			t.addIndexes(d.AddIndexes)
			t.Fulltext = append(t.Fulltext, d.FulltextIndexes...)
			t.dropForeignKeys(d.DropForeignKeys)
			t.addForeignKeys(d.ForeignKeys)
		}
		// A rename moves what we know, or what we do not know, about the
		// table: it applies to unknown tables too.
		s.renames(d.Renames, d.Tables)
	case sqltext.DDLCreateIndex:
		if t := s.target(d); t != nil {
			t.addIndexes(d.AddIndexes)
			t.Fulltext = append(t.Fulltext, d.FulltextIndexes...)
		}
	case sqltext.DDLDropIndex:
		if t := s.target(d); t != nil {
			t.dropIndexes(d.DropIndexes)
		}
	case sqltext.DDLDropTable:
		for _, name := range d.Tables {
			s.Delete(name)
		}
	case sqltext.DDLRenameTable:
		s.renames(d.Renames, nil)
	}
}

// renamesColumn reports whether an ALTER TABLE may rename a column.
// CHANGE COLUMN usually only changes the type, but may rename; DROP
// COLUMN is not counted although it shortens the indexes holding the
// column: dropping a leading index column is rare, and forgetting every
// table that ever lost a column would lose most long-lived ones.
func renamesColumn(d *sqltext.DDL) bool {
	return slices.Contains(d.AlterSpecs, "RENAME COLUMN") || slices.Contains(d.AlterSpecs, "CHANGE COLUMN")
}

// init makes a zero Schema usable, so that a Schema built by a caller
// without New cannot make Apply panic.
func (s *Schema) init() {
	if s.tables == nil {
		s.tables = map[string]*Table{}
	}
	if s.disputed == nil {
		s.disputed = map[string]bool{}
	}
}

// target is the known table a DDL statement changes, or nil.
func (s *Schema) target(d *sqltext.DDL) *Table {
	if len(d.Tables) == 0 {
		return nil
	}
	return s.tables[Key(d.Tables[0])]
}

func (s *Schema) createTable(d *sqltext.DDL) {
	if len(d.Tables) == 0 || Key(d.Tables[0]) == "" {
		return
	}
	name := Key(d.Tables[0])
	if len(d.Columns) == 0 && len(d.AddIndexes) == 0 && len(d.Tables) > 1 {
		// CREATE TABLE new LIKE old (the first step of pt-online-schema-change
		// and gh-ost style migrations) copies old's definition. The same
		// shape comes from CREATE TABLE new AS SELECT ... FROM old, which
		// has none of old's indexes; copying them there errs on the side of
		// silence. When old is unknown, new is unknown too.
		if src := s.tables[Key(d.Tables[1])]; src != nil {
			t := src.clone()
			t.Name = name
			t.ForeignKeys = nil // LIKE copies no foreign key
			s.tables[name] = t
		} else {
			delete(s.tables, name)
		}
		return
	}
	// CREATE TABLE replaces any earlier definition: a schema file may be
	// loaded after a snapshot or another dump that knew an older one.
	t := &Table{Name: name, Indexes: []Index{}}
	t.addColumns(d.Columns)
	t.setTypes(d.ColumnTypes)
	t.addIndexes(d.AddIndexes)
	t.Fulltext = slices.Clone(d.FulltextIndexes)
	t.addForeignKeys(d.ForeignKeys)
	if p := d.Partition; p != nil {
		t.Partition = &Partition{Column: p.Column, Ranges: p.Ranges}
	}
	for _, ix := range t.Indexes {
		if ix.Primary && len(ix.Columns) == 1 && slices.Contains(d.Pinned, ix.Columns[0]) {
			t.SingleRow = true
		}
	}
	s.tables[name] = t
}

// renames applies RENAME TABLE pairs left to right, as MySQL does, so a
// swap through a temporary name works. When a pair has no From (ALTER
// TABLE t RENAME TO u may leave it implicit), the statement's target is
// used.
func (s *Schema) renames(rs []sqltext.Rename, tables []string) {
	for _, r := range rs {
		from, to := Key(r.From), Key(r.To)
		if from == "" && len(tables) > 0 {
			from = Key(tables[0])
		}
		if from == "" || to == "" || from == to {
			continue
		}
		t, ok := s.tables[from]
		delete(s.tables, from)
		if !ok {
			// Whatever we knew as `to` is gone: it now names a table we
			// do not know.
			delete(s.tables, to)
			continue
		}
		t.Name = to
		s.tables[to] = t
		// InnoDB follows a parent's rename in its children's keys.
		for _, c := range s.tables {
			for i := range c.ForeignKeys {
				if c.ForeignKeys[i].RefTable == from {
					c.ForeignKeys[i].RefTable = to
				}
			}
		}
	}
}

// renameColumns applies the column renames of an ALTER TABLE to the
// table's columns and index columns, all at once as the server does
// (RENAME COLUMN a TO b, RENAME COLUMN b TO a swaps them). It reports
// false, changing nothing, when the statement renames a column it does
// not say (one rename per RENAME or CHANGE operation), or one the table
// is not known to have.
func (t *Table) renameColumns(d *sqltext.DDL) bool {
	ops := 0
	for _, s := range d.AlterSpecs {
		if s == "RENAME COLUMN" || s == "CHANGE COLUMN" {
			ops++
		}
	}
	if ops != len(d.ColumnRenames) || len(t.Columns) == 0 {
		return false
	}
	to := map[string]string{}
	for _, r := range d.ColumnRenames {
		if !slices.Contains(t.Columns, r.From) {
			return false
		}
		if _, twice := to[r.From]; twice {
			return false
		}
		to[r.From] = r.To
	}
	rename := func(c string) string {
		if n, ok := to[c]; ok {
			return n
		}
		return c
	}
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = rename(c)
	}
	t.Columns = cols
	for i := range t.Indexes {
		ic := make([]string, len(t.Indexes[i].Columns))
		for j, c := range t.Indexes[i].Columns {
			ic[j] = rename(c)
		}
		t.Indexes[i].Columns = ic
	}
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		cols := make([]string, len(fk.Columns))
		for j, c := range fk.Columns {
			cols[j] = rename(c)
		}
		fk.Columns = cols
	}
	if t.Partition != nil {
		p := *t.Partition
		p.Column = rename(p.Column)
		t.Partition = &p
	}
	if t.Types != nil {
		types := map[string]string{}
		for c, typ := range t.Types {
			types[rename(c)] = typ
		}
		t.Types = types
	}
	return true
}

// addForeignKeys records foreign keys a statement declares. One whose
// columns, or whose parent's, are not all plain columns is not kept.
func (t *Table) addForeignKeys(fks []sqltext.ForeignKey) {
	for _, fk := range fks {
		if fk.RefTable == "" || len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) ||
			slices.Contains(fk.Columns, "") || slices.Contains(fk.RefColumns, "") {
			continue
		}
		t.ForeignKeys = append(t.ForeignKeys, ForeignKey{
			Name: fk.Name, Columns: lowerAll(fk.Columns), RefTable: Key(fk.RefTable), RefColumns: lowerAll(fk.RefColumns),
		})
	}
}

// dropForeignKeys removes the foreign keys of the names given. An unnamed
// key has a name the server chose (t_ibfk_1, ...), which a DROP may use:
// a name no key is known by drops every unnamed one, so that no key the
// table may have lost is kept.
func (t *Table) dropForeignKeys(names []string) {
	for _, name := range names {
		if slices.ContainsFunc(t.ForeignKeys, func(fk ForeignKey) bool { return fk.Name == name }) {
			t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk ForeignKey) bool { return fk.Name == name })
			continue
		}
		t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk ForeignKey) bool { return fk.Name == "" })
	}
}

// setTypes records the types column definitions give.
func (t *Table) setTypes(cols []sqltext.ColumnType) {
	for _, c := range cols {
		if t.Types == nil {
			t.Types = map[string]string{}
		}
		t.Types[c.Name] = c.Type
	}
}

func (t *Table) addColumns(cols []string) {
	for _, c := range cols {
		c = strings.ToLower(c)
		if c == "" || slices.Contains(t.Columns, c) {
			continue
		}
		t.Columns = append(t.Columns, c)
	}
}

func (t *Table) dropIndexes(names []string) {
	for _, name := range names {
		name = strings.ToLower(name)
		t.Fulltext = slices.DeleteFunc(t.Fulltext, func(n string) bool { return n == name })
		t.Indexes = slices.DeleteFunc(t.Indexes, func(ix Index) bool { return ix.Name == name })
	}
}

func (t *Table) addIndexes(defs []sqltext.IndexDef) {
	for _, def := range defs {
		t.addIndex(Index{
			Name:    strings.ToLower(def.Name),
			Columns: lowerAll(def.Columns),
			Unique:  def.Unique,
			Primary: def.Primary,
		})
	}
}

// addIndex adds ix, naming it as MySQL would when it is unnamed. An index
// with the same name is replaced: MySQL would have rejected the statement,
// and the newer definition is the better guess at what the author meant.
func (t *Table) addIndex(ix Index) {
	if ix.Primary || ix.Name == "primary" {
		ix.Name, ix.Primary, ix.Unique = "primary", true, true
	}
	if ix.Name == "" {
		ix.Name = t.defaultIndexName(ix.Columns)
	}
	if ix.Columns == nil {
		ix.Columns = []string{}
	}
	for i := range t.Indexes {
		if t.Indexes[i].Name == ix.Name {
			t.Indexes[i] = ix
			return
		}
	}
	t.Indexes = append(t.Indexes, ix)
}

// defaultIndexName is the name MySQL and MariaDB give an unnamed index:
// its first column's name, or that name with _2, _3, ... appended when an
// index of the table already has it (make_unique_key_name in sql_table.cc).
// An index on an expression has no column name; MySQL 8 calls it
// functional_index.
func (t *Table) defaultIndexName(cols []string) string {
	base := "functional_index"
	if len(cols) > 0 && cols[0] != "" {
		base = cols[0]
	}
	if base != "primary" && !t.hasIndex(base) {
		return base
	}
	for i := 2; ; i++ {
		if name := base + "_" + strconv.Itoa(i); !t.hasIndex(name) {
			return name
		}
	}
}

func (t *Table) hasIndex(name string) bool {
	return slices.ContainsFunc(t.Indexes, func(ix Index) bool { return ix.Name == name })
}

func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(s)
	}
	return out
}
