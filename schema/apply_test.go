package schema

import (
	"slices"
	"strings"
	"testing"

	"github.com/locklint/locklint/sqltext"
)

// These tests build summaries by hand, so they pin down Apply's semantics
// independently of how the parser fills them in; load_test.go checks the
// two together on real SQL.

func ddl(op sqltext.DDLOp, tables ...string) *sqltext.DDL {
	return &sqltext.DDL{Op: op, Tables: tables}
}

func stmt(d *sqltext.DDL) *sqltext.Summary { return &sqltext.Summary{Kind: sqltext.KindDDL, DDL: d} }

func createTable(name string, cols []string, idx ...sqltext.IndexDef) *sqltext.Summary {
	d := ddl(sqltext.DDLCreateTable, name)
	d.Columns, d.AddIndexes = cols, idx
	return stmt(d)
}

func alter(name string, drop []string, add ...sqltext.IndexDef) *sqltext.Summary {
	d := ddl(sqltext.DDLAlterTable, name)
	d.DropIndexes, d.AddIndexes = drop, add
	return stmt(d)
}

func renameTables(pairs ...string) *sqltext.Summary {
	d := ddl(sqltext.DDLRenameTable)
	for i := 0; i+1 < len(pairs); i += 2 {
		d.Tables = append(d.Tables, pairs[i], pairs[i+1])
		d.Renames = append(d.Renames, sqltext.Rename{From: pairs[i], To: pairs[i+1]})
	}
	return stmt(d)
}

func pk(cols ...string) sqltext.IndexDef {
	return sqltext.IndexDef{Name: "primary", Columns: cols, Unique: true, Primary: true}
}
func key(name string, cols ...string) sqltext.IndexDef {
	return sqltext.IndexDef{Name: name, Columns: cols}
}
func uniq(name string, cols ...string) sqltext.IndexDef {
	return sqltext.IndexDef{Name: name, Columns: cols, Unique: true}
}

// indexes describes the schema as table name -> sorted index descriptions.
func indexes(s *Schema) map[string][]string {
	out := map[string][]string{}
	for _, t := range s.Tables() {
		var ixs []string
		for _, ix := range t.Indexes {
			ixs = append(ixs, ix.String())
		}
		slices.Sort(ixs)
		out[t.Name] = ixs
	}
	return out
}

