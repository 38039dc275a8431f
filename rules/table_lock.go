package rules

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// TableLock finds table-wide and server-wide locks taken from application
// code and from migrations: LOCK TABLES, FLUSH TABLES ... WITH READ LOCK,
// FLUSH TABLES ... FOR EXPORT, and GET_LOCK.
//
// These locks belong to the session, not to a transaction: COMMIT does not
// release them. LOCK TABLES and FLUSH TABLES hold until UNLOCK TABLES on
// the same connection, GET_LOCK until RELEASE_LOCK or RELEASE_ALL_LOCKS on
// it, or until the connection closes. Hence:
//
//   - On the pool (*sql.DB) the lock stays with whichever connection ran
//     it, while the code's next statement, its UNLOCK TABLES or
//     RELEASE_LOCK included, may run on another one and release nothing
//     (TestTableLock_ReleaseOnAnotherConnectionReleasesNothing). Reported
//     always.
//
//   - Closing a *sql.Conn returns the session to the pool with its locks:
//     go-sql-driver/mysql does not reset sessions (ground truth:
//     TestTableLock_ConnCloseKeepsSessionLocks). So on a connection the
//     function owns, a path that returns without the release is reported,
//     with the return it leaves through. A deferred release counts; so
//     does a release through a helper whose fact says it runs one on the
//     handle passed to it. A lock taken through a handle the function does
//     not own (a parameter, a receiver field) is left to the code that
//     owns it, which sees the statement through the helper's fact: a
//     Lock/Unlock pair of methods on one type pairs up at their callers.
//
//   - LOCK TABLES inside a transaction commits it implicitly
//     (TestTableLock_LockTablesCommitsTransaction). Reported always.
//
//   - FLUSH TABLES WITH READ LOCK without a table list takes the global
//     read lock: every write on the server waits
//     (TestTableLock_GlobalReadLockBlocksWrites). Reported always.
//
//   - UNLOCK TABLES or RELEASE_LOCK on the pool, where the lock was taken
//     elsewhere, releases nothing on any other connection than the one
//     holding it (TestTableLock_ReleaseOnAnotherConnectionReleasesNothing).
//
//   - LOCK TABLES paired with UNLOCK TABLES on every path of a connection
//     the function owns is still reported, in its own words: on InnoDB
//     tables it blocks every other writer (and, for WRITE, reader) for the
//     whole critical section, commits the session's open transaction, and
//     fails the session's statements on tables it did not name with error
//     1100 (TestTableLock_LockTablesWriteBlocksReads,
//     TestTableLock_LockTablesCommitsTransaction,
//     TestTableLock_LockedSessionCannotTouchOtherTables). Row locks in a
//     transaction do the same job without those costs.
//
// GET_LOCK paired with RELEASE_LOCK on every path of a connection the
// function owns is not reported: it is an application-level mutex, the
// documented way to use it.
//
// Test code is not checked unless asked: fixtures lock tables to keep
// parallel tests apart, on a test database.
var TableLock = &Rule{
	ID:      "table-lock",
	Summary: "LOCK TABLES (released or not), FLUSH TABLES WITH READ LOCK, GET_LOCK not released on every path, releases sent through the pool",
	Func:    tableLock,
	File:    tableLockFile,
}

// sessionLock describes a statement that takes a session-level lock.
type sessionLock struct {
	what    string // "LOCK TABLES orders WRITE"
	blocks  string // what other sessions cannot do meanwhile
	global  bool   // the global read lock: reported wherever it runs
	release string // the statement that releases it
	named   bool   // GET_LOCK rather than a table lock
}

