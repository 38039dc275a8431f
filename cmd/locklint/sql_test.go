package main_test

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestSQLCommand runs `locklint sql` on the example module's migration
// directory, as a pre-commit hook or CI step would: the blocking ALTER of
// 003_orders_status.up.sql is reported at its file and line, the online
// DDL of 001 and 002 and the *.down.sql files are not, and the exit status
// is 3, as for Go findings.
func TestSQLCommand(t *testing.T) {
	bin := buildLocklint(t)
	for _, args := range [][]string{
		{"sql", "migrations"},
		{"sql", "migrations/003_orders_status.up.sql", "migrations/002_orders.up.sql"},
		{"sql", "-schema=migrations"}, // no files: the -schema patterns
	} {
		cmd := exec.Command(bin, args...)
		cmd.Dir = e2eDir(t)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Errorf("locklint %s: %v, want exit status 3\n%s%s", strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
			continue
		}
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		wantPrefix := "migrations/003_orders_status.up.sql:3:1: ddl-lock: ALTER TABLE orders may not run online: if it changes a column's data type"
		if len(lines) != 1 || !strings.HasPrefix(lines[0], wantPrefix) {
			t.Errorf("locklint %s printed\n%s\nwant one line starting %q", strings.Join(args, " "), stdout.Bytes(), wantPrefix)
		}
		if stderr.Len() > 0 {
			t.Errorf("locklint %s: unexpected standard error:\n%s", strings.Join(args, " "), stderr.Bytes())
		}
	}
}

// TestSQLCommandClean exits 0 and prints nothing for migrations without
// findings, and 1 when no SQL file is selected.
func TestSQLCommandClean(t *testing.T) {
	bin := buildLocklint(t)
	cmd := exec.Command(bin, "sql", "migrations/001_init.up.sql", "migrations/002_orders.up.sql")
	cmd.Dir = e2eDir(t)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("clean migrations: %v\n%s", err, out)
	}
	cmd = exec.Command(bin, "sql", "no-such-dir")
	cmd.Dir = e2eDir(t)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("missing directory: %v, want exit status 1\n%s", err, out)
	}
}
