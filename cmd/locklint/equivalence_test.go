package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// The standalone command runs go vet with itself as the tool; before, it
// analyzed everything in one process (singlechecker). These tests run
// the three ways on every golden package (one run over all of them) and
// on the example module, and check they give the same findings, with the
// same related positions and suggested fixes.

// diagnosticsOf reads the findings of a -json output: one JSON tree per
// package, as the standalone command and singlechecker print it, or one
// after another with "# pkg" lines between, as go vet prints them. A
// finding several packages give (a package and its test variant) is
// listed once; the list is sorted. A package whose analysis failed is
// listed as such.
func diagnosticsOf(t *testing.T, out []byte) []string {
	t.Helper()
	seen := map[string]bool{}
	eachResult(t, out, func(pkg string, raw json.RawMessage) {
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			seen[fmt.Sprintf("%s: analysis failed: %s", pkg, raw)] = true
			return
		}
		var diags []json.RawMessage
		if err := json.Unmarshal(raw, &diags); err != nil {
			t.Fatalf("package %s: %v: %s", pkg, err, raw)
		}
		for _, d := range diags {
			var compact bytes.Buffer
			if err := json.Compact(&compact, d); err != nil {
				t.Fatal(err)
			}
			seen[compact.String()] = true
		}
	})
	var list []string
	for d := range seen {
		list = append(list, d)
	}
	slices.Sort(list)
	return list
}

// threeWays runs locklint on the packages in dir standalone, as go vet's
// tool, and in one process, and checks the findings agree. env is added
// to the environment. It returns how many findings there were.
func threeWays(t *testing.T, dir string, env []string, args ...string) int {
	t.Helper()
	bin := buildLocklint(t)
	// A fresh tool ID (see printVersion): no result of an earlier run,
	// of another build of locklint or another configuration, is replayed.
	fresh := filepath.Join(t.TempDir(), "fresh.sql")
	if err := os.WriteFile(fresh, []byte("-- "+t.Name()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env = append(append(os.Environ(), env...), "LOCKLINT_SCHEMA="+fresh)
	run := func(name string, command ...string) []string {
		cmd := exec.Command(command[0], command[1:]...)
		cmd.Dir = dir
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, stderr.Bytes())
		}
		return diagnosticsOf(t, stdout.Bytes())
	}
	withJSON := append([]string{"-json"}, args...)
	standalone := run("locklint", append([]string{bin}, withJSON...)...)
	vet := run("go vet", append([]string{"go", "vet", "-vettool=" + bin}, withJSON...)...)
	// -debug with no debug letters: singlechecker, in this process.
	inProcess := run("locklint -debug=", append([]string{bin, "-debug="}, withJSON...)...)
	compare := func(name string, got []string) {
		t.Helper()
		if slices.Equal(got, inProcess) {
			return
		}
		for _, d := range got {
			if !slices.Contains(inProcess, d) {
				t.Errorf("%s only: %s", name, d)
			}
		}
		for _, d := range inProcess {
			if !slices.Contains(got, d) {
				t.Errorf("in one process only (not %s): %s", name, d)
			}
		}
	}
	compare("standalone", standalone)
	compare("go vet", vet)
	return len(inProcess)
}

// TestDriversAgreeOnGoldens: every golden package under testdata/src, in
// GOPATH mode as analysistest loads them, with every rule on.
func TestDriversAgreeOnGoldens(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	n := threeWays(t, filepath.Join(testdata, "src"),
		[]string{"GO111MODULE=off", "GOPATH=" + testdata, "GOFLAGS="},
		"-schema="+filepath.Join(testdata, "schema", "schema.sql"), "./...")
	if n < 400 {
		t.Errorf("%d findings in the golden packages: fewer than expected, did they load?", n)
	}
}

// TestDriversAgreeOnExample: the example module, with its migrations.
func TestDriversAgreeOnExample(t *testing.T) {
	if n := threeWays(t, e2eDir(t), []string{"GOFLAGS=-mod=mod"}, "-schema=migrations", "./..."); n != len(want) {
		t.Errorf("%d findings in the example module, want %d", n, len(want))
	}
}