// checkIndexes compares the schema with want. A table mapped to nil must
// be unknown; a table mapped to an empty slice must be known without
// indexes. Tables want does not mention are not checked.
func checkIndexes(t *testing.T, s *Schema, want map[string][]string) {
	t.Helper()
	got := indexes(s)
	for name, w := range want {
		g, known := got[name]
		switch {
		case w == nil && known:
			t.Errorf("table %s: known with indexes %q, want unknown", name, g)
		case w != nil && !known:
			t.Errorf("table %s: unknown, want indexes %q", name, w)
		case w != nil:
			w = slices.Sorted(slices.Values(w))
			if !slices.Equal(g, w) && !(len(g) == 0 && len(w) == 0) {
				t.Errorf("table %s: indexes\n  %q\nwant\n  %q", name, g, w)
			}
		}
	}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name  string
		stmts []*sqltext.Summary
		want  map[string][]string
	}{
		{
			name: "create names unnamed indexes as MySQL does",
			stmts: []*sqltext.Summary{createTable("Orders", []string{"id", "user_id", "status"},
				pk("id"), key("", "user_id"), key("", "user_id", "status"), uniq("", "status"), key("", "primary"))},
			want: map[string][]string{"orders": {
				"primary (id)", "user_id (user_id)", "user_id_2 (user_id, status)",
				"status (status) unique", "primary_2 (primary)",
			}},
		},
		{
			name: "create replaces an earlier definition",
			stmts: []*sqltext.Summary{
				createTable("t", []string{"a"}, key("ia", "a")),
				createTable("t", []string{"b"}, key("ib", "b")),
			},
			want: map[string][]string{"t": {"ib (b)"}},
		},
		{
			name:  "create without indexes is known and unindexed",
			stmts: []*sqltext.Summary{createTable("heap", []string{"a"})},
			want:  map[string][]string{"heap": {}},
		},
		{
			name: "alter on an unknown table leaves it unknown",
			stmts: []*sqltext.Summary{
				alter("ghost", nil, key("ix", "a")),
				stmt(&sqltext.DDL{Op: sqltext.DDLCreateIndex, Tables: []string{"ghost2"}, AddIndexes: []sqltext.IndexDef{key("ix", "a")}}),
				stmt(&sqltext.DDL{Op: sqltext.DDLDropIndex, Tables: []string{"ghost3"}, DropIndexes: []string{"ix"}}),
			},
			want: map[string][]string{"ghost": nil, "ghost2": nil, "ghost3": nil},
		},
		{
			name: "alter drops before it adds",
			stmts: []*sqltext.Summary{
				createTable("t", []string{"a", "b"}, pk("a"), key("ix", "a")),
				alter("t", []string{"ix"}, key("ix", "b", "a"), key("", "b")),
			},
			want: map[string][]string{"t": {"primary (a)", "ix (b, a)", "b (b)"}},
		},
		{
			name: "default names avoid existing ones",
			stmts: []*sqltext.Summary{
				createTable("t", []string{"a"}, key("a", "a"), key("a_2", "a")),
				alter("t", nil, key("", "a", "b")),
				stmt(&sqltext.DDL{Op: sqltext.DDLCreateIndex, Tables: []string{"t"}, AddIndexes: []sqltext.IndexDef{uniq("", "a")}}),
			},
			want: map[string][]string{"t": {"a (a)", "a_2 (a)", "a_3 (a, b)", "a_4 (a) unique"}},
		},
		{
			name: "expression index",
			stmts: []*sqltext.Summary{
				createTable("t", []string{"a"}, key("", ""), key("")),
			},
			want: map[string][]string{"t": {"functional_index ()", "functional_index_2 ()"}},
		},
		{
			name: "a column rename renames the column in the table's indexes",
			stmts: []*sqltext.Summary{
				createTable("a", []string{"x", "y"}, key("ix", "x", "y"), key("iy", "y")),
				createTable("b", []string{"x", "y"}, key("ix", "x"), key("iy", "y")),
				createTable("c", []string{"x"}, key("ix", "x")),
				stmt(&sqltext.DDL{Op: sqltext.DDLAlterTable, Tables: []string{"a"}, AlterSpecs: []string{"RENAME COLUMN"},
					ColumnRenames: []sqltext.Rename{{From: "x", To: "z"}}}),
				// Both renames at once: the columns swap names.
				stmt(&sqltext.DDL{Op: sqltext.DDLAlterTable, Tables: []string{"b"}, AlterSpecs: []string{"RENAME COLUMN", "CHANGE COLUMN"},
					ColumnRenames: []sqltext.Rename{{From: "x", To: "y"}, {From: "y", To: "x"}}}),
				// A column the table is not known to have: unknown.
				stmt(&sqltext.DDL{Op: sqltext.DDLAlterTable, Tables: []string{"c"}, AlterSpecs: []string{"RENAME COLUMN"},
					ColumnRenames: []sqltext.Rename{{From: "w", To: "v"}}}),
			},
			want: map[string][]string{"a": {"ix (z, y)", "iy (y)"}, "b": {"ix (y)", "iy (x)"}, "c": nil},
		},
		{
			name: "a column rename the statement does not spell out makes the table unknown",
			stmts: []*sqltext.Summary{
				createTable("a", []string{"x"}, key("ix", "x")),
				createTable("b", []string{"x"}, key("ix", "x")),
				createTable("c", []string{"x", "y"}, key("ix", "x", "y")),
				stmt(&sqltext.DDL{Op: sqltext.DDLAlterTable, Tables: []string{"a"}, AlterSpecs: []string{"ADD COLUMN", "RENAME COLUMN"}}),
				stmt(&sqltext.DDL{Op: sqltext.DDLAlterTable, Tables: []string{"b"}, AlterSpecs: []string{"CHANGE COLUMN", "RENAME"}, Renames: []sqltext.Rename{{From: "b", To: "b2"}}}),
				stmt(&sqltext.DDL{Op: sqltext.DDLAlterTable, Tables: []string{"c"}, AlterSpecs: []string{"MODIFY COLUMN", "DROP COLUMN"}}),
			},
			want: map[string][]string{"a": nil, "b": nil, "b2": nil, "c": {"ix (x, y)"}},
		},
		{
			name: "drop primary key and drop index",
			stmts: []*sqltext.Summary{
				createTable("t", []string{"a", "b"}, pk("a"), key("IX_B", "b")),
				alter("t", []string{"primary"}),
				stmt(&sqltext.DDL{Op: sqltext.DDLDropIndex, Tables: []string{"t"}, DropIndexes: []string{"ix_b", "no_such"}}),
			},
			want: map[string][]string{"t": {}},
		},
		{
			name: "add primary key by alter",
			stmts: []*sqltext.Summary{
				createTable("t", []string{"a"}),
				alter("t", nil, sqltext.IndexDef{Primary: true, Columns: []string{"A"}}),
			},
			want: map[string][]string{"t": {"primary (a)"}},
		},
		{
			name: "rename swaps left to right",
			stmts: []*sqltext.Summary{
				createTable("a", nil, key("ia", "x")),
				createTable("b", nil, key("ib", "y")),
				renameTables("a", "tmp", "b", "a", "tmp", "b"),
			},
			want: map[string][]string{"a": {"ib (y)"}, "b": {"ia (x)"}, "tmp": nil},
		},
		{
			name: "rename of an unknown table makes the new name unknown",
			stmts: []*sqltext.Summary{
				createTable("shadow", nil, pk("id")),
				renameTables("unseen", "shadow"),
			},
			want: map[string][]string{"shadow": nil, "unseen": nil},
		},
		{
			name: "alter rename, with and without From",
			stmts: []*sqltext.Summary{
				createTable("a", nil, pk("id")),
				createTable("b", nil, pk("id")),
				stmt(&sqltext.DDL{Op: sqltext.DDLAlterTable, Tables: []string{"a"}, Renames: []sqltext.Rename{{From: "a", To: "db.a2"}}}),
				stmt(&sqltext.DDL{Op: sqltext.DDLAlterTable, Tables: []string{"b"}, AddIndexes: []sqltext.IndexDef{key("ix", "x")}, Renames: []sqltext.Rename{{To: "b2"}}}),
			},
			want: map[string][]string{"a": nil, "a2": {"primary (id)"}, "b": nil, "b2": {"primary (id)", "ix (x)"}},
		},
		{
			name: "drop tables",
			stmts: []*sqltext.Summary{
				createTable("a", nil, pk("id")),
				createTable("b", nil, pk("id")),
				createTable("c", nil, pk("id")),
				stmt(ddl(sqltext.DDLDropTable, "a", "`db`.`b`", "never")),
			},
			want: map[string][]string{"a": nil, "b": nil, "c": {"primary (id)"}},
		},
		{
			name: "create like copies, or stays unknown",
			stmts: []*sqltext.Summary{
				createTable("src", []string{"id"}, pk("id")),
				stmt(ddl(sqltext.DDLCreateTable, "copy", "src")),
				alter("copy", nil, key("extra", "id")),
				createTable("stale", nil, pk("id")),
				stmt(ddl(sqltext.DDLCreateTable, "stale", "unknown_src")),
			},
			want: map[string][]string{"src": {"primary (id)"}, "copy": {"primary (id)", "extra (id)"}, "stale": nil},
		},
		{
			name: "non-DDL and malformed summaries are ignored",
			stmts: []*sqltext.Summary{
				nil,
				{Kind: sqltext.KindSelect, DDL: ddl(sqltext.DDLDropTable, "t")},
				{Kind: sqltext.KindDDL},
				stmt(ddl(sqltext.DDLCreateTable)),
				stmt(ddl(sqltext.DDLCreateTable, "")),
				stmt(ddl(sqltext.DDLAlterTable)),
				stmt(ddl(sqltext.DDLTruncate, "t")),
				stmt(ddl(sqltext.DDLOther, "t")),
				renameTables("", "x", "t", ""),
			},
			want: map[string][]string{"t": {}, "x": nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New()
			// "t" exists in every case, so that the ignored statements in
			// the last case have something to (not) change.
			s.Put(&Table{Name: "t"})
			for _, st := range tt.stmts {
				s.Apply(st)
			}
			checkIndexes(t, s, tt.want)
		})
	}
}

