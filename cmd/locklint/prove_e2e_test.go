package main_test

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// proveDatabase creates an empty scratch database for locklint prove and
// returns a DSN naming it; the test drops it at the end.
func proveDatabase(t *testing.T) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(testDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	var b [4]byte
	rand.Read(b[:])
	name := "locklint_prove_e2e_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		if os.Getenv("LOCKLINT_REQUIRE_DB") != "" {
			t.Fatal(err)
		}
		t.Skipf("test database unreachable: %v", err)
	}
	t.Cleanup(func() {
		var n int
		admin.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", name).Scan(&n)
		if n != 0 {
			t.Errorf("locklint prove left %d tables in the scratch database", n)
		}
		admin.Exec("DROP DATABASE IF EXISTS " + name)
		admin.Close()
	})
	cfg.DBName = name
	return cfg.FormatDSN()
}

// TestProveGoldenPackages replays every finding of the golden packages
// of the rules that have a scenario on the test server: each one that
// can be replayed must be reproduced. The near misses of those packages
// are not reported, so prove never sees them; the prove package's own
// tests replay a near miss per scenario.
func TestProveGoldenPackages(t *testing.T) {
	bin := buildLocklint(t)
	dsn := proveDatabase(t)
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	schemaFile := filepath.Join(testdata, "schema", "schema.sql")
	for _, run := range []struct {
		flags []string
		pkgs  []string
	}{
		{[]string{"-enable=unindexed-lock,range-lock,check-then-insert,nested-lock,lock-order,lost-update"},
			[]string{"unindexed", "rangelock", "checkinsert", "checkinsert/repo", "nestedlock", "lockorder/a", "lockorder/b", "lockorder/c", "lostupdate"}},
		{[]string{"-enable=check-then-insert,range-lock,unindexed-lock,stale-snapshot-read", "-isolation=read-committed"},
			[]string{"checkinsertrc", "rangelockrc", "stalesnapshotrc"}},
		{[]string{"-enable=stale-snapshot-read,lock-outside-tx,outer-handle-in-tx,lock-held-blocking"},
			[]string{"stalesnapshot", "outsidetx", "outerhandle", "lockheld"}},
	} {
		args := append([]string{"prove", "-json", "-prove-dsn=" + dsn, "-schema=" + schemaFile}, run.flags...)
		cmd := exec.Command(bin, append(args, run.pkgs...)...)
		cmd.Dir = filepath.Join(testdata, "src")
		cmd.Env = append(os.Environ(), "GOPATH="+testdata, "GO111MODULE=off", "GOFLAGS=")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("locklint prove: %v\n%s", err, stderr.Bytes())
		}
		if strings.Contains(string(out), dsn) || cfgPassword(dsn) != "" && strings.Contains(string(out)+stderr.String(), cfgPassword(dsn)) {
			t.Errorf("the output shows the scratch DSN")
		}
		var tree map[string]map[string][]struct {
			Posn     string
			Category string
			Prove    *struct{ Verdict, Detail, Lock, Server, Isolation string }
		}
		if err := json.Unmarshal(out, &tree); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		reproduced := 0
		for _, byAnalyzer := range tree {
			for _, f := range byAnalyzer["locklint"] {
				switch {
				case f.Prove == nil:
					t.Errorf("%s: %s has no verdict", f.Posn, f.Category)
				case f.Prove.Verdict == "reproduced":
					reproduced++
					if f.Prove.Server == "" || f.Prove.Isolation == "" {
						t.Errorf("%s: the verdict does not name the server and isolation: %+v", f.Posn, f.Prove)
					}
				case f.Prove.Verdict == "not provable":
					t.Logf("%s: %s: not provable: %s", filepath.Base(f.Posn), f.Category, f.Prove.Detail)
				default:
					t.Errorf("%s: %s: %s: %s (%s)", f.Posn, f.Category, f.Prove.Verdict, f.Prove.Detail, f.Prove.Lock)
				}
			}
		}
		if reproduced == 0 {
			t.Errorf("%v: no finding reproduced\n%s", run.pkgs, out)
		}
		t.Logf("%v: %d findings reproduced", run.pkgs, reproduced)
	}
}

func cfgPassword(dsn string) string {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return ""
	}
	return cfg.Passwd
}

// TestProveCommand runs the README's prove command line on the example
// module, with the test's scratch database: the findings come with their
// verdicts, and -prove=strict keeps the reproduced ones.
func TestProveCommand(t *testing.T) {
	bin := buildLocklint(t)
	dsn := proveDatabase(t)
	line := strings.TrimSpace(readmeSnippet(t, "prove-command"))
	args := strings.Fields(line)
	if len(args) < 3 || args[0] != "locklint" || args[1] != "prove" {
		t.Fatalf("the README's prove command is %q, want `locklint prove ...`", line)
	}
	for i, a := range args {
		if strings.HasPrefix(a, "-prove-dsn=") {
			args[i] = "-prove-dsn=" + dsn
		}
	}
	for _, extra := range [][]string{nil, {"-prove=strict"}} {
		cmd := exec.Command(bin, append(append([]string{"prove"}, extra...), args[2:]...)...)
		cmd.Dir = e2eDir(t)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			t.Fatalf("%s %v: %v, want exit code 3\n%s", line, extra, err, stderr.Bytes())
		}
		out := stderr.String()
		if n := strings.Count(out, "\tprove: reproduced: "); n < 3 {
			t.Errorf("%v: %d findings reproduced, want the example's unindexed-lock and range-lock findings:\n%s", extra, n, out)
		}
		if strings.Contains(out, "\tprove: not reproduced") {
			t.Errorf("%v: a finding of the example was not reproduced:\n%s", extra, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, ": range-lock: ") || strings.Contains(l, ": unindexed-lock: ") {
				if !strings.Contains(out, l+"\n\tprove: reproduced: ") {
					t.Errorf("%v: no verdict under %s", extra, l)
				}
			}
		}
	}
}
