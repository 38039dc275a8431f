package schema

import (
	"bytes"
	"strings"
	"testing"
)

func TestSnapshotRoundTrip(t *testing.T) {
	s := sample()
	s.Put(&Table{Name: "heap"}) // known, no index, no column
	meta := SnapshotMeta{Engine: "mariadb", Version: "10.11.19", Isolation: "REPEATABLE-READ"}
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, s, meta); err != nil {
		t.Fatal(err)
	}
	got, gotMeta, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("ReadSnapshot: %v\n%s", err, buf.String())
	}
	if gotMeta != meta {
		t.Errorf("meta = %+v, want %+v", gotMeta, meta)
	}
	if got.Digest() != s.Digest() {
		t.Errorf("round trip changed the schema:\n%q\nwant\n%q", indexes(got), indexes(s))
	}
	// Deterministic: writing again gives the same bytes.
	var again bytes.Buffer
	if err := WriteSnapshot(&again, got, gotMeta); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Errorf("second write differs:\n%s\nfirst:\n%s", again.String(), buf.String())
	}
}

func TestWriteSnapshotFormat(t *testing.T) {
	s := New()
	s.Put(&Table{Name: "b", Indexes: []Index{{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true}}})
	s.Put(&Table{Name: "a", Columns: []string{"id"}})
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, s, SnapshotMeta{Engine: "mysql"}); err != nil {
		t.Fatal(err)
	}
	want := `{
  "locklint_schema": 1,
  "engine": "mysql",
  "tables": [
    {
      "name": "a",
      "columns": [
        "id"
      ],
      "indexes": []
    },
    {
      "name": "b",
      "indexes": [
        {
          "name": "primary",
          "columns": [
            "id"
          ],
          "unique": true,
          "primary": true
        }
      ]
    }
  ]
}
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestReadSnapshot(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string][]string
		wantErr string
	}{
		{
			name: "normalizes names and fills defaults",
			in: `{"locklint_schema": 1, "tables": [{"name": "DB.Users", "columns": ["ID", "Email"],
				"indexes": [{"name": "PRIMARY", "columns": ["ID"]}, {"columns": ["Email"], "unique": true}, {"name": "x", "columns": []}]}]}`,
			want: map[string][]string{"users": {"primary (id)", "email (email) unique", "x ()"}},
		},
		{
			name: "unknown fields are tolerated",
			in:   `{"locklint_schema": 1, "taken_at": "2025-01-01", "tables": [{"name": "t", "indexes": null, "comment": "x"}]}`,
			want: map[string][]string{"t": {}},
		},
		{name: "future version", in: `{"locklint_schema": 2, "tables": []}`, wantErr: "format 2 is not supported: this locklint reads format 1"},
		{name: "not a snapshot", in: `{"tables": []}`, wantErr: `not a locklint schema snapshot`},
		{name: "not an object", in: `[1, 2]`, wantErr: "line 1"},
		{name: "bad json", in: "{\n\"locklint_schema\": 1,\n\"tables\": [,]}", wantErr: "line 3: schema snapshot: invalid character"},
		{name: "wrong type", in: "{\"locklint_schema\": 1,\n\n\"tables\": [{\"name\": 3}]}", wantErr: "line 3"},
		{name: "empty", in: "", wantErr: "unexpected end of JSON input"},
		{name: "table without name", in: `{"locklint_schema": 1, "tables": [{"name": "a"}, {"columns": ["x"]}]}`, wantErr: "table #2 has no name"},
		{name: "null table", in: `{"locklint_schema": 1, "tables": [null]}`, wantErr: "table #1 has no name"},
		{name: "duplicate table", in: `{"locklint_schema": 1, "tables": [{"name": "a"}, {"name": "A"}]}`, wantErr: "table a appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, err := ReadSnapshot(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkIndexes(t, s, tt.want)
		})
	}
}
