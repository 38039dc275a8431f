package models

import (
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/locklint/locklint/schema"
)

// Dialect is the GORM major version whose tag spelling and defaults apply.
type Dialect uint8

const (
	V2 Dialect = iota // gorm.io/gorm
	V1                // github.com/jinzhu/gorm
)

const (
	pkgGORM   = "gorm.io/gorm"
	pkgGORMv1 = "github.com/jinzhu/gorm"
)

// Model is a Go struct type as GORM maps it to a table.
type Model struct {
	// Table is the table's name, "" when it cannot be told.
	Table string
	// Columns are the struct's columns in field order, embedded structs
	// flattened in place.
	Columns []Column
	// Indexes are the primary key (first) and the indexes the tags
	// declare, sorted by name.
	Indexes []schema.Index
	// SoftDelete is the column of a gorm.DeletedAt field (v1: a field
	// named DeletedAt), "" if none: GORM adds `IS NULL` on it to reads
	// and turns Delete into an UPDATE.
	SoftDelete string
	// Partial is set when Indexes are the keys only (bun tags): other
	// indexes may exist.
	Partial bool
}

// Column is one column of a model.
type Column struct {
	Name    string
	Path    []string // Go field names from the model down to the field
	Primary bool
}

// PrimaryKey returns the primary-key columns.
func (m *Model) PrimaryKey() []string {
	var out []string
	for _, c := range m.Columns {
		if c.Primary {
			out = append(out, c.Name)
		}
	}
	return out
}

// Field returns the column of the Go field path below the model ("Name",
// or "Model", "ID"), or nil.
func (m *Model) Field(path ...string) *Column {
	for i := range m.Columns {
		if strings.Join(m.Columns[i].Path, ".") == strings.Join(path, ".") {
			return &m.Columns[i]
		}
	}
	return nil
}

// Schema returns the model as a schema table.
func (m *Model) Schema() schema.Table {
	t := schema.Table{Name: schema.Key(m.Table), Indexes: m.Indexes, Partial: m.Partial}
	for _, c := range m.Columns {
		t.Columns = append(t.Columns, c.Name)
	}
	return t
}

// Parse reads the struct type t (or the struct a pointer, slice or array
// type t holds) as GORM would, for a table called table. It returns nil
// when t is not a named struct.
func Parse(t types.Type, table string, d Dialect) *Model {
	named := structNamed(t)
	if named == nil {
		return nil
	}
	p := &tagParser{d: d, table: table, m: &Model{Table: table}, indexes: map[string]*indexDef{}}
	p.fields(named.Underlying().(*types.Struct), nil, "", 0)
	p.defaultPrimaryKey()
	p.finish()
	return p.m
}

// structNamed finds the named struct type below pointers, slices and
// arrays: the model of &u, []User, *[]*User.
func structNamed(t types.Type) *types.Named {
	for range 8 {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Array:
			t = u.Elem()
			continue
		case *types.Named:
			if _, ok := u.Underlying().(*types.Struct); ok {
				return u
			}
		}
		return nil
	}
	return nil
}

// StructOf is the named struct type a model value of type t holds (&u,
// []User, *[]*User), or nil.
func StructOf(t types.Type) *types.TypeName {
	if n := structNamed(t); n != nil {
		return n.Obj()
	}
	return nil
}

type tagParser struct {
	d       Dialect
	table   string
	m       *Model
	indexes map[string]*indexDef
	order   []string // index names in first-seen order
	uniques []string // columns with a `unique` constraint
	seq     int      // fields seen, for v1's field-order composite indexes
}

type indexDef struct {
	name    string
	unique  bool
	skip    bool // FULLTEXT or SPATIAL: no use for row lookups
	entries []indexEntry
}

type indexEntry struct {
	column     string
	priority   int
	seq        int
	expression bool
}

// maxEmbed bounds embedded-struct recursion (a struct cannot embed itself
// by value, but a pointer cycle through `embedded` tags could loop).
const maxEmbed = 8

