package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPreCommit runs pre-commit with the README's .pre-commit-config.yaml
// on a throwaway repository holding the example module. The hook repository
// is a commit made of this checkout's working tree, uncommitted changes
// included, so the hook pre-commit builds (with `go install`) is the code
// under test.
func TestPreCommit(t *testing.T) {
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
	config := readmeSnippet(t, "pre-commit-config")
	config = regexp.MustCompile(`(?m)^(\s*-?\s*repo:).*$`).ReplaceAllString(config, "${1} "+hookRepo)
	config = regexp.MustCompile(`(?m)^(\s*rev:).*$`).ReplaceAllString(config, "${1} "+rev)
	if err := os.WriteFile(filepath.Join(project, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	commitAll(t, project)

	cmd := exec.Command(preCommit, "run", "--all-files", "--color=never")
	cmd.Dir = project
	cmd.Env = append(gitEnv(),
		"PRE_COMMIT_HOME="+t.TempDir(),
		// pre-commit points GOPATH into its own directory; sharing the
		// module cache spares downloading every dependency again.
		"GOMODCACHE="+goEnv(t, "GOMODCACHE"),
	)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("pre-commit passed on code with lock risks:\n%s", out)
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("pre-commit: %v\n%s", err, out)
	}
	for _, w := range []string{
		"repo/repo.go:23:", "range-lock:",
		"repo/repo.go:34:",
		"store/store.go:16:", "lock-outside-tx:",
		"store/store.go:27:", "unindexed-lock:",
		"locklint", "Failed",
	} {
		if !strings.Contains(string(out), w) {
			t.Errorf("pre-commit output lacks %q:\n%s", w, out)
		}
	}
}

// gitEnv is the environment for git and pre-commit: a fixed identity and
// no user or system configuration.
func gitEnv() []string {
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=locklint test", "GIT_AUTHOR_EMAIL=test@locklint.invalid",
		"GIT_COMMITTER_NAME=locklint test", "GIT_COMMITTER_EMAIL=test@locklint.invalid",
	)
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commitAll makes dir a repository (if it is not one) and commits
// everything in it; it returns the commit's hash.
func commitAll(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		git(t, dir, "init", "-q")
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "--allow-empty", "-m", "test")
	return git(t, dir, "rev-parse", "HEAD")
}

// copyWorkingTree copies the checkout's files, tracked or not, leaving out
// what .gitignore ignores and the .git directory.
func copyWorkingTree(t *testing.T, from, to string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = from
	out, err := cmd.Output()
	if err != nil {
		// Not a git checkout: take everything.
		copyTree(t, from, to)
		os.RemoveAll(filepath.Join(to, ".git"))
		return
	}
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(from, rel)
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree, or not a file
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
