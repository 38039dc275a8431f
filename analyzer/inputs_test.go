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
	write, hash := inputsModule(t, []string{"migrations"})
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

// TestHashInputsWithoutSchema: with no schema given, the schema a sqlc
// configuration names and the module's .sql files decide the results,
// so the key changes with them.
func TestHashInputsWithoutSchema(t *testing.T) {
	write, hash := inputsModule(t, nil)
	write("go.mod", "module m\n")
	write("db/sqlc.yaml", "version: \"2\"\nsql:\n  - engine: mysql\n    schema: ../schema\n    queries: query.sql\n")
	write("schema/001.sql", "CREATE TABLE t (id INT PRIMARY KEY);")
	before := hash()
	write("schema/001.sql", "CREATE TABLE t (id INT PRIMARY KEY, k INT, KEY (k));")
	afterSchema := hash()
	if afterSchema == before {
		t.Error("a change to the schema sqlc names left the key unchanged")
	}
	write("db/sqlc.yaml", "version: \"2\"\nsql:\n  - engine: postgresql\n    schema: ../schema\n    queries: query.sql\n")
	afterConfig := hash()
	if afterConfig == afterSchema {
		t.Error("a change to sqlc.yaml left the key unchanged")
	}
	write("models/ddl.sql", "CREATE TABLE u (id INT PRIMARY KEY);")
	if hash() == afterConfig {
		t.Error("a new .sql file in the module left the key unchanged")
	}
	write("vendor/x/y.sql", "CREATE TABLE v (id INT PRIMARY KEY);")
	write("nested/go.mod", "module n\n")
	last := hash()
	write("nested/z.sql", "CREATE TABLE w (id INT PRIMARY KEY);")
	if hash() != last {
		t.Error("a .sql file of a nested module changed the key")
	}
}

// inputsModule makes an empty module directory and returns a writer of
// its files and the cache key HashInputs gives it with schema.
func inputsModule(t *testing.T, schema []string) (write func(name, text string), hash func() string) {
	dir := t.TempDir()
	write = func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hash = func() string {
		var b bytes.Buffer
		analyzer.HashInputs(&b, dir, schema)
		return b.String()
	}
	return write, hash
}