func TestApplyCreateLikeCopies(t *testing.T) {
	s := New()
	s.Apply(createTable("src", []string{"id"}, pk("id")))
	s.Apply(stmt(ddl(sqltext.DDLCreateTable, "dst", "src")))
	s.Apply(alter("dst", []string{"primary"}, key("ix", "id")))
	checkIndexes(t, s, map[string][]string{"src": {"primary (id)"}, "dst": {"ix (id)"}})
}

func TestApplyColumns(t *testing.T) {
	s := New()
	s.Apply(createTable("T", []string{"ID", "a", "a"}, pk("id")))
	d := ddl(sqltext.DDLAlterTable, "t")
	d.Columns = []string{"b", "A"}
	s.Apply(stmt(d))
	if got := strings.Join(s.Table("t").Columns, ","); got != "id,a,b" {
		t.Errorf("columns = %s, want id,a,b", got)
	}
}

func TestApplyZeroSchema(t *testing.T) {
	var s Schema // not from New: Apply must not panic on its nil map
	s.Apply(createTable("t", nil, pk("id")))
	if s.Table("t") == nil {
		t.Fatal("table not created")
	}
	var nilSchema *Schema
	nilSchema.Apply(createTable("t", nil)) // must not panic
}

// TestApplySingleRow: a CHECK that pins the one-column primary key to a
// constant makes a table of at most one row; pinning another column does
// not.
func TestApplySingleRow(t *testing.T) {
	s := New()
	for _, text := range []string{
		"CREATE TABLE one (id INT NOT NULL DEFAULT 0 CHECK (id = 0), v BIGINT, PRIMARY KEY (id))",
		"CREATE TABLE one_t (id INT NOT NULL, v BIGINT, PRIMARY KEY (id), CONSTRAINT c CHECK (0 = id))",
		"CREATE TABLE many (id INT NOT NULL, v BIGINT CHECK (v = 1), PRIMARY KEY (id))",
		"CREATE TABLE pair (a INT NOT NULL CHECK (a = 0), b INT NOT NULL, PRIMARY KEY (a, b))",
	} {
		s.Apply(sqltext.Summarize(text))
	}
	for name, want := range map[string]bool{"one": true, "one_t": true, "many": false, "pair": false} {
		if got := s.Table(name).SingleRow; got != want {
			t.Errorf("%s: SingleRow = %v, want %v", name, got, want)
		}
	}
}

