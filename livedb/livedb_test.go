package livedb

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
)

// The tests that need a server read its DSN from LOCKLINT_TEST_DSN, e.g.
//
//	LOCKLINT_TEST_DSN='root@tcp(127.0.0.1:3306)/test' go test ./livedb
//
// The user must be able to create and drop the databases locklint_live and
// locklint_live2, and to create and drop a user.
const dsnEnv = "LOCKLINT_TEST_DSN"

const testPassword = "s3cr3t-pw"

// requireEnv makes a missing server, or a server that refuses a test's
// setup, a failure instead of a skip (CI sets it).
const requireEnv = "LOCKLINT_REQUIRE_DB"

func testDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		skipOrFail(t, "%s not set; set it to a MySQL/MariaDB DSN (e.g. root@tcp(127.0.0.1:3306)/test) to run tests against a live server", dsnEnv)
	}
	return dsn
}

// skipOrFail skips the test, or fails it when LOCKLINT_REQUIRE_DB=1: then
// the server must be there and do what the test needs.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv(requireEnv) == "1" {
		t.Fatalf(requireEnv+"=1: "+format, args...)
	}
	t.Skipf(format, args...)
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"root:pw@tcp(127.0.0.1:3306)/test", "root:***@tcp(127.0.0.1:3306)/test"},
		{"root@tcp(127.0.0.1:3306)/test", "root@tcp(127.0.0.1:3306)/test"},
		{"root:@tcp(h)/db", "root:@tcp(h)/db"}, // empty password: nothing to hide
		{"app:p@ss:w/rd@tcp(h:3306)/db?parseTime=true", "app:***@tcp(h:3306)/db?parseTime=true"},
		{"app:pw@unix(/var/run/mysqld/mysqld.sock)/db", "app:***@unix(/var/run/mysqld/mysqld.sock)/db"},
		{"app:pw@tcp(h)/db?loc=Europe/Paris", "app:***@tcp(h)/db?loc=Europe/Paris"},
		{"app:pw@/db", "app:***@/db"},
		{"tcp(h:3306)/db", "tcp(h:3306)/db"},
		{"tcp(h:3306)/db?x=a@b", "tcp(h:3306)/db?x=a@b"},
		{"/db", "/db"},
		{"", ""},
		// Malformed, but the password is still hidden.
		{"app:pw@tcp(h)", "app:***@tcp(h)"},                 // no '/'
		{"app:p/w@tcp(h)", "app:***@tcp(h)"},                // '/' in password, no database
		{"app:pw/db", "app:***/db"},                         // no '@'
		{"mysql://app:pw@h:3306/db", "mysql:***@h:3306/db"}, // URL syntax
	} {
		if got := Redact(tc.dsn); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.dsn, got, tc.want)
		}
	}
}

// TestRedactMatchesDriver checks that Redact hides exactly what the driver
// takes for the password, for DSNs the driver accepts.
func TestRedactMatchesDriver(t *testing.T) {
	for _, dsn := range []string{
		"root:pw@tcp(127.0.0.1:3306)/test",
		"app:p@ss:w/rd@tcp(h:3306)/db?parseTime=true",
		"app:a/b/c@unix(/tmp/x.sock)/db",
		"app:x?y=z@tcp(h)/db",
		"app@tcp(h)/db",
	} {
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatalf("ParseDSN(%q): %v", dsn, err)
		}
		if got := password(dsn); got != cfg.Passwd {
			t.Errorf("password(%q) = %q, driver says %q", dsn, got, cfg.Passwd)
		}
	}
}