// sessionLockOf returns the session lock s takes, or nil. unknown names
// a table whose name the code fills in at run time.
func sessionLockOf(s *sqltext.Summary, unknown string) *sessionLock {
	if s == nil {
		return nil
	}
	switch {
	case s.Kind == sqltext.KindLockTables:
		var write, read, writeNames, readNames []string
		runTime := false
		for _, l := range s.LockTables {
			name := l.Table
			if l.Table == "" {
				// Written as ... in the statement, and named in full where
				// the message says what is blocked.
				l.Table, name, runTime = "...", unknown, true
			}
			if l.ModeUnknown {
				// LOCK TABLES %s: which tables and how is run-time text.
				what := "LOCK TABLES ... (tables and lock types named at run time)"
				if by, ok := strings.CutPrefix(unknown, "the table named at run time by "); ok {
					what = "LOCK TABLES ... (tables and lock types named at run time by " + by + ")"
				}
				return &sessionLock{
					what:    what,
					blocks:  "other sessions' access to the locked tables",
					release: "UNLOCK TABLES",
				}
			}
			if l.Write {
				write, writeNames = append(write, l.Table), append(writeNames, name)
			} else {
				read, readNames = append(read, l.Table), append(readNames, name)
			}
		}
		l := &sessionLock{what: "LOCK TABLES", release: "UNLOCK TABLES"}
		var parts []string
		if len(write) > 0 {
			l.what += " " + strings.Join(write, ", ") + " WRITE"
			parts = append(parts, "reads and writes of "+strings.Join(writeNames, ", "))
		}
		if len(read) > 0 {
			if len(write) > 0 {
				l.what += ","
			}
			l.what += " " + strings.Join(read, ", ") + " READ"
			parts = append(parts, "writes to "+strings.Join(readNames, ", "))
		}
		if runTime {
			l.what += " (" + unknown + ")"
		}
		l.blocks = "every other session's " + strings.Join(parts, " and ")
		if len(parts) == 0 {
			l.blocks = "other sessions' access to the locked tables"
		}
		return l
	case s.Kind == sqltext.KindFlushTables && len(s.Tables) == 0:
		return &sessionLock{
			what:    "FLUSH TABLES WITH READ LOCK",
			blocks:  "every write to every table of the server (and it first waits for running statements, with new ones queued behind it)",
			global:  true,
			release: "UNLOCK TABLES",
		}
	case s.Kind == sqltext.KindFlushTables:
		names := tableNames(s, unknown)
		return &sessionLock{
			what:    "FLUSH TABLES " + names + " (FOR EXPORT / WITH READ LOCK)",
			blocks:  "every other session's writes to " + names,
			release: "UNLOCK TABLES",
		}
	case s.GetLock && !s.ReleaseLock:
		return &sessionLock{
			what:    "GET_LOCK",
			blocks:  "every other GET_LOCK of the same name",
			release: "RELEASE_LOCK",
			named:   true,
		}
	}
	return nil
}

// releases reports whether s releases what l holds.
func (l *sessionLock) releases(s *sqltext.Summary) bool {
	if s == nil {
		return false
	}
	if l.named {
		return s.ReleaseLock
	}
	return s.Kind == sqltext.KindUnlockTables
}

func tableNames(s *sqltext.Summary, unknown string) string {
	var names []string
	for _, t := range s.Tables {
		if t.Name != "" {
			names = append(names, t.Name)
		}
	}
	if len(names) < len(s.Tables) {
		names = append(names, unknown)
	}
	return strings.Join(names, ", ")
}

func tableLock(c *Context, f *txflow.Func) []Finding {
	var out []Finding
	lockedOnPool := false
	for _, st := range f.Stmts {
		if l := sessionLockOf(st.SQL(), runTimeTable(tableHoles(st))); l != nil {
			lockedOnPool = lockedOnPool || st.Site.Handle.Kind == extract.HandlePool
			if fd, ok := tableLockFinding(c, f, st, l); ok {
				out = append(out, fd)
			}
			continue
		}
		if !lockedOnPool {
			// A lock this function took on the pool was reported with
			// its release; one taken elsewhere is not, so its release is.
			if fd, ok := poolReleaseFinding(st); ok {
				out = append(out, fd)
			}
		}
	}
	return out
}

