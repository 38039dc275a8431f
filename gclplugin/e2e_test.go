package gclplugin_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// The end-to-end tests build a golangci-lint binary with the plugin in it,
// the way `golangci-lint custom` does but from the module proxy alone (it
// clones golangci-lint with git), and run it on the example module in
// testdata/e2e with the repository's .golangci.example.yml. The build
// takes minutes the first time; its directory is kept under the user's
// cache directory, keyed by everything that decides its go.sum, so later
// runs only relink.

// repoRoot is this checkout's root.
var repoRoot, _ = filepath.Abs("..")

// customGCL is the part of .custom-gcl.yml the build uses.
type customGCL struct {
	Version string `yaml:"version"`
	Plugins []struct {
		Module string `yaml:"module"`
		Import string `yaml:"import"`
	} `yaml:"plugins"`
}

var (
	buildOnce sync.Once
	gclBin    string
	gclErr    error
	// cleanups are directories TestMain removes after the tests.
	cleanups []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range cleanups {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// golangciLint returns the path of a golangci-lint binary with locklint
// in it, built once per test process.
func golangciLint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds golangci-lint (minutes the first time); skipped with -short")
	}
	buildOnce.Do(func() { gclBin, gclErr = buildGolangciLint() })
	if gclErr != nil {
		t.Fatal(gclErr)
	}
	return gclBin
}

func buildGolangciLint() (string, error) {
	data, err := os.ReadFile(filepath.Join(repoRoot, ".custom-gcl.yml"))
	if err != nil {
		return "", err
	}
	var cfg customGCL
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return "", fmt.Errorf(".custom-gcl.yml: %v", err)
	}
	if cfg.Version == "" || len(cfg.Plugins) != 1 {
		return "", fmt.Errorf(".custom-gcl.yml: want a version and one plugin, got %+v", cfg)
	}
	plugin := cfg.Plugins[0]

	goMod := fmt.Sprintf(`module locklint.test/golangci-lint

go 1.26.0

require (
	github.com/golangci/golangci-lint/v2 %s
	%s v0.0.0
)

replace %s => %s
`, cfg.Version, plugin.Module, plugin.Module, repoRoot)
	// golangci-lint's cmd/golangci-lint/main.go, less the version details,
	// with the import `golangci-lint custom` generates in plugins.go.
	mainGo := fmt.Sprintf(`package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ %q
)

func main() {
	info := commands.BuildInfo{Version: %q, Commit: "locklint-e2e", Date: "(unknown)", GoVersion: "unknown"}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %%v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
`, plugin.Import, strings.TrimPrefix(cfg.Version, "v")+"-locklint")

	// What decides go.sum: our go.mod and go.sum, and the main module.
	h := sha256.New()
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, f))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%s\x00", f, b)
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s", goMod, mainGo, runtime.Version())
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "locklint-test", fmt.Sprintf("golangci-lint-%x", h.Sum(nil)[:8]))

	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -buildvcs=false")
	if _, err := os.Stat(filepath.Join(dir, "go.sum")); err != nil {
		// Write the module next to its final place, tidy it, then move
		// it in: a half-made directory is never taken for a good one.
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			return "", err
		}
		tmp, err := os.MkdirTemp(filepath.Dir(dir), "tmp-")
		if err != nil {
			return "", err
		}
		defer os.RemoveAll(tmp)
		os.WriteFile(filepath.Join(tmp, "go.mod"), []byte(goMod), 0o644)
		os.WriteFile(filepath.Join(tmp, "main.go"), []byte(mainGo), 0o644)
		cmd := exec.Command("go", "mod", "tidy")
		cmd.Dir, cmd.Env = tmp, env
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go mod tidy in %s: %v\n%s", tmp, err, out)
		}
		os.RemoveAll(dir)
		if err := os.Rename(tmp, dir); err != nil {
			return "", err
		}
	}
	binDir, err := os.MkdirTemp("", "locklint-gcl-")
	if err != nil {
		return "", err
	}
	cleanups = append(cleanups, binDir)
	bin := filepath.Join(binDir, "golangci-lint")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build in %s: %v\n%s", dir, err, out)
	}
	fmt.Fprintf(os.Stderr, "built golangci-lint %s with locklint in %v (module in %s)\n", cfg.Version, time.Since(start).Round(time.Second), dir)
	return bin, nil
}

// issue is one finding in golangci-lint's JSON output.
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
	}
}

func (i issue) String() string {
	return fmt.Sprintf("%s:%d %s", filepath.ToSlash(i.Pos.Filename), i.Pos.Line, i.Text)
}