func password(dsn string) string {
	start, end := passwordSpan(dsn)
	return dsn[start:end]
}

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    target.Server
	}{
		{"10.11.19-MariaDB-0+deb12u1", target.Server{Engine: target.MariaDB, Version: "10.11.19"}},
		{"5.5.5-10.4.32-MariaDB", target.Server{Engine: target.MariaDB, Version: "10.4.32"}},
		{"11.4.2-MariaDB", target.Server{Engine: target.MariaDB, Version: "11.4.2"}},
		{"8.0.11-TiDB-v7.5.1", target.Server{Engine: target.TiDB, Version: "7.5.1"}},
		{"5.7.44-log", target.Server{Engine: target.MySQL57, Version: "5.7.44"}},
		{"5.6.51", target.Server{Engine: target.MySQL57, Version: "5.6.51"}},
		{"8.0.36", target.Server{Engine: target.MySQL8, Version: "8.0.36"}},
		{"8.4.0-commercial", target.Server{Engine: target.MySQL8, Version: "8.4.0"}},
		{"8.0.mysql_aurora.3.05.2", target.Server{Engine: target.MySQL8, Version: "8.0"}},
		{"weird", target.Server{Engine: target.MySQL8}},
	} {
		if got := parseVersion(tc.version); got != tc.want {
			t.Errorf("parseVersion(%q) = %+v, want %+v", tc.version, got, tc.want)
		}
	}
}

// checkReadError checks the shape every failed Read shares: one line, the
// prefix naming the redacted DSN, no password.
func checkReadError(t *testing.T, err error, dsn string) {
	t.Helper()
	if err == nil {
		t.Fatalf("Read(%q) succeeded, want an error", Redact(dsn))
	}
	msg := err.Error()
	if want := "locklint: cannot read schema from " + Redact(dsn) + ": "; !strings.HasPrefix(msg, want) {
		t.Errorf("error %q does not start with %q", msg, want)
	}
	if strings.Contains(msg, testPassword) {
		t.Errorf("error contains the password: %q", msg)
	}
	if strings.Count(msg, "locklint:") != 1 || strings.Contains(msg, "\n") {
		t.Errorf("want one single-line error, got %q", msg)
	}
}

func TestReadUnreachable(t *testing.T) {
	dsn := "root:" + testPassword + "@tcp(127.0.0.1:1)/test"
	start := time.Now()
	_, _, err := Read(context.Background(), dsn, Options{})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Read took %v, want under 10s", d)
	}
	checkReadError(t, err, dsn)
	if !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("error %q does not say the connection was refused", err)
	}
	t.Log(err)
}

// stalledServer accepts connections and never says a word, like a server
// behind a firewall that drops rather than rejects.
func stalledServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

func TestReadTimeout(t *testing.T) {
	dsn := "root:" + testPassword + "@tcp(" + stalledServer(t) + ")/test"
	start := time.Now()
	_, _, err := Read(context.Background(), dsn, Options{Timeout: 300 * time.Millisecond})
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Read took %v with a 300ms timeout", d)
	}
	checkReadError(t, err, dsn)
	if !strings.Contains(err.Error(), "no answer within 300ms") {
		t.Errorf("error %q does not say it timed out", err)
	}
	t.Log(err)
}

// TestReadCallerCancel checks that a caller's cancellation is reported as
// such, not as our timeout.
func TestReadCallerCancel(t *testing.T) {
	dsn := "root@tcp(" + stalledServer(t) + ")/test"
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err := Read(ctx, dsn, Options{Timeout: 5 * time.Second})
	checkReadError(t, err, dsn)
	if strings.Contains(err.Error(), "no answer within") {
		t.Errorf("error %q blames our timeout for the caller's deadline", err)
	}
}

func TestReadBadDSN(t *testing.T) {
	for _, dsn := range []string{
		"",
		"app:" + testPassword + "/db", // no '@': the driver sees a network "app:<pw>"
		"app:" + testPassword + "@tcp(127.0.0.1:1)/db?strict=true", // the driver panics on this one
		"app:" + testPassword + "@tcp(127.0.0.1:1)",                // no database
		"app:" + testPassword + "@tcp(127.0.0.1:1)/",               // empty database
	} {
		_, _, err := Read(context.Background(), dsn, Options{})
		checkReadError(t, err, dsn)
		t.Log(err)
	}
}

