package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary file content to Load, as a .sql file and as a
// .json snapshot. Load must not panic, must not let the parser's panics
// through (ParseMigration turns them into "internal error" errors, which
// are bugs too), and whatever schema it builds must survive a snapshot
// round trip.
func FuzzLoad(f *testing.F) {
	for _, dir := range []string{"migrate", "goose", "broken", "rename", "snapshot"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE t (a INT, KEY (a));\n-- +goose StatementEnd\n-- +goose Down\nDROP TABLE t;\n"))
	f.Add([]byte("CREATE TABLE t (a INT PRIMARY KEY); RENAME TABLE t TO u, u TO t; ALTER TABLE t ADD INDEX (a), RENAME TO v;"))
	f.Add([]byte("\xef\xbb\xbfCREATE TABLE `Db`.`T` (`A` INT, UNIQUE (`a`(10)), INDEX ((lower(a))));"))

	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		sqlPath := filepath.Join(dir, "1.sql")
		jsonPath := filepath.Join(dir, "2.json")
		if err := os.WriteFile(sqlPath, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(jsonPath, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, errs := Load([]string{dir})
		if len(errs) > 2 {
			t.Errorf("%d errors for two files: %q", len(errs), errs)
		}
		for _, err := range errs {
			if strings.Contains(err.Error(), "internal error") {
				t.Errorf("Load: %v", err)
			}
		}
		var buf bytes.Buffer
		if err := WriteSnapshot(&buf, s, SnapshotMeta{}); err != nil {
			t.Fatalf("WriteSnapshot: %v", err)
		}
		back, _, err := ReadSnapshot(&buf)
		if err != nil {
			t.Fatalf("ReadSnapshot of our own output: %v\n%s", err, buf.String())
		}
		if back.Digest() != s.Digest() {
			t.Errorf("snapshot round trip changed the schema:\n%q\nwant\n%q", indexes(back), indexes(s))
		}
		_ = s.Clone().Merge(back)
	})
}
