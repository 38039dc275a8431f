package schema

import (
	"sort"
	"strings"
)

// Index is one index of a table.
type Index struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"` // lower case, in index order
	Unique  bool     `json:"unique,omitempty"`
	Primary bool     `json:"primary,omitempty"`
}

// Table is what locklint knows of one table.
type Table struct {
	Name    string   `json:"name"`              // lower case
	Columns []string `json:"columns,omitempty"` // lower case; may be empty when unknown
	Indexes []Index  `json:"indexes"`
	// Partial is set when Indexes are the table's keys only and other
	// indexes may exist: a model whose tags declare its primary and
	// unique keys while migrations create the rest (bun). That a WHERE
	// clause can use no index, or only a range, is then unknown.
	Partial bool `json:"partial,omitempty"`
	// SingleRow says a CHECK constraint pins the one-column primary key
	// to a constant: the table holds at most one row.
	SingleRow bool `json:"single_row,omitempty"`
	// Types are the column types the DDL gave (sqltext.ColumnType), for
	// telling whether a later MODIFY changes one; absent when unknown.
	Types map[string]string `json:"-"`
	// Fulltext names the table's FULLTEXT indexes, which serve no lookup
	// but make the server rebuild the table with writes blocked for
	// operations it otherwise runs online (ADD and DROP COLUMN).
	Fulltext []string `json:"-"`
	// ForeignKeys are the table's FOREIGN KEY constraints, as its DDL
	// declares them: InnoDB checks each on every row inserted into this
	// (child) table, share-locking the parent row it references.
	ForeignKeys []ForeignKey `json:"foreign_keys,omitempty"`
	// Partition is the column of the table's RANGE or LIST partitioning,
	// nil when it is not partitioned so (or not known to be): a
	// statement constrained on it reads only the partitions it reaches.
	Partition *Partition `json:"partition,omitempty"`
}

// ForeignKey is a FOREIGN KEY constraint of a child table: its Columns
// reference RefColumns of the parent table RefTable. All lower case.
type ForeignKey struct {
	Name       string   `json:"name,omitempty"`
	Columns    []string `json:"columns"`
	RefTable   string   `json:"ref_table"`
	RefColumns []string `json:"ref_columns"`
}

// ForeignKeyTo returns the foreign keys of t that reference table parent.
func (t *Table) ForeignKeyTo(parent string) []ForeignKey {
	var out []ForeignKey
	for _, fk := range t.ForeignKeys {
		if fk.RefTable == Key(parent) {
			out = append(out, fk)
		}
	}
	return out
}

// Partition is the column RANGE or LIST partitions are chosen by.
type Partition struct {
	Column string `json:"column"` // lower case
	// Ranges is set when a range on Column also prunes (the partitioning
	// expression is the column or an increasing function of it), not
	// only equality.
	Ranges bool `json:"ranges,omitempty"`
}

// Schema is a set of tables, keyed by lower-case name without database
// qualifier. The zero value is not usable; call New.
type Schema struct {
	tables map[string]*Table
	// disputed are tables known to exist whose sources disagree on
	// their keys (two ORM models declaring one join table differently).
	disputed map[string]bool
}

// New returns an empty schema.
func New() *Schema { return &Schema{tables: map[string]*Table{}} }

// Table returns the table called name (case-insensitive, a "db." qualifier
// is ignored), or nil when the schema does not know it. Unknown is not
// "unindexed": callers must stay silent about tables they get nil for.
func (s *Schema) Table(name string) *Table {
	if s == nil {
		return nil
	}
	return s.tables[Key(name)]
}

// Dispute records that table name exists but its keys are unknown: its
// sources disagree. Table still returns nil for it.
func (s *Schema) Dispute(name string) {
	s.init()
	s.disputed[Key(name)] = true
}

// Disputed reports whether the sources of table name disagree on its
// keys: what any statement on it locks is unknown.
func (s *Schema) Disputed(name string) bool {
	return s != nil && s.disputed[Key(name)]
}

// Put adds or replaces a table.
func (s *Schema) Put(t *Table) {
	s.init()
	t.Name = Key(t.Name)
	s.tables[t.Name] = t
}

// Delete removes a table.
func (s *Schema) Delete(name string) { delete(s.tables, Key(name)) }

// Tables returns the tables sorted by name.
func (s *Schema) Tables() []*Table {
	if s == nil {
		return nil
	}
	out := make([]*Table, 0, len(s.tables))
	for _, t := range s.tables {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Len is the number of tables.
func (s *Schema) Len() int {
	if s == nil {
		return 0
	}
	return len(s.tables)
}

// Key normalizes a table name: lower case, backquotes and a database
// qualifier removed.
func Key(name string) string {
	name = strings.ToLower(strings.ReplaceAll(name, "`", ""))
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return name
}