func (p *tagParser) fields(st *types.Struct, path []string, prefix string, depth int) {
	if depth > maxEmbed {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Exported() {
			continue
		}
		s := fieldSettings(st.Tag(i), p.d)
		if _, ok := s["-"]; ok {
			continue // "-", "-:all", "-:migration": no column
		}
		fpath := append(append([]string(nil), path...), f.Name())
		ft := deref(f.Type())
		_, tagged := s["EMBEDDED"]
		if sub, ok := ft.Underlying().(*types.Struct); ok && (tagged || f.Anonymous() && !scalar(ft)) {
			pre := s["EMBEDDEDPREFIX"]
			if p.d == V1 {
				pre = s["EMBEDDED_PREFIX"]
			}
			p.fields(sub, fpath, prefix+pre, depth+1)
			continue
		}
		if !p.isColumn(ft, s) {
			continue // an association, or a type GORM cannot store
		}
		col := s["COLUMN"]
		if col == "" {
			col = ColumnName(f.Name())
		}
		col = strings.ToLower(prefix + col)
		primary := s.has("PRIMARYKEY", "PRIMARY_KEY")
		if !p.add(Column{Name: col, Path: fpath, Primary: primary}) {
			continue
		}
		if p.softDelete(ft, f.Name()) && p.m.SoftDelete == "" {
			p.m.SoftDelete = col
		}
		p.seq++
		p.fieldIndexes(st.Tag(i), f.Name(), col)
		if s.has("UNIQUE") {
			p.uniques = append(p.uniques, col)
		}
	}
}

// add records a column; of two fields with the same column the one with
// the shorter field path wins, as in GORM.
func (p *tagParser) add(c Column) bool {
	for i, old := range p.m.Columns {
		if old.Name == c.Name {
			if len(c.Path) < len(old.Path) {
				p.m.Columns[i] = c
				return true
			}
			return false
		}
	}
	p.m.Columns = append(p.m.Columns, c)
	return true
}

func deref(t types.Type) types.Type {
	for range 8 {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	return t
}

// scalar reports whether a struct type is stored in one column: time.Time,
// and types implementing driver.Valuer or sql.Scanner (sql.NullString,
// gorm.DeletedAt, datatypes.JSON).
func scalar(t types.Type) bool {
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time" {
		return true
	}
	for _, name := range []string{"Value", "Scan"} {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), false, nil, name)
		if fn, ok := obj.(*types.Func); ok {
			sig := fn.Type().(*types.Signature)
			if name == "Value" && sig.Params().Len() == 0 && sig.Results().Len() == 2 ||
				name == "Scan" && sig.Params().Len() == 1 && sig.Results().Len() == 1 {
				return true
			}
		}
	}
	return false
}

