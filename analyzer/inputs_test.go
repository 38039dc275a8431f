package analyzer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/locklint/locklint/analyzer"
)

// TestHashInputs checks that the cache key go vet and golangci-lint fold
// in changes with every file that decides the schema or the
// configuration, and only with those.
func TestHashInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hash := func() string {
		var b bytes.Buffer
		analyzer.HashInputs(&b, dir, []string{"migrations"})
		return b.String()
	}
	write("go.mod", "module m\n")
	write("migrations/001.up.sql", "CREATE TABLE t (id INT PRIMARY KEY);")
	before := hash()

	write("migrations/old/readme.sql", "not loaded: subdirectories are not schema")
	if hash() != before {
		t.Error("a file in a subdirectory of a schema directory changed the key")
	}
	write("migrations/001.up.sql", "CREATE TABLE t (id INT PRIMARY KEY, k INT, KEY (k));")
	afterSchema := hash()
	if afterSchema == before {
		t.Error("a schema change left the key unchanged")
	}
	write("locklint.yaml", "isolation: read-committed\n")
	if hash() == afterSchema {
		t.Error("a new locklint.yaml left the key unchanged")
	}
}
