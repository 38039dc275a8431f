package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
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

func summary(fs []finding) string {
	var lines []string
	for _, f := range fs {
		lines = append(lines, f.File+":"+f.Line+" "+f.Category)
	}
	return strings.Join(lines, "\n")
}

func TestConfigFile(t *testing.T) {
	bin := buildLocklint(t)
	dir := withConfigFile(t)

	// No flags: the schema comes from the file (unindexed-lock needs it)
	// and range-lock is disabled by it. Run from a package directory:
	// the file is found upward and its paths are relative to it.
	got := summary(runJSON(t, bin, filepath.Join(dir, "store"), "./..."))
	want := "store.go:16 lock-outside-tx\nstore.go:27 unindexed-lock"
	if got != want {
		t.Errorf("with locklint.yaml:\n%s\nwant:\n%s", got, want)
	}
	got = summary(runJSON(t, bin, dir, "./..."))
	if got != want {
		t.Errorf("with locklint.yaml, from the module root:\n%s\nwant:\n%s", got, want)
	}

	// -enable replaces the file's choice of rules; the schema still comes
	// from the file.
	got = summary(runJSON(t, bin, dir, "-enable=range-lock", "./..."))
	want = "repo.go:23 range-lock\nrepo.go:34 range-lock"
	if got != want {
		t.Errorf("-enable=range-lock:\n%s\nwant:\n%s", got, want)
	}

	// -schema replaces the file's schema: with status indexed, the UPDATE
	// is no longer a table scan.
	ddl := filepath.Join(t.TempDir(), "schema.sql")
	migrations, _ := os.ReadFile(filepath.Join(dir, "migrations", "001_init.up.sql"))
	os.WriteFile(ddl, append(migrations, "\nCREATE INDEX idx_status ON accounts (status);\n"...), 0o644)
	got = summary(runJSON(t, bin, dir, "-schema="+ddl, "./..."))
	want = "store.go:16 lock-outside-tx"
	if got != want {
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