// poolReleaseFinding reports UNLOCK TABLES or RELEASE_LOCK sent through
// the pool: the pool runs it on whichever connection it picks, and on any
// but the one holding the lock it releases nothing: UNLOCK TABLES
// succeeds, RELEASE_LOCK returns 0
// (TestTableLock_ReleaseOnAnotherConnectionReleasesNothing).
func poolReleaseFinding(st *txflow.Stmt) (Finding, bool) {
	s := st.SQL()
	h := st.Site.Handle
	if s == nil || h.Kind != extract.HandlePool || h.Pinned || st.Site.JudgedInCallee() {
		return Finding{}, false
	}
	var release, lock string
	switch {
	case s.Kind == sqltext.KindUnlockTables:
		release, lock = "UNLOCK TABLES", "LOCK TABLES"
	case s.ReleaseLock:
		release, lock = "RELEASE_LOCK", "GET_LOCK"
	default:
		return Finding{}, false
	}
	return Finding{Pos: st.Pos(), Message: fmt.Sprintf(
		"%s%s runs on the pool (%s): it releases only what the connection the pool picks holds, and the %s it means to end belongs to the session that ran it — on any other connection %s releases nothing (UNLOCK TABLES still succeeds, RELEASE_LOCK returns 0), and the lock stays with that session, blocking everyone, until it disconnects. Fix: take one connection with db.Conn(ctx) and run the %s, the work and the %s on it",
		release, via(st), h.Type, lock, release, lock, release)}, true
}

func tableLockFinding(c *Context, f *txflow.Func, st *txflow.Stmt, l *sessionLock) (Finding, bool) {
	h := st.Site.Handle
	fd := Finding{Pos: st.Pos()}
	what := l.what + via(st)
	// A helper that knew its handle reported these cases itself; only
	// the release on every path is the caller's to check.
	judged := st.Site.JudgedInCallee()
	switch {
	case judged && (h.Kind == extract.HandlePool || h.Kind == extract.HandleTx || l.global):
		return fd, false
	case h.Kind == extract.HandlePool && !h.Pinned:
		fd.Message = fmt.Sprintf("%s runs on the pool (%s): the server holds the lock for the session that ran it, blocking %s until that session runs %s or disconnects — but the pool may run your next statement, %s included, on another connection, where it releases nothing, and the lock stays with an idle pooled connection. Fix: %s",
			what, h.Type, l.blocks, l.release, l.release, poolFix(l))
		return fd, true
	case h.Kind == extract.HandleTx && !l.named && workBefore(st):
		fd.Message = fmt.Sprintf("%s commits the open transaction implicitly: the server ends any active transaction before taking table locks, so the statements before it are committed and the later Commit or Rollback has nothing to end; the lock then blocks %s until %s on this connection. Fix: do not mix table locks with transactions on InnoDB: lock the rows you need with SELECT ... FOR UPDATE inside the transaction",
			what, l.blocks, l.release)
		fd.Related = beginRelated(st)
		return fd, true
	case l.global:
		fd.Message = fmt.Sprintf("%s takes the server's global read lock: it blocks %s until %s runs on this connection. Fix: do not take the global read lock from application code; for a consistent backup use mariabackup / xtrabackup or mysqldump --single-transaction",
			what, l.blocks, l.release)
		return fd, true
	}
	if !f.Owns(h.Ref) {
		return fd, false // the code holding the handle may release it
	}
	ret, leaks := f.ExitWithout(st, func(o *txflow.Stmt) bool {
		return o.Site.Handle.Ref == h.Ref && l.releases(o.SQL())
	})
	if !leaks {
		if l.named {
			return fd, false // a named lock released on every path is an application mutex
		}
		fd.Message = fmt.Sprintf("%s blocks %s from here until its %s, commits any open transaction of this connection, and until then fails every statement of this connection on a table it did not name (error 1100). On InnoDB tables row locks do the job without stopping the whole table. Fix: lock the rows you need with SELECT ... FOR UPDATE in a transaction; for a consistent export use START TRANSACTION WITH CONSISTENT SNAPSHOT instead",
			what, l.blocks, l.release)
		return fd, true
	}
	var retPos token.Pos
	if ret != nil {
		retPos = ret.Pos()
	}
	where := returnText(c, retPos)
	holder := "this connection"
	after := "a connection that goes back to the pool keeps it (the driver does not reset sessions)"
	switch h.Kind {
	case extract.HandleConn:
		after = fmt.Sprintf("closing a %s only returns the session, lock included, to the pool (the driver does not reset sessions)", h.Type)
	case extract.HandleTx:
		holder = "the transaction's connection"
		after = "COMMIT and ROLLBACK do not release it, and the connection goes back to the pool with the lock"
	}
	fd.Message = fmt.Sprintf("%s is held by %s until %s runs on it or it disconnects, blocking %s: %s no %s runs, and %s. Fix: %s right after the lock is taken",
		what, holder, l.release, l.blocks, where, l.release, after, deferFix(h, l))
	if retPos.IsValid() {
		fd.Related = []Related{{Pos: retPos, Message: "returns with the lock still held"}}
	}
	return fd, true
}

