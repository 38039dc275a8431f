package main_test

import (
	"bytes"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The standalone command answers from go's cache what it analyzed
// before. These tests check that nothing it depends on besides Go
// sources can change without fresh results: a schema file, locklint.yaml,
// the live schema, and the sources themselves.

// standalone runs the built binary on dir and returns the summary of its
// JSON findings and its standard error. Each test copies the example
// module to a directory of its own, so go's cache (the user's, shared
// for speed) holds no result of it from elsewhere.
func standalone(t *testing.T, dir string, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(buildLocklint(t), append([]string{"-json"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("locklint %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return summary(parseJSON(t, stdout.Bytes())), stderr.String()
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func TestStandaloneSeesSchemaAndSourceChanges(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	run := func() string {
		got, _ := standalone(t, dir, "-schema=migrations", "./store")
		return got
	}
	const both = "store.go:16 lock-outside-tx\nstore.go:27 unindexed-lock"
	if got := run(); got != both {
		t.Fatalf("first run:\n%s\nwant:\n%s", got, both)
	}
	if got := run(); got != both {
		t.Fatalf("cached run:\n%s\nwant:\n%s", got, both)
	}
	appendFile(t, filepath.Join(dir, "migrations", "002_orders.up.sql"), "\nCREATE INDEX idx_status ON accounts (status);\n")
	if got, want := run(), "store.go:16 lock-outside-tx"; got != want {
		t.Fatalf("after indexing status:\n%s\nwant:\n%s (stale cached result)", got, want)
	}
	// A source change: a second locking read outside a transaction.
	src := filepath.Join(dir, "store", "store.go")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("*sql.DB")) {
		t.Fatalf("store.go no longer uses *sql.DB as this test expects:\n%s", data)
	}
	appendFile(t, src, `
func lockAgain(db *sql.DB) error {
	_, err := db.Exec("SELECT id FROM accounts WHERE id = 1 FOR UPDATE")
	return err
}
`)
	got := run()
	if n := strings.Count(got, "lock-outside-tx"); n != 2 {
		t.Fatalf("after adding a locking read on the pool:\n%s\nwant two lock-outside-tx findings (stale cached result)", got)
	}
}

func TestStandaloneSeesConfigFileChanges(t *testing.T) {
	dir := withConfigFile(t)
	run := func() string {
		got, _ := standalone(t, dir, "./store")
		return got
	}
	if got, want := run(), "store.go:16 lock-outside-tx\nstore.go:27 unindexed-lock"; got != want {
		t.Fatalf("first run:\n%s\nwant:\n%s", got, want)
	}
	cfg := filepath.Join(dir, "locklint.yaml")
	data, _ := os.ReadFile(cfg)
	if !bytes.Contains(data, []byte("\n  - range-lock")) {
		t.Fatalf("the README's locklint.yaml no longer disables range-lock as this test expects:\n%s", data)
	}
	data = bytes.Replace(data, []byte("- range-lock"), []byte("- range-lock\n  - lock-outside-tx"), 1)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := run(), "store.go:27 unindexed-lock"; got != want {
		t.Fatalf("after disabling lock-outside-tx in locklint.yaml:\n%s\nwant:\n%s (stale cached result)", got, want)
	}
}

func TestStandaloneSeesLiveSchemaChanges(t *testing.T) {
	dsn := e2eDatabaseNamed(t, "locklint_e2e_live_cache")
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	run := func() string {
		got, _ := standalone(t, dir, "-dsn="+dsn, "-schema-cache=off", "./store")
		return got
	}
	const both = "store.go:16 lock-outside-tx\nstore.go:27 unindexed-lock"
	if got := run(); got != both {
		t.Fatalf("first run:\n%s\nwant:\n%s", got, both)
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE INDEX idx_status ON accounts (status)"); err != nil {
		t.Fatal(err)
	}
	if got, want := run(), "store.go:16 lock-outside-tx"; got != want {
		t.Fatalf("after indexing status in the live database:\n%s\nwant:\n%s (stale cached result)", got, want)
	}
}

// TestStandaloneCachedRunKeepsNotes: a run answered from the cache prints
// the notes the analysis printed, once.
func TestStandaloneCachedRunKeepsNotes(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	const note = "note: table accounts is described by gorm model"
	for i := range 2 {
		if _, stderr := standalone(t, dir, "./..."); strings.Count(stderr, note) != 1 {
			t.Errorf("run %d: the note appears %d times, want once:\n%s", i+1, strings.Count(stderr, note), stderr)
		}
	}
}

// TestStandaloneWithoutTests: -test=false leaves test files out under go
// vet too, and a package of tests alone is skipped.
func TestStandaloneWithoutTests(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	test := `package store

import (
	"database/sql"
	"testing"
)

func TestLocks(t *testing.T) {
	var db *sql.DB
	tx, _ := db.Begin()
	tx.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
}
`
	if err := os.WriteFile(filepath.Join(dir, "store", "locks_test.go"), []byte(test), 0o644); err != nil {
		t.Fatal(err)
	}
	xtest := strings.Replace(test, "package store", "package store_test", 1)
	if err := os.WriteFile(filepath.Join(dir, "store", "x_test.go"), []byte(xtest), 0o644); err != nil {
		t.Fatal(err)
	}
	with, _ := standalone(t, dir, "-schema=migrations", "./store")
	if !strings.Contains(with, "locks_test.go") || !strings.Contains(with, "x_test.go") {
		t.Errorf("with tests, no finding in the test files:\n%s", with)
	}
	without, _ := standalone(t, dir, "-test=false", "-schema=migrations", "./store")
	if want := "store.go:16 lock-outside-tx\nstore.go:27 unindexed-lock"; without != want {
		t.Errorf("-test=false:\n%s\nwant:\n%s", without, want)
	}
}

// TestStandaloneWithoutBrokenTests: a test file whose imports cannot be
// found (mocks generated outside the repository) does not stop its
// package from being analyzed, though go vet stops there.
func TestStandaloneWithoutBrokenTests(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	broken := `package store

import (
	"testing"

	"example.com/generated/mocks"
)

func TestWithMocks(t *testing.T) { mocks.New(t) }
`
	if err := os.WriteFile(filepath.Join(dir, "store", "mocks_test.go"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	without, stderr := standalone(t, dir, "-test=false", "-schema=migrations", "./store")
	if want := "store.go:16 lock-outside-tx\nstore.go:27 unindexed-lock"; without != want {
		t.Errorf("-test=false with a test that does not build:\n%s\nwant:\n%s\nstderr:\n%s", without, want, stderr)
	}
	// With the tests, the test package that does not load is reported
	// (exit code 1) and the package itself is still analyzed.
	cmd := exec.Command(buildLocklint(t), "-schema=migrations", "./store")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("with a test that does not build: %v, want exit code 1\n%s", err, out.Bytes())
	}
	for _, want := range []string{"store.go:16:", "lock-outside-tx", "store.go:27:", "unindexed-lock", "example.com/generated/mocks"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("with a test that does not build, no %q in:\n%s", want, out.Bytes())
		}
	}
}

// TestStandaloneRootAfterDependency: a package analyzed first only as a
// dependency of another (go vet runs the tool on it for facts alone, and
// caches that run under the same key as a run that reports) gives its
// findings when it is named itself later, alone or in ./...; and a
// package named earlier does not lend its findings to a later run that
// reaches it only as a dependency. The package has no tests: go vets a
// package with tests as a root through its test variant, under a key of
// its own, which would hide the replay.
func TestStandaloneRootAfterDependency(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	files := map[string]string{
		"ledger/ledger.go": `package ledger

import "database/sql"

// Hold locks one account outside any transaction.
func Hold(db *sql.DB) error {
	_, err := db.Exec("SELECT id FROM accounts WHERE id = 1 FOR UPDATE")
	return err
}
`,
		"app/app.go": `package app

import (
	"database/sql"

	"example.com/shop/ledger"
)

// Run holds the account.
func Run(db *sql.DB) error { return ledger.Hold(db) }
`,
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(pattern string) string {
		got, _ := standalone(t, dir, "-schema=migrations", pattern)
		return got
	}
	if got := run("./app"); got != "" {
		t.Errorf("./app: %s, want no findings (ledger's are not app's)", got)
	}
	const held = "ledger.go:7 lock-outside-tx"
	if got := run("./ledger"); got != held {
		t.Errorf("./ledger after ./app:\n%s\nwant:\n%s", got, held)
	}
	if got := run("./..."); !strings.Contains(got, held) {
		t.Errorf("./... after ./app:\n%s\nwant it to hold %s", got, held)
	}
	if got := run("./app"); got != "" {
		t.Errorf("./app after ./ledger: %s, want no findings", got)
	}
}

// TestStandaloneSeesSqlcSchemaChanges: without -schema, the schema a
// sqlc configuration of the module names is the schema; a change to it
// is not answered from the cache.
func TestStandaloneSeesSqlcSchemaChanges(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	config := "version: \"2\"\nsql:\n  - engine: mysql\n    schema: migrations\n    queries: queries.sql\n"
	if err := os.WriteFile(filepath.Join(dir, "sqlc.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		got, _ := standalone(t, dir, "./store")
		return got
	}
	if got, want := run(), "store.go:16 lock-outside-tx\nstore.go:27 unindexed-lock"; got != want {
		t.Fatalf("first run:\n%s\nwant:\n%s", got, want)
	}
	appendFile(t, filepath.Join(dir, "migrations", "002_orders.up.sql"), "\nCREATE INDEX idx_status ON accounts (status);\n")
	if got, want := run(), "store.go:16 lock-outside-tx"; got != want {
		t.Fatalf("after indexing status in the schema sqlc names:\n%s\nwant:\n%s (stale cached result)", got, want)
	}
}
