package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitSQL runs the locklint-sql hook with pre-commit on a
// throwaway repository holding the example module: the staged migrations
// are checked, the blocking ALTER of 003_orders_status.up.sql fails the
// commit at its file and line, and the *.down.sql files are not checked.
func TestPreCommitSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the hook with go install; skipped with -short")
	}
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		if os.Getenv("LOCKLINT_REQUIRE_TOOLS") != "" {
			t.Fatal("pre-commit is not installed and LOCKLINT_REQUIRE_TOOLS is set")
		}
		t.Skip("pre-commit is not installed (apt-get install pre-commit); set LOCKLINT_REQUIRE_TOOLS=1 to fail instead")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}

	hookRepo := t.TempDir()
	copyWorkingTree(t, filepath.Join("..", ".."), hookRepo)
	rev := commitAll(t, hookRepo)

	project := t.TempDir()
	copyTree(t, e2eDir(t), project)
	config := "repos:\n  - repo: " + hookRepo + "\n    rev: " + rev + "\n    hooks:\n      - id: locklint-sql\n"
	if err := os.WriteFile(filepath.Join(project, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	commitAll(t, project)

	cmd := exec.Command(preCommit, "run", "--all-files", "--color=never")
	cmd.Dir = project
	cmd.Env = append(gitEnv(),
		"PRE_COMMIT_HOME="+t.TempDir(),
		"GOMODCACHE="+goEnv(t, "GOMODCACHE"),
	)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("pre-commit: %v, want exit status 1 (hook failed)\n%s", err, out)
	}
	if want := "migrations/003_orders_status.up.sql:3:1: ddl-lock: ALTER TABLE orders may not run online"; !strings.Contains(string(out), want) {
		t.Errorf("pre-commit output lacks %q:\n%s", want, out)
	}
	if strings.Contains(string(out), ".down.sql:") {
		t.Errorf("pre-commit checked a *.down.sql file:\n%s", out)
	}
}
