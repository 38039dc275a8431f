package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The end-to-end tests build the real binary and run it on the example
// module in testdata/e2e, standalone and as go vet's tool.

// The binary is built once per test run, into a directory TestMain
// removes.
var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildLocklint builds the command, once, and returns the binary's path.
func buildLocklint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "locklint-e2e")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "locklint")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func e2eDir(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// finding is one diagnostic as the JSON output gives it.
type finding struct {
	Pkg      string
	File     string
	Line     string
	Category string
	Message  string
}

// eachResult calls f with each package's locklint result in a -json
// output: {"pkg": {"locklint": <diagnostics or error>}}, one such object
// per package, one after another, with the "# pkg" lines go vet prints
// between them skipped.
func eachResult(t *testing.T, out []byte, f func(pkg string, raw json.RawMessage)) {
	t.Helper()
	var js bytes.Buffer
	for _, line := range strings.SplitAfter(string(out), "\n") {
		if !strings.HasPrefix(line, "#") {
			js.WriteString(line)
		}
	}
	dec := json.NewDecoder(&js)
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("decoding JSON output: %v\n%s", err, out)
		}
		for pkg, byAnalyzer := range tree {
			if raw, ok := byAnalyzer["locklint"]; ok {
				f(pkg, raw)
			}
		}
	}
}

// parseJSON reads the findings of a -json output:
// {"pkg": {"locklint": [{"posn": "file:line:col", "message": ..., "category": ...}]}}.
func parseJSON(t *testing.T, out []byte) []finding {
	t.Helper()
	var all []finding
	eachResult(t, out, func(pkg string, raw json.RawMessage) {
		var diags []struct {
			Posn     string `json:"posn"`
			Message  string `json:"message"`
			Category string `json:"category"`
		}
		if err := json.Unmarshal(raw, &diags); err != nil {
			t.Fatalf("package %s: %v: %s", pkg, err, raw)
		}
		for _, d := range diags {
			parts := strings.Split(d.Posn, ":")
			if len(parts) < 3 {
				t.Fatalf("bad posn %q", d.Posn)
			}
			all = append(all, finding{
				Pkg:      pkg,
				File:     filepath.Base(parts[0]),
				Line:     parts[1],
				Category: d.Category,
				Message:  d.Message,
			})
		}
	})
	sort.Slice(all, func(i, j int) bool {
		if all[i].File != all[j].File {
			return all[i].File < all[j].File
		}
		return all[i].Line < all[j].Line
	})
	return all
}

// want is what the example module must produce, whichever driver runs.
var want = []struct{ file, line, category, message string }{
	// Package migrations embeds migrations/*.sql: it reports them.
	{"003_orders_status.up.sql", "3", "ddl-lock", "ddl-lock: ALTER TABLE orders may not run online: if it changes a column's data type"},
	// Package gormrepo uses the real gorm.io/gorm; tickets is known only
	// from its models' gorm tags.
	{"gormrepo.go", "15", "range-lock", "range-lock: SELECT ... FOR UPDATE on tickets finds its rows by equality on the non-unique index idx_tickets_event_id (event_id)"},
	{"gormrepo.go", "30", "unindexed-lock", "unindexed-lock: UPDATE on tickets can use no index (no index of tickets starts with holder)"},
	{"gormrepo.go", "38", "ineffective-lock", `ineffective-lock: Set("gorm:query_option", "FOR UPDATE") is GORM v1's way to lock rows, and GORM v2 ignores it: no lock is taken at all`},
	{"gormrepo.go", "50", "lock-outside-tx", "lock-outside-tx: SELECT ... FOR UPDATE runs on the pool (*gorm.DB) in autocommit mode"},
	{"repo.go", "23", "range-lock", "range-lock: SELECT ... FOR UPDATE on orders scans a range of index idx_orders_created (created_at)"},
	{"repo.go", "34", "range-lock", "range-lock: SELECT ... FOR UPDATE on accounts finds its rows by equality on the non-unique index idx_owner (owner_id)"},
	{"store.go", "16", "lock-outside-tx", "lock-outside-tx: SELECT ... FOR UPDATE runs on the pool (*sql.DB) in autocommit mode"},
	{"store.go", "27", "unindexed-lock", "unindexed-lock: UPDATE on accounts can use no index (no index of accounts starts with status)"},
}

func check(t *testing.T, got []finding) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d findings, want %d:", len(got), len(want))
		for _, f := range got {
			t.Errorf("  %s:%s %s %s", f.File, f.Line, f.Category, f.Message)
		}
		return
	}
	for i, w := range want {
		g := got[i]
		if g.File != w.file || g.Line != w.line || g.Category != w.category || !strings.HasPrefix(g.Message, w.message) {
			t.Errorf("finding %d:\n got  %s:%s %s %q\n want %s:%s %s %q...", i, g.File, g.Line, g.Category, g.Message, w.file, w.line, w.category, w.message)
		}
	}
}

func TestStandaloneJSON(t *testing.T) {
	bin := buildLocklint(t)
	cmd := exec.Command(bin, "-json", "-schema=migrations", "./...")
	cmd.Dir = e2eDir(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("locklint: %v\n%s", err, stderr.Bytes())
	}
	check(t, parseJSON(t, out))
}

func TestGoVetJSON(t *testing.T) {
	bin := buildLocklint(t)
	cmd := exec.Command("go", "vet", "-vettool="+bin, "-json", "-schema=migrations", "./...")
	cmd.Dir = e2eDir(t)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet: %v\n%s", err, out)
	}
	// go vet -json prints "# pkg" headers between the JSON objects.
	var js bytes.Buffer
	for _, line := range strings.SplitAfter(string(out), "\n") {
		if !strings.HasPrefix(line, "#") {
			js.WriteString(line)
		}
	}
	check(t, parseJSON(t, js.Bytes()))
}

// TestGoVetSeesSchemaChanges checks that go vet's result cache does not
// replay findings after a schema file changes: the tool's ID, which go vet
// asks with -V=full, folds in the schema's content.
func TestGoVetSeesSchemaChanges(t *testing.T) {
	bin := buildLocklint(t)
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	vet := func() []finding {
		cmd := exec.Command("go", "vet", "-vettool="+bin, "-json", "-schema=migrations", "./store")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go vet: %v\n%s", err, out)
		}
		var js bytes.Buffer
		for _, line := range strings.SplitAfter(string(out), "\n") {
			if !strings.HasPrefix(line, "#") {
				js.WriteString(line)
			}
		}
		return parseJSON(t, js.Bytes())
	}
	count := func(fs []finding, category string) int {
		n := 0
		for _, f := range fs {
			if f.Category == category {
				n++
			}
		}
		return n
	}
	if n := count(vet(), "unindexed-lock"); n != 1 {
		t.Fatalf("before the schema change: %d unindexed-lock findings, want 1", n)
	}
	// Index the status column: the UPDATE ... WHERE status = ... is fine now.
	add := "\nCREATE INDEX idx_status ON accounts (status);\n"
	f, err := os.OpenFile(filepath.Join(dir, "migrations", "002_orders.up.sql"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(add)
	f.Close()
	if n := count(vet(), "unindexed-lock"); n != 0 {
		t.Fatalf("after the schema change: %d unindexed-lock findings, want 0 (stale cached result)", n)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