// via names the helper that runs a statement for its caller.
func via(st *txflow.Stmt) string {
	if st.Site.Via == nil {
		return ""
	}
	if st.Site.ViaAt == "" {
		return fmt.Sprintf(" (run by %s)", st.Site.ViaFunc)
	}
	return fmt.Sprintf(" (run by %s at %s)", st.Site.ViaFunc, st.Site.ViaAt)
}

// returnText says which path a finding is about: the one through the
// return at ret.
func returnText(c *Context, ret token.Pos) string {
	if n := line(c, ret); n > 0 {
		return fmt.Sprintf("on the path through the return at line %d", n)
	}
	return "on some path"
}

func poolFix(l *sessionLock) string {
	if l.named {
		return "take one connection with db.Conn(ctx), run GET_LOCK on it and `defer conn.ExecContext(ctx, \"SELECT RELEASE_LOCK(?)\", name)` before conn.Close()"
	}
	return "take one connection with db.Conn(ctx), run the LOCK TABLES, the work and a deferred UNLOCK TABLES on it — or, better, lock the rows you need with SELECT ... FOR UPDATE in a transaction"
}

func deferFix(h extract.Handle, l *sessionLock) string {
	name := "conn"
	if h.Ref.Valid() {
		name = h.Ref.Root.Name() + h.Ref.Path
	}
	if l.named {
		return fmt.Sprintf("`defer %s.ExecContext(ctx, \"SELECT RELEASE_LOCK(?)\", name)`", name)
	}
	return fmt.Sprintf("`defer %s.ExecContext(ctx, \"UNLOCK TABLES\")`", name)
}

// tableLockFile checks a migration: the tool runs it on one pooled
// connection and keeps that connection, so a lock the file does not
// release stays held after the migration ends.
func tableLockFile(c *Context, f *SQLFile) []Finding {
	var out []Finding
	for i, s := range f.Stmts {
		l := sessionLockOf(s, unknownTable)
		if l == nil {
			continue
		}
		released := false
		for _, later := range f.Stmts[i+1:] {
			if l.releases(later) {
				released = true
				break
			}
		}
		var msg string
		switch {
		case l.global:
			msg = fmt.Sprintf("%s takes the server's global read lock: it blocks %s until %s. Fix: a migration never needs the global read lock; drop it", l.what, l.blocks, l.release)
		case !released:
			msg = fmt.Sprintf("%s is held by the session until %s runs on it or it disconnects, blocking %s, and this file never runs %s: the migration tool's connection keeps the lock after the migration. Fix: run %s before the file ends", l.what, l.release, l.blocks, l.release, releaseStmt(l))
		default:
			continue
		}
		out = append(out, Finding{Pos: f.Pos(s), Message: msg})
	}
	return out
}

// releaseStmt is the statement that releases l, as a migration writes it.
func releaseStmt(l *sessionLock) string {
	if l.named {
		return "SELECT RELEASE_LOCK(name) (or RELEASE_ALL_LOCKS())"
	}
	return l.release
}