// run runs golangci-lint in dir and returns locklint's findings, sorted.
func run(t *testing.T, bin, dir, cache string, args ...string) []issue {
	t.Helper()
	// Every finding, even several on one line (where golangci-lint keeps
	// one by default), so they compare with the command's.
	args = append([]string{"run", "--output.json.path=stdout", "--output.text.path=", "--show-stats=false",
		"--max-issues-per-linter=0", "--max-same-issues=0", "--uniq-by-line=false"}, args...)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache, "GOWORK=off", "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	// Exit code 1 means "issues found".
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
		t.Fatalf("golangci-lint %s: %v\n%s%s", strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
	}
	var res struct{ Issues []issue }
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("golangci-lint output: %v\n%s%s", err, stdout.Bytes(), stderr.Bytes())
	}
	var out []issue
	for _, i := range res.Issues {
		// golangci-lint also lists each related position (the
		// transaction's begin) as an issue of its own.
		if i.FromLinter == "locklint" && !strings.Contains(i.Text, "(related information)") {
			out = append(out, i)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].String() < out[b].String() })
	return out
}

// exampleModule copies testdata/e2e into a temporary directory.
func exampleModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	from := filepath.Join(repoRoot, "testdata", "e2e")
	err := filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lockInTest is a test file whose tx-not-closed finding (the rule that
// judges test code by default) the example configuration's exclusion
// rule silences.
const lockInTest = `package store

import (
	"context"
	"database/sql"
	"testing"
)

func lockForTest(ctx context.Context, db *sql.DB) {
	tx, _ := db.BeginTx(ctx, nil)
	tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = 1")
}

func TestLock(t *testing.T) { _ = lockForTest }
`

// check compares findings with wanted ones, given whole or as prefixes
// ("store/store.go:16 lock-outside-tx:").
func check(t *testing.T, got []issue, want []string) {
	t.Helper()
	var lines []string
	for _, i := range got {
		lines = append(lines, i.String())
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d locklint findings, want %d:\n%s\nwant:\n%s", len(lines), len(want), strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("finding %d:\n got  %s\n want %s", i, lines[i], w)
		}
	}
}

// TestExampleConfig runs golangci-lint with .golangci.example.yml as it
// ships, and with the README's .golangci.yml, and compares its findings
// with the standalone command's on the same code: the same positions and
// messages (rule ID first), less the line silenced with //nolint:locklint,
// the test file the exclusion rule silences, and findings located in .sql
// files, which golangci-lint drops.
func TestExampleConfig(t *testing.T) {
	bin := golangciLint(t)
	example, err := os.ReadFile(filepath.Join(repoRoot, ".golangci.example.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, cfg := range map[string]string{
		".golangci.example.yml": string(example),
		"README":                readmeSnippet(t, "golangci-yml"),
	} {
		t.Run(name, func(t *testing.T) {
			dir := exampleModule(t)
			write(t, filepath.Join(dir, "store", "store_test.go"), lockInTest)
			// What the command finds, before the //nolint comment goes in
			// (its flags are what both configurations set).
			var want []string
			inTest := false
			for _, f := range standalone(t, dir, "-schema=migrations", "./...") {
				if file := filepath.ToSlash(f.Pos.Filename); file == "store/store_test.go" || !strings.HasSuffix(file, ".go") {
					inTest = inTest || file == "store/store_test.go"
					continue
				}
				want = append(want, f.String())
			}
			if !inTest {
				t.Fatal("the command finds nothing in store/store_test.go, whose finding the exclusion rule is to silence")
			}
			const silenced = "store/store.go:16 lock-outside-tx:"
			var kept []string
			for _, w := range want {
				if !strings.HasPrefix(w, silenced) {
					kept = append(kept, w)
				}
			}
			if len(kept) != len(want)-1 {
				t.Fatalf("the command's findings lack %s, which this test silences:\n%s", silenced, strings.Join(want, "\n"))
			}
			for _, w := range []string{"store/store.go:27 unindexed-lock:", "repo/repo.go:23 range-lock:"} {
				if !strings.Contains(strings.Join(kept, "\n"), w) {
					t.Fatalf("the command's findings lack %s (is the schema read?):\n%s", w, strings.Join(kept, "\n"))
				}
			}

			write(t, filepath.Join(dir, ".golangci.yml"), cfg)
			// Silence store.go:16 with a //nolint comment at the end of
			// the line, which keeps the line numbers.
			storeGo := filepath.Join(dir, "store", "store.go")
			src, err := os.ReadFile(storeGo)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(src), "\n")
			lines[15] += " //nolint:locklint // the row is re-read under lock before use"
			write(t, storeGo, strings.Join(lines, "\n"))

			check(t, run(t, bin, dir, t.TempDir(), "./..."), kept)
		})
	}
}

