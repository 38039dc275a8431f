package groundtruth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

const (
	envDSN     = "LOCKLINT_TEST_DSN"
	envRequire = "LOCKLINT_REQUIRE_DB"
	scratchDB  = "locklint_gt"

	// stmtTimeout bounds every single statement; lock waits are 1 s and
	// metadata-lock waits a few seconds, so only a hung server reaches it.
	stmtTimeout = 20 * time.Second
	// nowaitBelow separates NOWAIT (1205 at once) from BLOCKED (1205 after
	// innodb_lock_wait_timeout / lock_wait_timeout = 1 s).
	nowaitBelow = 400 * time.Millisecond
)

// iso is a transaction isolation level as SET SESSION TRANSACTION spells it.
type iso string

const (
	rr iso = "REPEATABLE READ"
	rc iso = "READ COMMITTED"
	// ser is SERIALIZABLE: plain reads in a transaction lock like
	// LOCK IN SHARE MODE.
	ser iso = "SERIALIZABLE"
)

func (l iso) String() string {
	switch l {
	case rc:
		return "RC"
	case ser:
		return "SER"
	}
	return "RR"
}

// gt is the package-wide connection state, set up once by TestMain.
var gt struct {
	db      *sql.DB // sessions and pool handles; keeps no idle connections
	mon     *sql.DB // observer: information_schema polling, DDL of fixtures
	cfg     *mysql.Config
	reason  string // why the database is unavailable ("" if it is)
	version string
	mariaDB bool
	runID   string
	seq     atomic.Int64
}

func TestMain(m *testing.M) {
	closeDB := connect()
	code := m.Run()
	// Every session and pool handle must have been closed by its test.
	if gt.db != nil {
		if n := gt.db.Stats().OpenConnections; n != 0 && code == 0 {
			fmt.Fprintf(os.Stderr, "groundtruth: %d session connections leaked\n", n)
			code = 1
		}
	}
	closeDB()
	os.Exit(code)
}

// connect opens the scratch database. It never fails the run by itself:
// requireDB turns an unavailable database into a failure per test.
func connect() (closeDB func()) {
	closeDB = func() {}
	var b [3]byte
	_, _ = rand.Read(b[:])
	gt.runID = hex.EncodeToString(b[:])

	dsn := os.Getenv(envDSN)
	if dsn == "" {
		gt.reason = envDSN + " is not set (e.g. " + envDSN + "='root@tcp(127.0.0.1:3306)/test'); the InnoDB ground-truth tests need a real MariaDB/MySQL server"
		return closeDB
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		gt.reason = envDSN + " is not a valid go-sql-driver DSN: " + err.Error()
		return closeDB
	}
	where := fmt.Sprintf("%s@%s(%s)", cfg.User, cfg.Net, cfg.Addr) // never the password
	// RowsAffected must count changed rows (the driver's default) for the
	// lost-update tests, whatever the DSN says.
	cfg.ClientFoundRows = false
	cfg.MultiStatements = false
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	// Every connection, including pool connections used as "the outer
	// handle", waits at most 1 s for a row lock and 5 s for a metadata lock.
	cfg.Params["innodb_lock_wait_timeout"] = "1"
	cfg.Params["lock_wait_timeout"] = "5"

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()

	admin, err := openDB(cfg)
	if err == nil {
		defer admin.Close()
		err = admin.PingContext(ctx)
	}
	if err == nil {
		_, err = admin.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+scratchDB)
	}
	if err == nil {
		err = admin.QueryRowContext(ctx, "SELECT VERSION()").Scan(&gt.version)
	}
	if err != nil {
		gt.reason = fmt.Sprintf("database %s from %s is unreachable or unusable: %v", where, envDSN, err)
		return closeDB
	}
	gt.mariaDB = strings.Contains(strings.ToLower(gt.version), "mariadb")

	scfg := cfg.Clone()
	scfg.DBName = scratchDB
	db, err := openDB(scfg)
	if err != nil {
		gt.reason = fmt.Sprintf("cannot open %s on %s: %v", scratchDB, where, err)
		return closeDB
	}
	// No idle connections: closing a session closes its connection, so
	// no session state, open transaction, lock or GET_LOCK survives it.
	db.SetMaxIdleConns(0)
	mon, _ := openDB(scfg)
	mon.SetMaxIdleConns(4)
	gt.db, gt.mon, gt.cfg = db, mon, scfg
	dropStaleTables(ctx)
	return func() {
		db.Close()
		mon.Close()
	}
}