// The partitioning of CREATE TABLE is kept through clones (the cache) and
// left out of the digest of an unpartitioned table.
func TestApplyPartition(t *testing.T) {
	s := New()
	plain := s.Digest()
	st := createTable("hits", []string{"id", "at"}, sqltext.IndexDef{Name: "primary", Columns: []string{"id", "at"}, Unique: true, Primary: true})
	st.DDL.Partition = &sqltext.Partition{Column: "at", Ranges: true}
	s.Apply(st)
	c := s.Clone()
	if p := c.Table("hits").Partition; p == nil || p.Column != "at" || !p.Ranges {
		t.Fatalf("Partition %+v, want at with ranges", p)
	}
	c.Table("hits").Partition.Column = "id"
	if s.Table("hits").Partition.Column != "at" {
		t.Error("a clone shares its Partition with the original")
	}
	u := New()
	u.Apply(createTable("hits", []string{"id", "at"}, sqltext.IndexDef{Name: "primary", Columns: []string{"id", "at"}, Unique: true, Primary: true}))
	if u.Table("hits").Partition != nil || u.Digest() == s.Digest() || u.Digest() == plain {
		t.Error("an unpartitioned table has a Partition, or the digest does not tell them apart")
	}
}

// Foreign keys come from CREATE TABLE and ALTER TABLE ... ADD CONSTRAINT,
// go with DROP FOREIGN KEY (an unknown name drops the unnamed ones),
// follow column and parent renames, and are not copied by CREATE TABLE
// ... LIKE.
func TestApplyForeignKeys(t *testing.T) {
	s := New()
	for _, text := range []string{
		"CREATE TABLE folder (id INT PRIMARY KEY)",
		"CREATE TABLE note (id INT PRIMARY KEY, folder_id INT NOT NULL, owner INT, KEY (folder_id), CONSTRAINT note_folder FOREIGN KEY (folder_id) REFERENCES folder (id) ON DELETE CASCADE)",
		"ALTER TABLE note ADD CONSTRAINT FOREIGN KEY (owner) REFERENCES app.person (id)",
		"CREATE TABLE note_copy LIKE note",
		"RENAME TABLE folder TO drawer",
		"ALTER TABLE note RENAME COLUMN folder_id TO drawer_id",
	} {
		s.Apply(sqltext.Summarize(text))
	}
	got := func(table string) string {
		var out []string
		for _, fk := range s.Table(table).ForeignKeys {
			out = append(out, fk.Name+":"+strings.Join(fk.Columns, ",")+"->"+fk.RefTable+"("+strings.Join(fk.RefColumns, ",")+")")
		}
		return strings.Join(out, " ")
	}
	if g, want := got("note"), "note_folder:drawer_id->drawer(id) :owner->person(id)"; g != want {
		t.Errorf("note: %s, want %s", g, want)
	}
	if g := got("note_copy"); g != "" {
		t.Errorf("note_copy: %s, want none", g)
	}
	if fks := s.Table("note").ForeignKeyTo("DRAWER"); len(fks) != 1 || fks[0].Name != "note_folder" {
		t.Errorf("ForeignKeyTo(drawer) = %+v", fks)
	}
	s.Apply(sqltext.Summarize("ALTER TABLE note DROP FOREIGN KEY note_ibfk_1"))
	if g, want := got("note"), "note_folder:drawer_id->drawer(id)"; g != want {
		t.Errorf("after dropping the unnamed key: %s, want %s", g, want)
	}
	s.Apply(sqltext.Summarize("ALTER TABLE note DROP FOREIGN KEY note_folder"))
	if g := got("note"); g != "" {
		t.Errorf("after dropping note_folder: %s, want none", g)
	}
}
