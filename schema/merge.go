package schema

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Clone returns a deep copy of s: applying DDL to the copy leaves s as it
// was, which lets a cached schema be shared and extended per package.
func (s *Schema) Clone() *Schema {
	c := New()
	if s == nil {
		return c
	}
	for name, t := range s.tables {
		c.tables[name] = t.clone()
	}
	for name := range s.disputed {
		c.Dispute(name)
	}
	return c
}

func (t *Table) clone() *Table {
	c := &Table{Name: t.Name, Columns: slices.Clone(t.Columns), Indexes: make([]Index, len(t.Indexes)), Partial: t.Partial, SingleRow: t.SingleRow}
	if t.Partition != nil {
		p := *t.Partition
		c.Partition = &p
	}
	if t.Types != nil {
		c.Types = maps.Clone(t.Types)
	}
	c.Fulltext = slices.Clone(t.Fulltext)
	for _, fk := range t.ForeignKeys {
		fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
		c.ForeignKeys = append(c.ForeignKeys, fk)
	}
	for i, ix := range t.Indexes {
		ix.Columns = slices.Clone(ix.Columns)
		c.Indexes[i] = ix
	}
	return c
}

// Merge adds the tables of other that s does not know. Where both know a
// table, s's definition is kept: s is meant to hold what the DDL files
// say, the source the user controls, and other what came from elsewhere
// (a snapshot, a live database, ORM models). For each such table whose
// index sets disagree, Merge returns one human-readable note, sorted by
// table name; it returns nil when they all agree.
func (s *Schema) Merge(other *Schema) []string {
	if s == nil || other == nil {
		return nil
	}
	s.init()
	var notes []string
	for _, t := range other.Tables() {
		mine := s.tables[t.Name]
		if mine == nil {
			s.tables[t.Name] = t.clone()
			continue
		}
		onlyMine, onlyOther := indexDiff(mine, t)
		if len(onlyMine) == 0 && len(onlyOther) == 0 {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "table %s: the two schema sources disagree on its indexes; keeping the first source's", t.Name)
		if len(onlyMine) > 0 {
			fmt.Fprintf(&b, "; only in the first: %s", strings.Join(onlyMine, ", "))
		}
		if len(onlyOther) > 0 {
			fmt.Fprintf(&b, "; only in the second: %s", strings.Join(onlyOther, ", "))
		}
		notes = append(notes, b.String())
	}
	return notes
}

// indexDiff describes the indexes of a that b lacks and those of b that a
// lacks. Order does not matter: a live database lists indexes in its own
// order, not the order the DDL declared them in.
func indexDiff(a, b *Table) (onlyA, onlyB []string) {
	describe := func(t *Table) []string {
		out := make([]string, len(t.Indexes))
		for i, ix := range t.Indexes {
			out[i] = ix.String()
		}
		slices.Sort(out)
		return out
	}
	da, db := describe(a), describe(b)
	for _, x := range da {
		if !slices.Contains(db, x) {
			onlyA = append(onlyA, x)
		}
	}
	for _, x := range db {
		if !slices.Contains(da, x) {
			onlyB = append(onlyB, x)
		}
	}
	return onlyA, onlyB
}

// String describes the index the way locklint's messages do, e.g.
// "uk_email (email) unique" or "primary (id)".
func (ix Index) String() string {
	s := fmt.Sprintf("%s (%s)", ix.Name, strings.Join(ix.Columns, ", "))
	if ix.Unique && !ix.Primary {
		s += " unique"
	}
	return s
}
