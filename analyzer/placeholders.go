package analyzer

import (
	"reflect"
	"sort"
	"strings"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
)

// fillPlaceholderTables names the tables of statements whose table name a
// method formats (fmt.Sprintf("events_%s", topic)): the known part of the
// name is matched against the schema. The name is filled when the tables
// that fit it, and have every column the statement names for it, agree on
// their indexes (one table per topic, all created by the same code);
// otherwise it stays unknown, and so do the rules that need its indexes.
func fillPlaceholderTables(sch *schema.Schema, decls []*decl) {
	if sch == nil || sch.Len() == 0 {
		return
	}
	for _, d := range decls {
		for _, f := range d.funcs {
			for _, s := range f.Sites {
				fillSite(sch, &s.Text, &s.Holes, &s.SQL)
				for i := range s.Alts {
					a := &s.Alts[i]
					fillSite(sch, &a.Text, &a.Holes, &a.SQL)
				}
			}
		}
	}
}

// fillSite fills the name patterns of one statement.
func fillSite(sch *schema.Schema, text *string, holes *[]string, sum **sqltext.Summary) {
	if *text == "" || !strings.Contains(*text, sqltext.Hole) || sqltext.DialectOf(*text).Foreign != "" {
		return // nothing to fill, or another server's statement
	}
	t, filled := fillPatterns(sch, *text)
	if len(filled) == 0 {
		return
	}
	*text = t
	*sum = sqltext.Summarize(t)
	*holes = withoutHoles(*holes, filled)
}

// fillPatterns replaces each name pattern of text that the schema matches
// with the table's name, and says which holes it filled.
func fillPatterns(sch *schema.Schema, text string) (string, []int) {
	pats := sqltext.NamePatterns(text)
	type fill struct {
		p    sqltext.NamePattern
		name string
	}
	var fills []fill
	for _, p := range pats {
		if name := matchPattern(sch, text, p); name != "" {
			fills = append(fills, fill{p, name})
		}
	}
	var filled []int
	for i := len(fills) - 1; i >= 0; i-- {
		f := fills[i]
		text = text[:f.p.Start] + f.name + text[f.p.End:]
		filled = append(filled, f.p.Hole)
	}
	sort.Ints(filled)
	return text, filled
}

// matchPattern is the table the pattern p of text names, or "".
func matchPattern(sch *schema.Schema, text string, p sqltext.NamePattern) string {
	var fits []*schema.Table
	for _, t := range sch.Tables() {
		if !p.Matches(t.Name) {
			continue
		}
		sum := sqltext.Summarize(text[:p.Start] + t.Name + text[p.End:])
		if sum == nil || !names(sum, t.Name) || !hasColumns(t, sum.ColumnsOf(t.Name)) {
			continue
		}
		fits = append(fits, t)
	}
	if len(fits) == 0 {
		return ""
	}
	for _, t := range fits[1:] {
		if !reflect.DeepEqual(indexShape(t), indexShape(fits[0])) {
			return "" // the fitting tables would be judged differently
		}
	}
	// They are judged alike; messages name the closest fit, the table with
	// the fewest columns beyond the statement's.
	sort.SliceStable(fits, func(i, j int) bool { return len(fits[i].Columns) < len(fits[j].Columns) })
	return fits[0].Name
}

// names reports whether the statement reads or writes table.
func names(sum *sqltext.Summary, table string) bool {
	for _, r := range sum.Tables {
		if r.Name == table {
			return true
		}
	}
	return sum.DDL != nil && len(sum.DDL.Tables) > 0 && sum.DDL.Tables[0] == table
}

// hasColumns reports whether t has every column of cols; a table whose
// columns are not known has none.
func hasColumns(t *schema.Table, cols []string) bool {
	have := map[string]bool{}
	for _, c := range t.Columns {
		have[c] = true
	}
	for _, c := range cols {
		if !have[c] {
			return false
		}
	}
	return len(t.Columns) > 0
}

// indexShape is what the rules read of a table's indexes: their columns
// and kinds, not their names.
func indexShape(t *schema.Table) []string {
	var out []string
	for _, ix := range t.Indexes {
		k := strings.Join(ix.Columns, ",")
		if ix.Primary {
			k = "primary:" + k
		} else if ix.Unique {
			k = "unique:" + k
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// withoutHoles drops the descriptions of the filled holes.
func withoutHoles(holes []string, filled []int) []string {
	var out []string
	for i, h := range holes {
		if sort.SearchInts(filled, i) < len(filled) && filled[sort.SearchInts(filled, i)] == i {
			continue
		}
		out = append(out, h)
	}
	return out
}
