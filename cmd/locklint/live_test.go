package main_test

import (
	"bytes"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// testDSN returns the test server's DSN, skipping (or, in CI, failing)
// without one.
func testDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("LOCKLINT_TEST_DSN")
	if dsn == "" {
		if os.Getenv("LOCKLINT_REQUIRE_DB") != "" {
			t.Fatal("LOCKLINT_TEST_DSN is not set, and LOCKLINT_REQUIRE_DB says the database tests must run")
		}
		t.Skip("LOCKLINT_TEST_DSN is not set: skipping the tests that need a MySQL-family server")
	}
	return dsn
}

// e2eDatabase creates a scratch database holding the example module's
// migrations and returns a DSN for it.
func e2eDatabase(t *testing.T) string {
	t.Helper()
	return e2eDatabaseNamed(t, "locklint_e2e_live")
}

// e2eDatabaseNamed is e2eDatabase with a database of the given name.
func e2eDatabaseNamed(t *testing.T, name string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(testDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MultiStatements = true
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		if db, err := sql.Open("mysql", cfg.FormatDSN()); err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name)
			db.Close()
		}
	})
	cfg.DBName = name
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, _ := filepath.Glob(filepath.Join(e2eDir(t), "migrations", "*.up.sql"))
	sort.Strings(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(data)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	cfg.MultiStatements = false
	return cfg.FormatDSN()
}

// TestLiveSchemaMatchesDDL checks that reading the schema from the live
// database gives the same index findings as reading the migrations.
func TestLiveSchemaMatchesDDL(t *testing.T) {
	dsn := e2eDatabase(t)
	bin := buildLocklint(t)
	run := func(args ...string) []string {
		cmd := exec.Command(bin, append([]string{"-json"}, append(args, "./...")...)...)
		cmd.Dir = e2eDir(t)
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir())
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("locklint %v: %v\n%s", args, err, stderr.Bytes())
		}
		var got []string
		for _, f := range parseJSON(t, out) {
			if f.Category == "unindexed-lock" || f.Category == "range-lock" {
				got = append(got, f.File+":"+f.Line+" "+f.Message)
			}
		}
		return got
	}
	fromDDL := run("-schema=migrations")
	fromLive := run("-dsn="+dsn, "-schema-cache=off")
	if len(fromDDL) == 0 {
		t.Fatal("no unindexed-lock or range-lock findings from the DDL: the comparison proves nothing")
	}
	if strings.Join(fromDDL, "\n") != strings.Join(fromLive, "\n") {
		t.Errorf("findings differ\nfrom the migrations:\n%s\nfrom the live database:\n%s", strings.Join(fromDDL, "\n"), strings.Join(fromLive, "\n"))
	}
}

// TestBadDSN checks that an unreachable server and wrong credentials each
// give one clear error, quickly, with a non-zero exit and no password.
func TestBadDSN(t *testing.T) {
	testDSN(t) // wrong credentials need a server to refuse them
	bin := buildLocklint(t)
	const password = "s3cr3t-pw"
	for _, dsn := range []string{
		"root:" + password + "@tcp(127.0.0.1:1)/test",
		"nobody:" + password + "@tcp(127.0.0.1:3306)/test",
	} {
		cmd := exec.Command(bin, "-dsn="+dsn, "./...")
		cmd.Dir = e2eDir(t)
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir())
		start := time.Now()
		out, err := cmd.CombinedOutput()
		elapsed := time.Since(start)
		if err == nil {
			t.Errorf("%s: exit status 0, want an error", strings.ReplaceAll(dsn, password, "***"))
		}
		if elapsed > 10*time.Second {
			t.Errorf("took %v, want under 10s", elapsed)
		}
		if n := strings.Count(string(out), "cannot read schema"); n != 1 {
			t.Errorf("%d errors, want exactly 1:\n%s", n, out)
		}
		if strings.Contains(string(out), password) {
			t.Errorf("the password appears in the output:\n%s", out)
		}
	}
}

// TestSchemaSnapshot writes a snapshot from the live database and lints
// with it instead of the database.
func TestSchemaSnapshot(t *testing.T) {
	dsn := e2eDatabase(t)
	bin := buildLocklint(t)
	out, err := exec.Command(bin, "schema", "-dsn="+dsn).Output()
	if err != nil {
		t.Fatalf("locklint schema: %v", err)
	}
	snap := filepath.Join(t.TempDir(), "locklint-schema.json")
	if err := os.WriteFile(snap, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-json", "-schema="+snap, "./store")
	cmd.Dir = e2eDir(t)
	js, err := cmd.Output()
	if err != nil {
		t.Fatalf("locklint -schema=snapshot: %v", err)
	}
	found := false
	for _, f := range parseJSON(t, js) {
		if f.Category == "unindexed-lock" && strings.Contains(f.Message, "no index of accounts starts with status") {
			found = true
		}
	}
	if !found {
		t.Errorf("the snapshot did not give the unindexed-lock finding on accounts.status:\n%s", js)
	}
}