// isColumn reports whether a field of type t is stored in a column:
// basic types, []byte, time, valuers and scanners, and anything with an
// explicit type or serializer. Structs, slices and maps are associations.
func (p *tagParser) isColumn(t types.Type, s settings) bool {
	if _, ok := s["TYPE"]; ok {
		return true
	}
	if _, ok := s["SERIALIZER"]; ok {
		return true
	}
	if _, ok := s["JSON"]; ok {
		return true
	}
	if scalar(t) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() != types.UntypedNil
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	case *types.Array:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

// softDelete recognizes GORM's soft-delete field.
func (p *tagParser) softDelete(t types.Type, field string) bool {
	if p.d == V1 {
		return field == "DeletedAt"
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkgGORM && n.Obj().Name() == "DeletedAt"
}

// fieldIndexes reads the index entries of one field's tag.
func (p *tagParser) fieldIndexes(tag, field, col string) {
	for _, entry := range rawEntries(tag, p.d) {
		if entry == "" {
			continue
		}
		parts := strings.Split(entry, ":")
		key := strings.TrimSpace(strings.ToUpper(parts[0]))
		value := strings.Join(parts[1:], ":")
		if p.d == V1 {
			p.v1Index(key, value, field, col)
			continue
		}
		if key != "INDEX" && key != "UNIQUEINDEX" {
			continue
		}
		name, rest, _ := strings.Cut(value, ",")
		opts := parseSettings(rest, ",")
		if name == "" {
			sub := field
			if c := opts["COMPOSITE"]; c != "" && c != "COMPOSITE" {
				sub = c
			}
			name = indexName("idx", p.table, toDBName(sub))
		}
		priority, err := strconv.Atoi(opts["PRIORITY"])
		if err != nil {
			priority = 10
		}
		class := strings.ToUpper(opts["CLASS"])
		unique := key == "UNIQUEINDEX" || opts["UNIQUE"] != "" || class == "UNIQUE"
		p.addIndexEntry(name, unique, class == "FULLTEXT" || class == "SPATIAL",
			indexEntry{column: col, priority: priority, seq: p.seq, expression: opts["EXPRESSION"] != ""})
	}
}

// v1Index reads GORM v1's `index:a,b` and `unique_index:a` entries: the
// value lists index names, and composite indexes take fields in order.
func (p *tagParser) v1Index(key, value, field, col string) {
	if key != "INDEX" && key != "UNIQUE_INDEX" {
		return
	}
	unique := key == "UNIQUE_INDEX"
	for _, name := range strings.Split(value, ",") {
		name = strings.TrimSpace(name)
		if name == "" || strings.EqualFold(name, key) {
			prefix := "idx"
			if unique {
				prefix = "uix"
			}
			name = indexName(prefix, p.table, toDBName(field))
		}
		p.addIndexEntry(name, unique, false, indexEntry{column: col, priority: 10, seq: p.seq})
	}
}

// indexName is GORM's default index name, prefix_table_column.
func indexName(prefix, table, column string) string {
	return strings.ReplaceAll(prefix+"_"+table+"_"+column, ".", "_")
}

func (p *tagParser) addIndexEntry(name string, unique, skip bool, e indexEntry) {
	key := strings.ToLower(name)
	ix := p.indexes[key]
	if ix == nil {
		ix = &indexDef{name: key}
		p.indexes[key] = ix
		p.order = append(p.order, key)
	}
	// GORM keeps the first class an index is given.
	if len(ix.entries) == 0 {
		ix.unique, ix.skip = unique, skip
	}
	ix.entries = append(ix.entries, e)
}

// defaultPrimaryKey makes the column "id" (or the field named ID) the
// primary key when no field is tagged primaryKey.
func (p *tagParser) defaultPrimaryKey() {
	for _, c := range p.m.Columns {
		if c.Primary {
			return
		}
	}
	for i, c := range p.m.Columns {
		if c.Name == "id" {
			p.m.Columns[i].Primary = true
			return
		}
	}
	for i, c := range p.m.Columns {
		if c.Path[len(c.Path)-1] == "ID" {
			p.m.Columns[i].Primary = true
			return
		}
	}
}

// finish builds the index list: the primary key, then the tagged indexes
// and unique constraints, sorted by name, without duplicates.
func (p *tagParser) finish() {
	var out []schema.Index
	if pk := p.m.PrimaryKey(); len(pk) > 0 {
		out = append(out, schema.Index{Name: "primary", Columns: pk, Unique: true, Primary: true})
	}
	var rest []schema.Index
	for _, name := range p.order {
		ix := p.indexes[name]
		if ix.skip {
			continue
		}
		sort.SliceStable(ix.entries, func(i, j int) bool {
			if p.d == V1 {
				return ix.entries[i].seq < ix.entries[j].seq
			}
			return ix.entries[i].priority < ix.entries[j].priority
		})
		var cols []string
		for _, e := range ix.entries {
			if e.expression {
				break // an expression part: only the columns before it lead
			}
			cols = append(cols, e.column)
		}
		if len(cols) > 0 {
			rest = append(rest, schema.Index{Name: ix.name, Columns: cols, Unique: ix.unique})
		}
	}
	for _, col := range p.uniques {
		rest = append(rest, schema.Index{Name: indexName("uni", p.table, col), Columns: []string{col}, Unique: true})
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].Name < rest[j].Name })
	for _, ix := range rest {
		if !covered(out, ix) {
			out = append(out, ix)
		}
	}
	p.m.Indexes = out
}

// covered reports whether an index with the same columns and at least
// the same uniqueness is already listed.
func covered(list []schema.Index, ix schema.Index) bool {
	for _, o := range list {
		if strings.Join(o.Columns, ",") == strings.Join(ix.Columns, ",") && (o.Unique || !ix.Unique) {
			return true
		}
	}
	return false
}