// TestNoLeak checks that reads, failed ones above all, leave no goroutine
// (and so no connection, whose watcher would be one) behind.
func TestNoLeak(t *testing.T) {
	dsns := []string{
		"root:" + testPassword + "@tcp(127.0.0.1:1)/test",
		"root:" + testPassword + "@tcp(" + stalledServer(t) + ")/test",
	}
	good := os.Getenv(dsnEnv)
	if good != "" {
		dsns = append(dsns, wrongCredentials(t, good))
	}
	before := runtime.NumGoroutine()
	for range 5 {
		for _, dsn := range dsns {
			if _, _, err := Read(context.Background(), dsn, Options{Timeout: 200 * time.Millisecond}); err == nil {
				t.Fatalf("Read(%q) succeeded", Redact(dsn))
			}
		}
		if good != "" {
			if _, _, err := Read(context.Background(), good, Options{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var after int
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if after = runtime.NumGoroutine(); after <= before {
			return
		}
	}
	buf := make([]byte, 1<<20)
	t.Errorf("%d goroutines before, %d after failed reads:\n%s", before, after, buf[:runtime.Stack(buf, true)])
}

// wrongCredentials returns dsn's server with a user that does not exist.
func wrongCredentials(t *testing.T, dsn string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.User, cfg.Passwd = "nouser", testPassword
	return cfg.FormatDSN()
}

func TestReadWrongCredentials(t *testing.T) {
	dsn := wrongCredentials(t, testDSN(t))
	start := time.Now()
	_, _, err := Read(context.Background(), dsn, Options{})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Read took %v, want under 10s", d)
	}
	checkReadError(t, err, dsn)
	if !strings.Contains(err.Error(), "Access denied") {
		t.Errorf("error %q does not say access was denied", err)
	}
	t.Log(err)
}

// liveDB creates the scratch databases locklint_live and locklint_live2
// and returns an admin handle and a DSN for locklint_live.
func liveDB(t *testing.T) (*sql.DB, string) {
	t.Helper()
	cfg, err := mysql.ParseDSN(testDSN(t))
	if err != nil {
		t.Fatalf("%s: %v", dsnEnv, err)
	}
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	exec := func(stmts ...string) {
		t.Helper()
		for _, s := range stmts {
			if _, err := db.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	exec(
		"DROP DATABASE IF EXISTS locklint_live",
		"DROP DATABASE IF EXISTS locklint_live2",
		"CREATE DATABASE locklint_live",
		"CREATE DATABASE locklint_live2",
		`CREATE TABLE locklint_live.Accounts (
			id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
			Email VARCHAR(190) NOT NULL,
			owner_id BIGINT NOT NULL,
			status VARCHAR(16) NOT NULL,
			created_at DATETIME NOT NULL,
			bio TEXT,
			UNIQUE KEY UQ_Email (Email),
			KEY idx_owner (owner_id),
			KEY idx_status_created (status, created_at),
			FULLTEXT KEY ft_bio (bio)
		) ENGINE=InnoDB`,
		`CREATE TABLE locklint_live.order_items (
			order_id BIGINT NOT NULL,
			line INT NOT NULL,
			sku VARCHAR(32) NOT NULL,
			qty INT NOT NULL,
			PRIMARY KEY (order_id, line),
			UNIQUE KEY uq_order_sku (order_id, sku)
		) ENGINE=InnoDB`,
		"CREATE TABLE locklint_live.audit_log (at DATETIME, msg VARCHAR(200)) ENGINE=InnoDB",
		"CREATE VIEW locklint_live.active_accounts AS SELECT id FROM locklint_live.Accounts WHERE status = 'active'",
		"CREATE TABLE locklint_live2.accounts (x INT) ENGINE=InnoDB",
		"CREATE TABLE locklint_live2.only_here (y INT, KEY (y)) ENGINE=InnoDB",
	)
	t.Cleanup(func() {
		db.Exec("DROP DATABASE IF EXISTS locklint_live")
		db.Exec("DROP DATABASE IF EXISTS locklint_live2")
	})
	cfg.DBName = "locklint_live"
	return db, cfg.FormatDSN()
}

func TestReadLive(t *testing.T) {
	admin, dsn := liveDB(t)
	var version string
	if err := admin.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}

	s, srv, err := Read(context.Background(), dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}

	if got := tableNames(s); !reflect.DeepEqual(got, []string{"accounts", "audit_log", "order_items"}) {
		t.Errorf("tables = %v, want accounts, audit_log, order_items (no view)", got)
	}

	acc := s.Table("accounts")
	if acc == nil {
		t.Fatal("no table accounts")
	}
	if want := []string{"id", "email", "owner_id", "status", "created_at", "bio"}; !reflect.DeepEqual(acc.Columns, want) {
		t.Errorf("accounts columns = %v, want %v", acc.Columns, want)
	}
	wantAcc := map[string]schema.Index{
		"primary":            {Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
		"uq_email":           {Name: "uq_email", Columns: []string{"email"}, Unique: true},
		"idx_owner":          {Name: "idx_owner", Columns: []string{"owner_id"}},
		"idx_status_created": {Name: "idx_status_created", Columns: []string{"status", "created_at"}},
		// ft_bio: FULLTEXT serves no lookup, left out.
	}
	checkIndexes(t, acc, wantAcc)

	checkIndexes(t, s.Table("order_items"), map[string]schema.Index{
		"primary":      {Name: "primary", Columns: []string{"order_id", "line"}, Unique: true, Primary: true},
		"uq_order_sku": {Name: "uq_order_sku", Columns: []string{"order_id", "sku"}, Unique: true},
	})

	audit := s.Table("audit_log")
	if audit == nil || len(audit.Indexes) != 0 || !reflect.DeepEqual(audit.Columns, []string{"at", "msg"}) {
		t.Errorf("audit_log = %+v, want columns at, msg and no index", audit)
	}

	if srv.Engine != target.MariaDB || !strings.HasPrefix(version, srv.Version+"-") || !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(srv.Version) {
		t.Errorf("server = %+v, want MariaDB %s", srv, version)
	}
	if srv.Isolation != sqltext.RepeatableRead {
		t.Errorf("isolation = %v, want REPEATABLE READ", srv.Isolation)
	}
	t.Logf("%s: engine %v, version %s", version, srv.Engine, srv.Version)
}

func TestReadLiveDatabases(t *testing.T) {
	_, dsn := liveDB(t)
	s, _, err := Read(context.Background(), dsn, Options{Databases: []string{"locklint_live", "locklint_live2"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := tableNames(s); !reflect.DeepEqual(got, []string{"accounts", "audit_log", "only_here", "order_items"}) {
		t.Errorf("tables = %v", got)
	}
	if acc := s.Table("accounts"); acc == nil || len(acc.Columns) != 6 {
		t.Errorf("accounts = %+v, want the one of locklint_live, listed first", acc)
	}
	if oh := s.Table("only_here"); oh == nil || len(oh.Indexes) != 1 || oh.Indexes[0].Unique {
		t.Errorf("only_here = %+v, want one non-unique index", oh)
	}

	_, _, err = Read(context.Background(), dsn, Options{Databases: []string{"locklint_live", "locklint_nosuch"}})
	checkReadError(t, err, dsn)
	if !strings.Contains(err.Error(), `"locklint_nosuch" not found`) {
		t.Errorf("error %q does not name the missing database", err)
	}
}

// TestReadLiveIgnoredIndex checks that an index the optimizer may not use
// (MariaDB IGNORED, MySQL INVISIBLE) is left out.
func TestReadLiveIgnoredIndex(t *testing.T) {
	admin, dsn := liveDB(t)
	var version string
	admin.QueryRow("SELECT VERSION()").Scan(&version)
	stmt := "CREATE TABLE locklint_live.hidden (a INT, b INT, KEY ix_a (a) INVISIBLE, KEY ix_b (b))"
	if strings.Contains(version, "MariaDB") {
		stmt = "CREATE TABLE locklint_live.hidden (a INT, b INT, KEY ix_a (a) IGNORED, KEY ix_b (b))"
	}
	if _, err := admin.Exec(stmt); err != nil {
		skipOrFail(t, "server %s has no ignored or invisible indexes: %v", version, err)
	}
	s, _, err := Read(context.Background(), dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkIndexes(t, s.Table("hidden"), map[string]schema.Index{
		"ix_b": {Name: "ix_b", Columns: []string{"b"}},
	})
}

func tableNames(s *schema.Schema) []string {
	var names []string
	for _, t := range s.Tables() {
		names = append(names, t.Name)
	}
	return names
}

func checkIndexes(t *testing.T, tab *schema.Table, want map[string]schema.Index) {
	t.Helper()
	if tab == nil {
		t.Error("table missing")
		return
	}
	got := map[string]schema.Index{}
	for _, ix := range tab.Indexes {
		got[ix.Name] = ix
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s indexes:\n got %+v\nwant %+v", tab.Name, got, want)
	}
}

// fakeRead replaces the database read for the cache tests and counts calls.
func fakeRead(t *testing.T, delay time.Duration) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	old := readLive
	readLive = func(ctx context.Context, dsn string, opts Options) (*schema.Schema, target.Server, error) {
		n.Add(1)
		time.Sleep(delay)
		s := schema.New()
		s.Put(&schema.Table{Name: "accounts", Columns: []string{"id", "email"}, Indexes: []schema.Index{
			{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
			{Name: "uq_email", Columns: []string{"email"}, Unique: true},
		}})
		s.Put(&schema.Table{Name: "audit_log", Columns: []string{"msg"}, Indexes: []schema.Index{}})
		return s, target.Server{Engine: target.MariaDB, Version: "10.11.19", Isolation: sqltext.ReadCommitted}, nil
	}
	t.Cleanup(func() { readLive = old })
	return &n
}

func TestCache(t *testing.T) {
	reads := fakeRead(t, 0)
	dir := filepath.Join(t.TempDir(), "locklint")
	dsn := "app:" + testPassword + "@tcp(db.example:3306)/shop"
	opts := Options{CacheDir: dir}

	s1, srv1, err := CachedRead(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	s2, srv2, err := CachedRead(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := reads.Load(); n != 1 {
		t.Errorf("%d database reads for two CachedReads, want 1", n)
	}
	if !reflect.DeepEqual(s1.Tables(), s2.Tables()) || srv1 != srv2 {
		t.Errorf("cached result differs:\n%+v %+v\n%+v %+v", s1.Tables(), srv1, s2.Tables(), srv2)
	}

	files, _ := filepath.Glob(filepath.Join(dir, "schema-*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files %v, want one", files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cache dir mode = %v (%v), want 0700", fi.Mode().Perm(), err)
	}
	data, _ := os.ReadFile(files[0])
	if strings.Contains(string(data), testPassword) {
		t.Errorf("cache file contains the password:\n%s", data)
	}
	if _, meta, err := schema.ReadSnapshot(strings.NewReader(string(data))); err != nil || meta.Engine != "mariadb" || meta.Isolation != "READ-COMMITTED" {
		t.Errorf("cache file is not a snapshot of the result: %+v, %v\n%s", meta, err, data)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// Another password for the same server and user shares the entry:
	// the key holds no password.
	if _, _, err := CachedRead(context.Background(), "app:other@tcp(db.example:3306)/shop", opts); err != nil || reads.Load() != 1 {
		t.Errorf("other password: err %v, %d reads, want the cached result", err, reads.Load())
	}
	// Other databases are another entry.
	CachedRead(context.Background(), dsn, Options{CacheDir: dir, Databases: []string{"shop", "billing"}})
	if n := reads.Load(); n != 2 {
		t.Errorf("%d reads after asking for other databases, want 2", n)
	}

	// Expired: age the file past the TTL.
	old := time.Now().Add(-DefaultCacheTTL - time.Minute)
	if err := os.Chtimes(files[0], old, old); err != nil {
		t.Fatal(err)
	}
	CachedRead(context.Background(), dsn, opts)
	if n := reads.Load(); n != 3 {
		t.Errorf("%d reads after expiry, want 3", n)
	}
	// A shorter TTL expires sooner.
	recent := time.Now().Add(-2 * time.Second)
	os.Chtimes(files[0], recent, recent)
	CachedRead(context.Background(), dsn, Options{CacheDir: dir, CacheTTL: time.Second})
	if n := reads.Load(); n != 4 {
		t.Errorf("%d reads with a 1s TTL on a 2s old file, want 4", n)
	}

	// NoCache reads every time.
	CachedRead(context.Background(), dsn, Options{CacheDir: dir, NoCache: true})
	CachedRead(context.Background(), dsn, Options{CacheDir: dir, NoCache: true})
	if n := reads.Load(); n != 6 {
		t.Errorf("%d reads after two NoCache reads, want 6", n)
	}

	// A corrupt file is a miss, not an error.
	os.WriteFile(files[0], []byte("{not json"), 0o600)
	if _, _, err := CachedRead(context.Background(), dsn, opts); err != nil || reads.Load() != 7 {
		t.Errorf("corrupt cache: err %v, %d reads, want a fresh read", err, reads.Load())
	}
}

// TestCacheConcurrent checks that processes missing the cache together
// read the database once: the lock file is per file, so goroutines stand
// in for processes.
func TestCacheConcurrent(t *testing.T) {
	reads := fakeRead(t, 300*time.Millisecond)
	opts := Options{CacheDir: t.TempDir()}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, _, err := CachedRead(context.Background(), "app@tcp(db.example)/shop", opts)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := reads.Load(); n != 1 {
		t.Errorf("%d database reads by 8 concurrent CachedReads, want 1", n)
	}
	if locks, _ := filepath.Glob(filepath.Join(opts.CacheDir, "*.lock")); len(locks) > 0 {
		t.Errorf("lock files left: %v", locks)
	}
}

func TestCacheStaleLock(t *testing.T) {
	reads := fakeRead(t, 0)
	dsn := "app@tcp(db.example)/shop"
	opts := Options{CacheDir: t.TempDir(), Timeout: 100 * time.Millisecond}
	cfg, _ := parseDSN(dsn)
	c, err := newCache(dsn, databases(cfg, opts), opts)
	if err != nil {
		t.Fatal(err)
	}
	// A lock left by a process that died long ago.
	if err := os.WriteFile(c.path+".lock", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(c.path+".lock", old, old)
	start := time.Now()
	if _, _, err := CachedRead(context.Background(), dsn, opts); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second || reads.Load() != 1 {
		t.Errorf("stale lock: took %v, %d reads", d, reads.Load())
	}
}

// TestCachedReadLive reads through the cache as a user with a password and
// checks that the password is nowhere in the file.
func TestCachedReadLive(t *testing.T) {
	admin, dsn := liveDB(t)
	for _, s := range []string{
		"DROP USER IF EXISTS 'locklint_t'@'%'",
		"DROP USER IF EXISTS 'locklint_t'@'localhost'",
		"CREATE USER 'locklint_t'@'%' IDENTIFIED BY '" + testPassword + "'",
		"CREATE USER 'locklint_t'@'localhost' IDENTIFIED BY '" + testPassword + "'",
		"GRANT SELECT ON locklint_live.* TO 'locklint_t'@'%'",
		"GRANT SELECT ON locklint_live.* TO 'locklint_t'@'localhost'",
	} {
		if _, err := admin.Exec(s); err != nil {
			skipOrFail(t, "cannot create a test user: %s: %v", s, err)
		}
	}
	t.Cleanup(func() {
		admin.Exec("DROP USER IF EXISTS 'locklint_t'@'%'")
		admin.Exec("DROP USER IF EXISTS 'locklint_t'@'localhost'")
	})
	cfg, _ := mysql.ParseDSN(dsn)
	cfg.User, cfg.Passwd = "locklint_t", testPassword
	userDSN := cfg.FormatDSN()

	dir := t.TempDir()
	s, srv, err := CachedRead(context.Background(), userDSN, Options{CacheDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if s.Table("accounts") == nil || srv.Engine == target.EngineUnknown {
		t.Errorf("read %v, %+v", tableNames(s), srv)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "schema-*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files %v, want one", files)
	}
	data, _ := os.ReadFile(files[0])
	if strings.Contains(string(data), testPassword) {
		t.Errorf("cache file contains the password:\n%s", data)
	}
	s2, srv2, err := CachedRead(context.Background(), userDSN, Options{CacheDir: dir})
	if err != nil || !reflect.DeepEqual(s.Tables(), s2.Tables()) || srv != srv2 {
		t.Errorf("cached result differs: %v\n%+v %+v\n%+v %+v", err, s.Tables(), srv, s2.Tables(), srv2)
	}
}

// TestCachedReadError checks that a failed read is reported like Read's
// and not cached.
func TestCachedReadError(t *testing.T) {
	dir := t.TempDir()
	dsn := "root:" + testPassword + "@tcp(127.0.0.1:1)/test"
	_, _, err := CachedRead(context.Background(), dsn, Options{CacheDir: dir})
	checkReadError(t, err, dsn)
	if files, _ := filepath.Glob(filepath.Join(dir, "schema-*")); len(files) > 0 {
		t.Errorf("failure left cache files %v", files)
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("error %q does not wrap the dial error", err)
	}
}
