package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The config-file tests put the README's locklint.yaml into a copy of the
// example module and check that it decides the schema and the rules, that
// flags override it, and that go vet's cache sees changes to it.

// withConfigFile copies the example module and writes the README's
// locklint.yaml at its root.
func withConfigFile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	if err := os.WriteFile(filepath.Join(dir, "locklint.yaml"), []byte(readmeSnippet(t, "locklint-yaml")), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runJSON(t *testing.T, bin, dir string, args ...string) []finding {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-json"}, args...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("locklint %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return parseJSON(t, out)
}

// summary lists findings one a line as "file:line category", sorted.
func summary(fs []finding) string {
	var lines []string
	for _, f := range fs {
		lines = append(lines, f.File+":"+f.Line+" "+f.Category)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// wantSummary is the summary of the example module's expected findings
// (e2e_test.go's want) that keep says to keep.
func wantSummary(keep func(file, category string) bool) string {
	var fs []finding
	for _, w := range want {
		if keep(w.file, w.category) {
			fs = append(fs, finding{File: w.file, Line: w.line, Category: w.category})
		}
	}
	return summary(fs)
}

func TestConfigFile(t *testing.T) {
	bin := buildLocklint(t)
	dir := withConfigFile(t)

	// No flags: the schema comes from the file (unindexed-lock needs it)
	// and range-lock is disabled by it.
	want := wantSummary(func(_, category string) bool { return category != "range-lock" })
	if !strings.Contains(want, "unindexed-lock") {
		t.Fatalf("the example module has no unindexed-lock finding to show the schema was read:\n%s", want)
	}
	if got := summary(runJSON(t, bin, dir, "./...")); got != want {
		t.Errorf("with locklint.yaml:\n%s\nwant:\n%s", got, want)
	}
	// From a package's directory: the file is found upward and its
	// paths are relative to it.
	wantStore := wantSummary(func(file, category string) bool { return file == "store.go" && category != "range-lock" })
	if got := summary(runJSON(t, bin, filepath.Join(dir, "store"), "./...")); got != wantStore {
		t.Errorf("with locklint.yaml, from ./store:\n%s\nwant:\n%s", got, wantStore)
	}

	// -enable replaces the file's choice of rules; the schema still comes
	// from the file (range-lock needs it to see the indexes).
	want = wantSummary(func(_, category string) bool { return category == "range-lock" })
	if got := summary(runJSON(t, bin, dir, "-enable=range-lock", "./...")); got != want {
		t.Errorf("-enable=range-lock:\n%s\nwant:\n%s", got, want)
	}

	// -schema replaces the file's schema: the same migrations plus an
	// index on status, so the UPDATE ... WHERE status is no longer a
	// table scan.
	schemaDir := t.TempDir()
	copyTree(t, filepath.Join(dir, "migrations"), schemaDir)
	os.WriteFile(filepath.Join(schemaDir, "999_status.up.sql"), []byte("CREATE INDEX idx_status ON accounts (status);\n"), 0o644)
	want = wantSummary(func(file, category string) bool {
		return category != "range-lock" && !(file == "store.go" && category == "unindexed-lock")
	})
	if got := summary(runJSON(t, bin, dir, "-schema="+schemaDir, "./...")); got != want {
		t.Errorf("-schema over the file's:\n%s\nwant:\n%s", got, want)
	}
}

func TestConfigFileErrors(t *testing.T) {
	bin := buildLocklint(t)
	dir := t.TempDir()
	copyTree(t, e2eDir(t), dir)
	os.WriteFile(filepath.Join(dir, "locklint.yaml"), []byte("schema: migrations\nenabel: [range-lock]\n"), 0o644)
	cmd := exec.Command(bin, "./...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("locklint ran with an unknown key in locklint.yaml:\n%s", out)
	}
	if want := "locklint.yaml:2: enabel: unknown key"; !strings.Contains(string(out), want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

// TestGoVetSeesConfigFileChanges is TestGoVetSeesSchemaChanges for
// locklint.yaml: go vet must not replay cached findings after the file,
// or a schema file it names, changes.
func TestGoVetSeesConfigFileChanges(t *testing.T) {
	bin := buildLocklint(t)
	dir := withConfigFile(t)
	cache := t.TempDir()
	vet := func() string {
		cmd := exec.Command("go", "vet", "-vettool="+bin, "-json", "./store")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOCACHE="+cache, "GOFLAGS=-mod=mod")
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
		return summary(parseJSON(t, js.Bytes()))
	}
	if got, want := vet(), "store.go:16 lock-outside-tx\nstore.go:27 unindexed-lock"; got != want {
		t.Fatalf("first run:\n%s\nwant:\n%s", got, want)
	}
	// A schema file the config file names changes.
	f, err := os.OpenFile(filepath.Join(dir, "migrations", "002_orders.up.sql"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nCREATE INDEX idx_status ON accounts (status);\n")
	f.Close()
	if got, want := vet(), "store.go:16 lock-outside-tx"; got != want {
		t.Fatalf("after indexing status:\n%s\nwant:\n%s (stale cached result)", got, want)
	}
	// The config file itself changes.
	cfg := filepath.Join(dir, "locklint.yaml")
	data, _ := os.ReadFile(cfg)
	if !bytes.Contains(data, []byte("\n  - range-lock")) {
		t.Fatalf("the README's locklint.yaml no longer disables range-lock as this test expects:\n%s", data)
	}
	data = bytes.Replace(data, []byte("- range-lock"), []byte("- range-lock\n  - lock-outside-tx"), 1)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := vet(); got != "" {
		t.Fatalf("after disabling lock-outside-tx in locklint.yaml:\n%s\nwant nothing (stale cached result)", got)
	}
}