func openDB(cfg *mysql.Config) (*sql.DB, error) {
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

// pool opens a pool of the scratch database with at most n connections,
// idle ones kept, closed when the test ends (before the fixture drops its
// tables): the application's *sql.DB, not a session.
func (f *fixture) pool(n int) *sql.DB {
	f.t.Helper()
	db, err := openDB(gt.cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	f.t.Cleanup(func() { db.Close() })
	return db
}

// dropStaleTables removes tables an interrupted earlier run left behind.
func dropStaleTables(ctx context.Context) {
	rows, err := gt.mon.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = ? AND create_time < NOW() - INTERVAL 1 HOUR`, scratchDB)
	if err != nil {
		return
	}
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	for _, n := range names {
		_, _ = gt.mon.ExecContext(ctx, "DROP TABLE IF EXISTS `"+n+"`")
	}
}

// requireDB skips the test when no database is configured, or fails it
// when LOCKLINT_REQUIRE_DB=1.
func requireDB(t testing.TB) {
	t.Helper()
	if gt.reason == "" {
		return
	}
	if os.Getenv(envRequire) == "1" {
		t.Fatalf("%s=1 but the ground truth cannot run: %s", envRequire, gt.reason)
	}
	t.Skip(gt.reason)
}

// parallel starts every test and subtest: it skips (or fails) without a
// database, then runs the test in parallel with the others; each test has
// its own tables, so they cannot interfere.
func parallel(t *testing.T) {
	t.Helper()
	requireDB(t)
	t.Parallel()
}

// requireMariaDB skips tests of MariaDB-specific behaviour on other engines.
func requireMariaDB(t testing.TB) {
	t.Helper()
	if !gt.mariaDB {
		t.Skipf("MariaDB-specific claim; server is %s", gt.version)
	}
}

// ---------------------------------------------------------------------------
// Outcomes

type kind int

const (
	proceeds kind = iota // statement returned normally
	blocked              // 1205 after waiting for the timeout
	nowait               // 1205 at once
	deadlock             // 1213, the transaction was rolled back
	failed               // any other error
)

func (k kind) String() string {
	return [...]string{"PROCEEDS", "BLOCKED", "NOWAIT", "DEADLOCK", "ERR"}[k]
}

type outcome struct {
	who      string // session name
	stmt     string // as written in the test, before table names are expanded
	kind     kind
	code     uint16 // MySQL error number, 0 if none
	err      error
	elapsed  time.Duration
	affected int64    // rows affected, for statements that are not queries
	rows     []string // for queries: one string per row, columns joined by ","
}

func (o outcome) String() string {
	s := fmt.Sprintf("%s `%s`: %v after %v", o.who, o.stmt, o.kind, o.elapsed.Round(time.Millisecond))
	switch {
	case o.kind == proceeds && o.rows != nil:
		s += fmt.Sprintf(" rows=%q", o.rows)
	case o.kind == proceeds:
		s += fmt.Sprintf(" aff=%d", o.affected)
	default:
		s += fmt.Sprintf(" (%v)", o.err)
	}
	return s
}

func classify(err error, elapsed time.Duration) (kind, uint16) {
	if err == nil {
		return proceeds, 0
	}
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return failed, 0
	}
	switch me.Number {
	case 1205:
		if elapsed < nowaitBelow {
			return nowait, me.Number
		}
		return blocked, me.Number
	case 1213:
		return deadlock, me.Number
	}
	return failed, me.Number
}

// want reports an error unless o has the expected kind.
func want(t testing.TB, o outcome, k kind) {
	t.Helper()
	if o.kind != k {
		t.Errorf("want %v, got %v", k, o)
	}
}

// wantErr reports an error unless o failed with MySQL error code.
func wantErr(t testing.TB, o outcome, code uint16) {
	t.Helper()
	if o.kind != failed || o.code != code {
		t.Errorf("want ERR %d, got %v", code, o)
	}
}

// wantRows reports an error unless o proceeded and returned exactly rows.
func wantRows(t testing.TB, o outcome, rows ...string) {
	t.Helper()
	if o.kind != proceeds || strings.Join(o.rows, ";") != strings.Join(rows, ";") || len(o.rows) != len(rows) {
		t.Errorf("want PROCEEDS rows=%q, got %v", rows, o)
	}
}

// wantAffected reports an error unless o proceeded and affected n rows.
func wantAffected(t testing.TB, o outcome, n int64) {
	t.Helper()
	if o.kind != proceeds || o.affected != n {
		t.Errorf("want PROCEEDS aff=%d, got %v", n, o)
	}
}

// ---------------------------------------------------------------------------
// Fixtures: per-test tables and sessions

type fixture struct {
	t     *testing.T
	names map[string]string // {t} -> t12_ab34cd
	repl  *strings.Replacer

	mu       sync.Mutex
	tables   []string
	sessions []*session
	pending  []*pending
}

// newFixture gives a test its own tables and sessions; everything is closed
// and dropped when the test ends. It skips (or fails) without a database.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	requireDB(t)
	f := &fixture{t: t, names: map[string]string{}}
	f.repl = strings.NewReplacer()
	t.Cleanup(f.cleanup)
	return f
}

func (f *fixture) cleanup() {
	f.mu.Lock()
	pend, sess := f.pending, f.sessions
	f.mu.Unlock()
	for _, p := range pend { // every statement is bounded by stmtTimeout
		<-p.done
	}
	var wg sync.WaitGroup
	for _, s := range sess {
		wg.Add(1)
		go func() { defer wg.Done(); s.close() }()
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, real := range f.tables {
		// A closed session's rollback may still hold the table's metadata
		// lock for a moment; the observer waits up to 5 s, then retries.
		var err error
		for range 3 {
			if _, err = gt.mon.ExecContext(ctx, "DROP TABLE IF EXISTS "+real); err == nil {
				break
			}
		}
		if err != nil {
			f.t.Errorf("cleanup: drop %s: %v", real, err)
		}
	}
}

// name registers a unique real name (for a table or a GET_LOCK) for the
// placeholder {base}.
func (f *fixture) name(base string) string {
	real := fmt.Sprintf("gt%d_%s_%s", gt.seq.Add(1), gt.runID, base)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.names[base] = real
	var pairs []string
	for b, r := range f.names {
		pairs = append(pairs, "{"+b+"}", r)
	}
	f.repl = strings.NewReplacer(pairs...)
	return real
}

// expand replaces {base} placeholders with the test's real table names.
func (f *fixture) expand(q string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.repl.Replace(q)
}

// table registers {base} as a table of this test, dropped at the end.
func (f *fixture) table(base string) {
	real := f.name(base)
	f.mu.Lock()
	f.tables = append(f.tables, real)
	f.mu.Unlock()
}

// setup runs fixture DDL/DML on the observer connection.
func (f *fixture) setup(stmts ...string) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()
	for _, q := range stmts {
		if _, err := gt.mon.ExecContext(ctx, f.expand(q)); err != nil {
			f.t.Fatalf("setup `%s`: %v", q, err)
		}
	}
}

// tableT creates {t}: the ground-truth table of experiments 1-14.
//
//	t(id INT PK, k INT KEY idx_k, u INT UNIQUE uk_u, c INT no index, v INT, ver INT, s VARCHAR(20) KEY idx_s)
//	(id,k,u,c,s) = (10,1,100,11,'apple') (20,1,200,22,'banana') (30,2,300,33,'cherry') (40,3,400,44,'date'), v = ver = 0
func (f *fixture) tableT() {
	f.t.Helper()
	f.table("t")
	f.setup(`CREATE TABLE {t} (
		id INT NOT NULL PRIMARY KEY,
		k INT NULL, u INT NULL, c INT NULL,
		v INT NOT NULL DEFAULT 0, ver INT NOT NULL DEFAULT 0,
		s VARCHAR(20) NULL,
		KEY idx_k (k), UNIQUE KEY uk_u (u), KEY idx_s (s)
	) ENGINE=InnoDB`,
		`INSERT INTO {t} (id,k,u,c,s) VALUES
		(10,1,100,11,'apple'),(20,1,200,22,'banana'),(30,2,300,33,'cherry'),(40,3,400,44,'date')`)
}

// tableQ creates the job queue {q} of experiment 6. With pending, jobs 1 and
// 2 are done (status 1) and 3, 4, 5 pending (status 0); without, all five
// are done. status has no index, istatus (always equal to status) has one.
func (f *fixture) tableQ(pending bool) {
	f.t.Helper()
	f.table("q")
	p := 0
	if !pending {
		p = 1
	}
	f.setup(`CREATE TABLE {q} (
		id INT NOT NULL PRIMARY KEY,
		status INT NOT NULL, istatus INT NOT NULL, payload VARCHAR(20) NULL,
		KEY idx_istatus (istatus)
	) ENGINE=InnoDB`,
		fmt.Sprintf(`INSERT INTO {q} VALUES (1,1,1,'a'),(2,1,1,'b'),(3,%[1]d,%[1]d,'c'),(4,%[1]d,%[1]d,'d'),(5,%[1]d,%[1]d,'e')`, p))
}

// ---------------------------------------------------------------------------
// Sessions

type session struct {
	f    *fixture
	name string
	conn *sql.Conn
	id   int64 // CONNECTION_ID()
}

// session opens a dedicated connection with innodb_lock_wait_timeout=1,
// lock_wait_timeout=5 and the given isolation level. Statements autocommit
// until begin.
func (f *fixture) session(name string, level iso) *session {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()
	conn, err := gt.db.Conn(ctx)
	if err != nil {
		f.t.Fatalf("session %s: %v", name, err)
	}
	s := &session{f: f, name: name, conn: conn}
	f.mu.Lock()
	f.sessions = append(f.sessions, s)
	f.mu.Unlock()
	s.must("SET SESSION innodb_lock_wait_timeout = 1")
	s.must("SET SESSION lock_wait_timeout = 5")
	s.must("SET SESSION TRANSACTION ISOLATION LEVEL " + string(level))
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&s.id); err != nil {
		f.t.Fatalf("session %s: %v", name, err)
	}
	return s
}

func (s *session) close() {
	if s.conn != nil {
		_ = s.conn.Close() // no idle connections: this disconnects
	}
}

// run executes one statement and classifies what happened. It never calls
// t methods, so it is safe in goroutines.
func (s *session) run(q string, args ...any) outcome {
	o := outcome{who: s.name, stmt: q}
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()
	real := s.f.expand(q)
	head := strings.ToUpper(strings.TrimSpace(real))
	start := time.Now()
	var err error
	if strings.HasPrefix(head, "SELECT") || strings.HasPrefix(head, "SHOW") || strings.HasPrefix(head, "EXPLAIN") {
		o.rows, err = queryRows(ctx, s.conn, real, args...)
		if o.rows == nil && err == nil {
			o.rows = []string{}
		}
	} else {
		var res sql.Result
		res, err = s.conn.ExecContext(ctx, real, args...)
		if err == nil {
			o.affected, _ = res.RowsAffected()
		}
	}
	o.elapsed = time.Since(start)
	o.err = err
	o.kind, o.code = classify(err, o.elapsed)
	return o
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryRows(ctx context.Context, db querier, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = v.String
			if !v.Valid {
				parts[i] = "NULL"
			}
		}
		out = append(out, strings.Join(parts, ","))
	}
	return out, rows.Err()
}

// must runs a statement that has to proceed, and fails the test otherwise.
func (s *session) must(q string, args ...any) outcome {
	s.f.t.Helper()
	o := s.run(q, args...)
	if o.kind != proceeds {
		s.f.t.Fatalf("setup step failed: %v", o)
	}
	return o
}

func (s *session) begin()    { s.f.t.Helper(); s.must("BEGIN") }
func (s *session) commit()   { s.f.t.Helper(); s.must("COMMIT") }
func (s *session) rollback() { s.f.t.Helper(); s.must("ROLLBACK") }

// probe runs q in a transaction of its own and rolls it back, so probes
// leave neither data nor locks behind and do not influence each other.
func (s *session) probe(q string, args ...any) outcome {
	s.f.t.Helper()
	s.begin()
	o := s.run(q, args...)
	s.rollback()
	return o
}

// value returns the single value a query returns.
func (s *session) value(q string, args ...any) string {
	s.f.t.Helper()
	o := s.must(q, args...)
	if len(o.rows) != 1 {
		s.f.t.Fatalf("want one row, got %v", o)
	}
	return o.rows[0]
}

// inTx reports MariaDB's @@in_transaction. MySQL has no such variable, so
// callers check gt.mariaDB first.
func (s *session) inTx() string {
	s.f.t.Helper()
	return s.value("SELECT @@in_transaction")
}

// explain logs the plan of a statement, which decides what gets locked.
func (s *session) explain(q string) {
	s.f.t.Helper()
	rows, err := queryRows(context.Background(), s.conn, "EXPLAIN "+s.f.expand(q))
	if err != nil {
		s.f.t.Logf("EXPLAIN `%s`: %v", q, err)
		return
	}
	s.f.t.Logf("EXPLAIN `%s`: %q", q, rows)
}

// pending is a statement running in a goroutine.
type pending struct {
	s    *session
	done chan struct{}
	out  outcome
}

// start runs a statement in a goroutine; result collects it.
func (s *session) start(q string, args ...any) *pending {
	p := &pending{s: s, done: make(chan struct{})}
	s.f.mu.Lock()
	s.f.pending = append(s.f.pending, p)
	s.f.mu.Unlock()
	go func() {
		defer close(p.done)
		p.out = s.run(q, args...)
	}()
	return p
}

func (p *pending) result() outcome {
	p.s.f.t.Helper()
	select {
	case <-p.done:
		return p.out
	case <-time.After(stmtTimeout + 5*time.Second):
		p.s.f.t.Fatalf("%s: statement did not return", p.s.name)
		return outcome{}
	}
}

// waitUntilWaiting returns once the statement is waiting for a lock, and
// fails the test if the statement finishes first.
//
// "Waiting" is read from information_schema.PROCESSLIST: a thread in a
// "Waiting for ... lock" state (metadata and table locks), or a statement
// still executing after 100 ms (every statement in these tests finishes in
// a few milliseconds unless it waits for a row lock; the caller then checks
// the outcome). information_schema.INNODB_TRX is not used: MariaDB refreshes
// its cache only after 100 ms without any reader, so with several tests
// polling in parallel it never showed the LOCK WAIT.
func (p *pending) waitUntilWaiting() {
	p.s.f.t.Helper()
	p.pollUntil("STATE LIKE 'Waiting for %lock%' OR TIME_MS >= 100", "wait for a lock")
}

// waitForMetadataLock blocks until the server reports the pending
// statement waiting for a metadata lock. Unlike waitUntilWaiting it does
// not take a long run for a wait: a DDL statement on a busy machine may
// run for a while before it asks for the exclusive lock, and only once it
// asks do later statements queue behind it.
func (p *pending) waitForMetadataLock() {
	p.s.f.t.Helper()
	p.pollUntil("STATE = 'Waiting for table metadata lock'", "wait for a metadata lock")
}

// pollUntil polls the process list until the pending statement's row
// meets cond; it fails the test when the statement finishes first or
// neither happens within 10 s.
func (p *pending) pollUntil(cond, what string) {
	p.s.f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-p.done:
			p.s.f.t.Fatalf("expected to %s, but it finished: %v", what, p.out)
		default:
		}
		var n int
		err := gt.mon.QueryRow(`SELECT COUNT(*) FROM information_schema.PROCESSLIST
			WHERE ID = ? AND COMMAND = 'Query' AND (`+cond+`)`, p.s.id).Scan(&n)
		if err != nil {
			p.s.f.t.Fatalf("polling lock waits: %v", err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			p.s.f.t.Fatalf("%s: statement did not %s and did not finish", p.s.name, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// both runs the last, conflicting statements of two sessions concurrently:
// first's statement is started, and once it waits for a lock, second's.
// It returns both outcomes.
func both(first *session, q1 string, second *session, q2 string) (outcome, outcome) {
	first.f.t.Helper()
	p1 := first.start(q1)
	p1.waitUntilWaiting()
	p2 := second.start(q2)
	return p1.result(), p2.result()
}

// oneDeadlock checks that exactly one of two outcomes is a deadlock and the
// other proceeds, and returns the index of the victim (0 or 1). Which
// transaction InnoDB picks is not part of any claim.
func oneDeadlock(t testing.TB, a, b outcome) int {
	t.Helper()
	switch {
	case a.kind == deadlock && b.kind == proceeds:
		return 0
	case b.kind == deadlock && a.kind == proceeds:
		return 1
	}
	t.Errorf("want one DEADLOCK (1213) and one PROCEEDS, got\n\t%v\n\t%v", a, b)
	return -1
}

// atLevels runs fn at REPEATABLE READ and at READ COMMITTED, each in a
// parallel subtest of its own with a fresh fixture holding table t.
func atLevels(t *testing.T, fn func(t *testing.T, f *fixture, level iso)) {
	for _, level := range []iso{rr, rc} {
		t.Run(level.String(), func(t *testing.T) {
			parallel(t)
			f := newFixture(t)
			f.tableT()
			fn(t, f, level)
		})
	}
}
