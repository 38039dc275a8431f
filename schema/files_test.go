package schema

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestFiles(t *testing.T) {
	td := filepath.Join("testdata")
	tests := []struct {
		name     string
		patterns []string
		want     []string // relative to testdata
		wantErrs []string // substrings, one per error
	}{
		{
			name:     "migrate directory: up files only, in order",
			patterns: []string{filepath.Join(td, "migrate")},
			want:     []string{"migrate/000001_create_users.up.sql", "migrate/000002_user_indexes.up.sql", "migrate/000003_orders.up.sql"},
		},
		{
			name:     "glob: .sql only, no down, no directories",
			patterns: []string{filepath.Join(td, "glob", "schema_*")},
			want:     []string{"glob/schema_a.sql", "glob/schema_b.sql"},
		},
		{
			name:     "glob matching directories only",
			patterns: []string{filepath.Join(td, "glob", "sub*")},
			wantErrs: []string{`glob/sub*" matches no .sql or .json file`},
		},
		{
			name:     "an explicit file is used whatever its name",
			patterns: []string{filepath.Join(td, "glob", "schema_b.down.sql"), filepath.Join(td, "glob", "schema_c.txt")},
			want:     []string{"glob/schema_b.down.sql", "glob/schema_c.txt"},
		},
		{
			name:     "patterns in order, files once",
			patterns: []string{filepath.Join(td, "snapshot", "002_events.sql"), filepath.Join(td, "snapshot"), "./" + filepath.Join(td, "snapshot", "001_users.sql")},
			want:     []string{"snapshot/002_events.sql", "snapshot/000_prod.json", "snapshot/001_users.sql"},
		},
		{
			name:     "missing, empty and bad patterns",
			patterns: []string{filepath.Join(td, "nope.sql"), filepath.Join(td, "nosql"), filepath.Join(td, "*.nothing"), "[", filepath.Join(td, "rename")},
			want:     []string{"rename/001_tables.sql", "rename/002_online_change.sql", "rename/003_misc.sql"},
			wantErrs: []string{
				`schema pattern "testdata/nope.sql": no such file or directory`,
				`"testdata/nosql": directory holds no .sql or .json file`,
				`"testdata/*.nothing" matches no .sql or .json file`,
				`schema pattern "[": syntax error in pattern`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, errs := Files(tt.patterns)
			var got []string
			for _, f := range files {
				rel, err := filepath.Rel(td, f)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, filepath.ToSlash(rel))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("files = %q, want %q", got, tt.want)
			}
			checkErrs(t, errs, tt.wantErrs)
		})
	}
}

// checkErrs checks that errs are, in order, errors containing want.
func checkErrs(t *testing.T, errs []error, want []string) {
	t.Helper()
	if len(errs) != len(want) {
		t.Errorf("errors = %q, want %d: %q", errs, len(want), want)
		return
	}
	for i, err := range errs {
		if !strings.Contains(filepath.ToSlash(err.Error()), want[i]) {
			t.Errorf("error %d = %q, want it to contain %q", i, err, want[i])
		}
	}
}

func TestUpText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CREATE TABLE t (a INT);\n", "CREATE TABLE t (a INT);\n"},
		{"\xef\xbb\xbfSELECT 1;", "   SELECT 1;"},
		{
			"-- intro\n-- +goose Up\nA;\n-- +goose StatementBegin\nB;\n-- +goose StatementEnd\n-- +goose Down\nC;\n",
			"        \n            \nA;\n                        \nB;\n                      \n              \n  \n",
		},
		{
			"--+GOOSE   up\r\nA;\r\n  --   +goose DOWN\r\nC;\r\n-- +goose Up\nD;",
			"              \nA;\r\n                   \n   \n            \nD;",
		},
		// Not goose annotations: -- +gooseUp, +goose in a line of SQL.
		{"-- +gooseUp\nA; -- +goose Up\n", "-- +gooseUp\nA; -- +goose Up\n"},
	}
	for i, tt := range tests {
		if got := upText([]byte(tt.in)); got != tt.want {
			t.Errorf("%d: upText(%q) =\n%q\nwant\n%q", i, tt.in, got, tt.want)
		}
		if got := upText([]byte(tt.in)); len(got) != len(tt.in) {
			t.Errorf("%d: upText changed the length", i)
		}
	}
}

func TestFileError(t *testing.T) {
	for _, tt := range []struct {
		err  *FileError
		want string
	}{
		{&FileError{Path: "a.sql", Line: 3, Err: fmt.Errorf("boom")}, "a.sql:3: boom"},
		{&FileError{Path: "a.sql", Err: fmt.Errorf("boom")}, "a.sql: boom"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
