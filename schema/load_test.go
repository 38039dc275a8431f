package schema

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/locklint/locklint/sqltext"
)

func TestLoad(t *testing.T) {
	td := "testdata"
	tests := []struct {
		name     string
		patterns []string
		want     map[string][]string // nil value: the table must be unknown
		wantErrs []string            // substrings, one per error, in order
	}{
		{
			name:     "golang-migrate directory applies up files only",
			patterns: []string{filepath.Join(td, "migrate")},
			want: map[string][]string{
				"users":  {"primary (id)", "uk_email (email) unique", "idx_name (name)"},
				"orders": {"primary (id)", "user_id (user_id)", "user_id_2 (user_id, status)"},
			},
		},
		{
			name:     "goose files apply their Up sections",
			patterns: []string{filepath.Join(td, "goose", "2024010[12]*.sql")},
			want: map[string][]string{
				"accounts": {"primary (id)", "idx_owner (owner_id)"},
				"ledger":   {"primary (id)", "account_id (account_id)"},
			},
		},
		{
			name:     "goose parse error is at the line of the file",
			patterns: []string{filepath.Join(td, "goose")},
			want: map[string][]string{
				"accounts":   {"primary (id)", "idx_owner (owner_id)"},
				"ledger":     {"primary (id)", "account_id (account_id)"},
				"broken_bad": nil,
			},
			wantErrs: []string{"testdata/goose/20240103000000_broken.sql:6: "},
		},
		{
			name:     "glob",
			patterns: []string{filepath.Join(td, "glob", "schema_*")},
			want: map[string][]string{
				"a":       {"primary (id)", "idx_v (v)"},
				"b":       {"primary (id)"},
				"ignored": nil,
			},
		},
		{
			name:     "a broken file is reported once and the others apply",
			patterns: []string{filepath.Join(td, "broken")},
			want: map[string][]string{
				"first":        {"primary (id)", "k (k)", "after_error (id, k)", "k_2_named (k, id)"},
				"before_error": {"primary (id)"},
				"second":       nil,
				"last":         {"primary (id)"},
				"oops":         nil,
			},
			wantErrs: []string{"testdata/broken/002_broken.sql:4: syntax error near \",, (k);\" (and 1 more statement in this file that do not parse)"},
		},
		{
			// A mysqldump: statements the parser does not know (a POINT
			// column, a DELIMITER block) cost only the table they define.
			name:     "dump with statements the parser rejects",
			patterns: []string{filepath.Join(td, "dump", "dump.sql")},
			want: map[string][]string{
				"customers": {"primary (id)", "uk_email (email) unique"},
				"places":    nil,
				"orders":    {"primary (id)", "idx_customer_status (customer_id, status)", "fk_orders_customer (customer_id)"},
			},
			wantErrs: []string{"testdata/dump/dump.sql:33: syntax error near \"point NOT NULL"},
		},
		{
			name:     "snapshot then DDL: DDL wins, migrations change snapshot tables",
			patterns: []string{filepath.Join(td, "snapshot")},
			want: map[string][]string{
				"users":  {"primary (id)", "email (email) unique"},
				"events": {"primary (id)", "idx_kind_created (kind, created_at)"},
			},
		},
		{
			name:     "rename and drop",
			patterns: []string{filepath.Join(td, "rename")},
			want: map[string][]string{
				"jobs":      {"primary (id)", "idx_status_id (status, id)"},
				"_jobs_new": nil,
				"_jobs_old": nil,
				"tmp":       nil,
				"kept":      {"primary (id)"},
				"old_log":   nil,
				"shadow":    nil,
				"unseen":    nil,
				"unseen2":   nil,
				"unseen3":   nil,
			},
		},
		{
			name:     "missing patterns do not stop the others",
			patterns: []string{filepath.Join(td, "missing"), filepath.Join(td, "glob", "*.none"), filepath.Join(td, "glob", "schema_b.sql")},
			want:     map[string][]string{"b": {"primary (id)"}, "a": nil},
			wantErrs: []string{`"testdata/missing": no such file or directory`, `"testdata/glob/*.none" matches no`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := Load(tt.patterns)
			checkErrs(t, errs, tt.wantErrs)
			checkIndexes(t, s, tt.want)
		})
	}
}

