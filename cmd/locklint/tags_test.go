package main_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// store/archive_legacy.go is built only with the legacy tag; store has a
// test file, so it is loaded as store and as "store [store.test]".

func runLocklint(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(buildLocklint(t), args...)
	cmd.Dir = e2eDir(t)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			t.Fatalf("locklint %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
		}
	}
	return out.String(), errOut.String()
}

func countFile(fs []finding, file string) int {
	n := 0
	for _, f := range fs {
		if f.File == file {
			n++
		}
	}
	return n
}

func TestJSONListsEachFindingOnce(t *testing.T) {
	out, _ := runLocklint(t, "-json", "-schema=migrations", "./store")
	got := parseJSON(t, []byte(out))
	if n := countFile(got, "store.go"); n != 2 {
		t.Errorf("store.go: %d findings, want 2 (each once, not again under the test variant): %+v", n, got)
	}
	for _, f := range got {
		if strings.Contains(f.Pkg, "[") {
			t.Errorf("finding of a non-test file listed under the test variant %s: %+v", f.Pkg, f)
		}
	}
}

func TestTagsSelectFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"json without tags", []string{"-json", "-schema=migrations", "./store"}, 0},
		{"json", []string{"-json", "-tags=legacy", "-schema=migrations", "./store"}, 1},
		{"json, space-separated value", []string{"-json", "-tags", "legacy", "-schema=migrations", "./store"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := runLocklint(t, tc.args...)
			if n := countFile(parseJSON(t, []byte(out)), "archive_legacy.go"); n != tc.want {
				t.Errorf("archive_legacy.go: %d findings, want %d", n, tc.want)
			}
		})
	}
	t.Run("text", func(t *testing.T) {
		_, errOut := runLocklint(t, "-tags=legacy", "-schema=migrations", "./store")
		if n := strings.Count(errOut, "archive_legacy.go:9:"); n != 1 {
			t.Errorf("text output names archive_legacy.go:9 %d times, want 1:\n%s", n, errOut)
		}
		_, errOut = runLocklint(t, "-schema=migrations", "./store")
		if strings.Contains(errOut, "archive_legacy.go") {
			t.Errorf("without -tags, archive_legacy.go is not built, but:\n%s", errOut)
		}
	})
	t.Run("sarif", func(t *testing.T) {
		out, _ := runLocklint(t, "-sarif", "-tags=legacy", "-schema=migrations", "./store")
		if !strings.Contains(out, "archive_legacy.go") {
			t.Errorf("SARIF log without archive_legacy.go:\n%s", out)
		}
	})
}

// TestModelTableNoteOncePerRun: without -schema, the Account model's table
// is created by migrations/001_init.up.sql; locklint says so once per run,
// whichever driver, and not at all once -schema names the DDL.
func TestModelTableNoteOncePerRun(t *testing.T) {
	const note = "note: table accounts is described by gorm model example.com/shop/gormrepo.Account"
	for _, args := range [][]string{{"./..."}, {"-json", "./..."}} {
		_, errOut := runLocklint(t, args...)
		if n := strings.Count(errOut, note); n != 1 {
			t.Errorf("locklint %s: the note appears %d times, want once:\n%s", strings.Join(args, " "), n, errOut)
		}
		if !strings.Contains(errOut, "migrations/001_init.up.sql") {
			t.Errorf("locklint %s: the note does not name the file that creates accounts:\n%s", strings.Join(args, " "), errOut)
		}
	}
	if _, errOut := runLocklint(t, "-schema=migrations", "./..."); strings.Contains(errOut, note) {
		t.Errorf("with -schema the note is not needed:\n%s", errOut)
	}
}