var (
	locklintOnce sync.Once
	locklintBin  string
	locklintErr  error
)

// standalone runs the locklint command with -json in dir and returns its
// findings in the form issue.String gives, sorted.
func standalone(t *testing.T, dir string, args ...string) []issue {
	t.Helper()
	locklintOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "locklint-cmd-")
		if err != nil {
			locklintErr = err
			return
		}
		cleanups = append(cleanups, tmp)
		locklintBin = filepath.Join(tmp, "locklint")
		cmd := exec.Command("go", "build", "-o", locklintBin, "./cmd/locklint")
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			locklintErr = fmt.Errorf("go build ./cmd/locklint: %v\n%s", err, out)
		}
	})
	if locklintErr != nil {
		t.Fatal(locklintErr)
	}
	cmd := exec.Command(locklintBin, append([]string{"-json"}, args...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("locklint %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	// {"pkg": {"locklint": [{"posn": "file:line:col", "message": ...}]}}
	var tree map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("locklint -json: %v\n%s", err, out)
	}
	seen := map[string]bool{}
	var fs []issue
	for _, byAnalyzer := range tree {
		for _, d := range byAnalyzer["locklint"] {
			parts := strings.Split(d.Posn, ":")
			if len(parts) < 3 {
				t.Fatalf("bad posn %q", d.Posn)
			}
			var f issue
			f.Text = d.Message
			f.Pos.Filename, _ = filepath.Rel(dir, parts[0])
			f.Pos.Line, _ = strconv.Atoi(parts[1])
			if k := f.String(); !seen[k] { // a package and its test variant
				seen[k] = true
				fs = append(fs, f)
			}
		}
	}
	sort.Slice(fs, func(a, b int) bool { return fs[a].String() < fs[b].String() })
	return fs
}

// readmeSnippet returns the fenced code block that follows the line
// `<!-- snippet: name -->` in the README.
func readmeSnippet(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	marker := "<!-- snippet: " + name + " -->"
	_, rest, ok := strings.Cut(string(data), marker)
	if !ok {
		t.Fatalf("README.md has no %s", marker)
	}
	_, rest, _ = strings.Cut(rest, "```")
	_, rest, _ = strings.Cut(rest, "\n")
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatalf("README.md: no code block after %s", marker)
	}
	return block
}

// TestSeesSchemaChanges checks that golangci-lint's cache, which keys
// findings by Go sources and linter settings, does not replay them after
// a schema file changes; it also shows the test file's finding that
// TestExampleConfig's exclusion rule hides.
func TestSeesSchemaChanges(t *testing.T) {
	bin := golangciLint(t)
	dir := exampleModule(t)
	write(t, filepath.Join(dir, ".golangci.yml"), `version: "2"
linters:
  default: none
  enable: [locklint]
  settings:
    custom:
      locklint:
        type: module
        settings:
          schema: migrations
          enable: [unindexed-lock, lock-outside-tx, tx-not-closed]
`)
	write(t, filepath.Join(dir, "store", "store_test.go"), lockInTest)
	cache := t.TempDir()
	check(t, run(t, bin, dir, cache, "./store"), []string{
		"store/store.go:16 lock-outside-tx:",
		"store/store.go:27 unindexed-lock:",
		"store/store_test.go:10 tx-not-closed:",
	})
	f, err := os.OpenFile(filepath.Join(dir, "migrations", "002_orders.up.sql"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nCREATE INDEX idx_status ON accounts (status);\n")
	f.Close()
	check(t, run(t, bin, dir, cache, "./store"), []string{
		"store/store.go:16 lock-outside-tx:",
		"store/store_test.go:10 tx-not-closed:",
	})
}

// TestBadSettings checks that an unknown settings key stops golangci-lint
// with an error that names it.
func TestBadSettings(t *testing.T) {
	bin := golangciLint(t)
	dir := exampleModule(t)
	write(t, filepath.Join(dir, ".golangci.yml"), `version: "2"
linters:
  default: none
  enable: [locklint]
  settings:
    custom:
      locklint:
        type: module
        settings:
          shema: migrations
`)
	cmd := exec.Command(bin, "run", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), `unknown key "shema"`) {
		t.Fatalf("golangci-lint with a misspelt setting: %v\n%s", err, out)
	}
}