// TestParseRecovery checks how a file with statements the parser rejects
// is read: ParseMigration stops at the first, Load goes on past all of
// them and forgets the tables they may have changed.
func TestParseRecovery(t *testing.T) {
	data := []byte("CREATE TABLE a (id INT, KEY (id));\nALTER TABLE a ADD;\n" +
		"CREATE TABLE b (s VARCHAR(9) DEFAULT ';', KEY (s)) BROKEN;\n" +
		"CREATE TABLE c (id INT PRIMARY KEY);\n" +
		"DELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON c FOR EACH ROW BEGIN SET @x = 1; END;;\nDELIMITER ;\n" +
		"CREATE TABLE d (id INT PRIMARY KEY);")
	sums, err := ParseMigration("m.sql", data)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != "m.sql" || fe.Line != 2 || fe.Column == 0 {
		t.Fatalf("err = %#v, want a FileError at m.sql:2 with a column", err)
	}
	describe := func(sums []*sqltext.Summary) []string {
		var out []string
		for _, st := range sums {
			out = append(out, fmt.Sprintf("%d:%s", st.Line, st.DDL.Tables[0]))
		}
		return out
	}
	if got, want := describe(sums), []string{"1:a"}; !slices.Equal(got, want) {
		t.Errorf("ParseMigration statements = %q, want %q (error: %v)", got, want, err)
	}

	steps, _ := parseSteps("m.sql", data)
	var parsed []*sqltext.Summary
	for _, st := range steps {
		if st.sum != nil {
			parsed = append(parsed, st.sum)
		}
	}
	if got, want := describe(parsed), []string{"1:a", "4:c", "8:d"}; !slices.Equal(got, want) {
		t.Errorf("recovered statements = %q, want %q", got, want)
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "m.sql"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	s, errs := Load([]string{dir})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "m.sql:2: ") {
		t.Errorf("errors = %q, want one at m.sql:2", errs)
	}
	// a: an ALTER that did not parse changed it in some way.
	// c: the trigger on it says neither TABLE nor INDEX, so c is kept.
	checkIndexes(t, s, map[string][]string{"a": nil, "b": nil, "c": {"primary (id)"}, "d": {"primary (id)"}})
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("1_good.sql", "CREATE TABLE good (id INT PRIMARY KEY);\n")
	future := write("2_future.json", `{"locklint_schema": 99, "tables": []}`)
	badJSON := write("3_bad.json", "{\n  \"locklint_schema\": 1,\n  \"tables\": [}\n")
	badSQL := write("4_bad.sql", "\n\nCREATE TABLE;\n")
	empty := write("5_empty.sql", "")
	comments := write("6_comments.sql", "-- nothing but a comment\n/* and another */\n")

	s, errs := Load([]string{good, future, badJSON, badSQL, empty, comments, dir})
	checkErrs(t, errs, []string{
		future + ": schema snapshot format 99 is not supported",
		badJSON + ":3: schema snapshot: invalid character '}'",
		badSQL + ":3: ",
	})
	for _, err := range errs[1:] {
		var fe *FileError
		if !errors.As(err, &fe) || fe.Line == 0 {
			t.Errorf("%v: not a *FileError with a line", err)
		}
	}
	checkIndexes(t, s, map[string][]string{"good": {"primary (id)"}})
}

func TestReadMigrationLines(t *testing.T) {
	sums, err := ReadMigration(filepath.Join("testdata", "goose", "20240101120000_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	// The Down section (DROP TABLE, and text that is not SQL) is not there.
	type pos struct {
		op   sqltext.DDLOp
		line int
	}
	var got []pos
	for _, st := range sums {
		if st.Kind != sqltext.KindDDL || st.DDL == nil {
			t.Fatalf("statement at line %d is not DDL: %+v", st.Line, st)
		}
		got = append(got, pos{st.DDL.Op, st.Line})
	}
	want := []pos{{sqltext.DDLCreateTable, 3}, {sqltext.DDLCreateIndex, 10}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("statements (op, line) = %v, want %v", got, want)
	}
	data, _ := os.ReadFile(filepath.Join("testdata", "goose", "20240101120000_init.sql"))
	for _, st := range sums {
		if !strings.HasPrefix(string(data[st.Offset:]), "CREATE") {
			t.Errorf("offset %d is not at the statement in the file: %q", st.Offset, string(data[st.Offset:min(len(data), st.Offset+20)]))
		}
	}

	if _, err := ReadMigration(filepath.Join("testdata", "nope.sql")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}
