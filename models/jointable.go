package models

import (
	"go/types"
	"slices"
	"strings"

	"github.com/locklint/locklint/schema"
)

// joinTables returns the join tables GORM v2 creates for the
// `many2many:name` fields of model obj (parsed as m): one column per
// primary key (or `foreignKey:`) field of the owner, then one per primary
// key (or `references:`) field of the other model, every one of them part
// of a composite primary key in that order (gorm.io/gorm
// schema/relationship.go, buildMany2ManyRelation). The column of owner
// field F of type T is T+F in GORM's column naming (User.ID -> user_id),
// unless `joinForeignKey:`/`joinReferences:` name it.
//
// A field whose join table cannot be told for certain (an unknown naming,
// a key field that is not found, a self-reference whose column names
// collide) is left out: no table is better than a wrong one. GORM v1
// builds join tables differently and is not read here.
func joinTables(obj *types.TypeName, m *Model, naming Naming, d Dialect) []schema.Table {
	if d != V2 || naming.Unknown {
		return nil
	}
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []schema.Table
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		s := fieldSettings(st.Tag(i), d)
		name := s["MANY2MANY"]
		if !f.Exported() || name == "" || name == "MANY2MANY" {
			continue
		}
		if _, ok := s["-"]; ok {
			continue
		}
		if t, ok := joinTable(obj.Name(), m, f, s, name, naming); ok {
			out = append(out, t)
		}
	}
	return out
}

func joinTable(owner string, m *Model, f *types.Var, s settings, name string, naming Naming) (schema.Table, bool) {
	refNamed := structNamed(f.Type())
	if refNamed == nil {
		return schema.Table{}, false
	}
	ref := Parse(refNamed, "", V2)
	own, ok1 := keyFields(m, s["FOREIGNKEY"])
	rel, ok2 := keyFields(ref, s["REFERENCES"])
	if !ok1 || !ok2 {
		return schema.Table{}, false
	}
	var cols []string
	seen := map[string]bool{}
	joinForeignKeys, joinReferences := toColumns(s["JOINFOREIGNKEY"]), toColumns(s["JOINREFERENCES"])
	for i, c := range own {
		field := title(owner) + c.Path[len(c.Path)-1]
		if i < len(joinForeignKeys) {
			field = title(joinForeignKeys[i])
		}
		seen[field] = true
		cols = append(cols, ColumnName(field))
	}
	for i, c := range rel {
		field := title(refNamed.Obj().Name()) + c.Path[len(c.Path)-1]
		if i < len(joinReferences) {
			field = title(joinReferences[i])
		} else if seen[field] {
			// A self-reference: GORM renames the column after the
			// field (singular) or adds "Reference"; not followed here.
			return schema.Table{}, false
		}
		if seen[field] {
			continue // GORM adds a field of one name once
		}
		seen[field] = true
		cols = append(cols, ColumnName(field))
	}
	table := name
	if strings.ToLower(name) != name {
		table = toDBName(name)
		if !naming.Singular {
			table = plural(table)
		}
	}
	return schema.Table{
		Name:    schema.Key(naming.TablePrefix + table),
		Columns: cols,
		Indexes: []schema.Index{{Name: "primary", Columns: cols, Unique: true, Primary: true}},
	}, true
}

// keyFields returns the columns of m a relation joins on: the fields (Go
// name or column) listed in tag, or the primary key when tag is empty.
func keyFields(m *Model, tag string) ([]Column, bool) {
	if m == nil {
		return nil, false
	}
	var out []Column
	if names := toColumns(tag); len(names) > 0 {
		for _, n := range names {
			i := slices.IndexFunc(m.Columns, func(c Column) bool {
				return c.Path[len(c.Path)-1] == n || c.Name == strings.ToLower(n)
			})
			if i < 0 {
				return nil, false
			}
			out = append(out, m.Columns[i])
		}
		return out, true
	}
	for _, c := range m.Columns {
		if c.Primary {
			out = append(out, c)
		}
	}
	return out, len(out) > 0
}

// toColumns splits a tag value listing fields, as GORM's toColumns does.
func toColumns(val string) []string {
	var out []string
	for _, v := range strings.Split(val, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Tables returns the tables the facts describe, at most one per name.
// Where several sources describe one table they must agree on its
// indexes; otherwise the table is left out, unknown, since locklint
// cannot tell which one AutoMigrate created. One exception: a struct that
// declares no key or index at all (a helper listing a join table's
// columns to query it, or a read model) yields to a source that declares
// keys for the same table, since GORM's own join table has its composite
// primary key whatever helper struct names its columns. disputed names
// the tables left out because their sources disagree: they exist, but
// their keys are unknown. A model declared in a migration package
// (Table.Past) counts only where no other model describes its table.
func Tables(facts []*Fact) (tables []*schema.Table, disputed []string) {
	byName := map[string][]*schema.Table{}
	var names []string
	add := func(t *schema.Table) {
		if _, ok := byName[t.Name]; !ok {
			names = append(names, t.Name)
		}
		byName[t.Name] = append(byName[t.Name], t)
	}
	past := map[*schema.Table]bool{}
	for _, f := range facts {
		if f == nil {
			continue
		}
		for _, t := range f.Tables {
			if t.Schema != nil {
				add(t.Schema)
				past[t.Schema] = t.Past
			}
		}
		for i := range f.Joins {
			add(&f.Joins[i])
		}
	}
	slices.Sort(names)
	var out []*schema.Table
	for _, name := range names {
		cands := byName[name]
		if current := slices.DeleteFunc(slices.Clone(cands), func(t *schema.Table) bool { return past[t] }); len(current) > 0 {
			// A migration's view of the table at one step yields to
			// the application's model of it now.
			cands = current
		}
		// Facts come in no particular order: pick among agreeing
		// sources by content, so every run sees the same columns.
		slices.SortStableFunc(cands, func(a, b *schema.Table) int {
			return strings.Compare(strings.Join(a.Columns, ","), strings.Join(b.Columns, ","))
		})
		keyed := slices.DeleteFunc(slices.Clone(cands), func(t *schema.Table) bool { return len(t.Indexes) == 0 })
		if len(keyed) == 0 {
			keyed = cands[:1]
		}
		agree := true
		for _, t := range keyed[1:] {
			if Disagreement(t, keyed[0]) != "" {
				agree = false
			}
		}
		if agree {
			out = append(out, keyed[0])
		} else {
			disputed = append(disputed, name)
		}
	}
	return out, disputed
}
