package rules

import (
	"fmt"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// SkipLockedCandidate finds queue polling, `SELECT ... ORDER BY ... LIMIT
// n FOR UPDATE` in a loop (or a call in a loop to a function that runs
// one), without SKIP LOCKED or NOWAIT.
//
// Every worker's poll wants the same first rows, so workers run one at a
// time: each waits for the previous worker's transaction to end (ground
// truth: experiment 6). At REPEATABLE READ an unindexed poll also locks the
// rows it skips, and a poll that finds nothing gap-locks where new jobs
// would go, blocking producers' inserts (6c, 6d). With SKIP LOCKED each
// worker gets different rows.
//
// It also reports lock options the target server does not have: SKIP
// LOCKED and NOWAIT on MySQL 5.7 and MariaDB before 10.6, and FOR SHARE on
// MariaDB and MySQL 5.7, which reject it with a syntax error (12).
var SkipLockedCandidate = &Rule{
	ID:       "skip-locked-candidate",
	Summary:  "queue poll (FOR UPDATE ... ORDER BY ... LIMIT) in a loop without SKIP LOCKED serializes workers",
	Stmt:     skipLockedCandidate,
	ViaCalls: true,
}

func skipLockedCandidate(c *Context, st *txflow.Stmt) []Finding {
	s := st.SQL()
	if s == nil || s.Kind != sqltext.KindSelect || s.Lock == sqltext.LockNone {
		return nil
	}
	if f := unsupportedLockSyntax(c, s); f != "" {
		return []Finding{{Pos: st.Pos(), Message: f}}
	}
	if s.LockOption != sqltext.LockWait || len(s.OrderBy) == 0 || !s.Limit || st.Site.Loop == nil || st.Site.Loop.InCallee || st.Site.Loop.Runner {
		return nil
	}
	if st.Site.Handle.Kind == extract.HandlePool {
		return nil // lock-outside-tx: the lock ends with the statement
	}
	if t := singleTable(c, s); t != nil && accessFor(t, s.Where).kind == accessPoint {
		return nil // one row by key: not a queue
	}
	fix := "add SKIP LOCKED so each worker takes rows no other worker holds (or NOWAIT to fail at once)"
	if !c.Server.SkipLockedAndNoWait() {
		fix = "this server has no SKIP LOCKED (MySQL 8.0+, MariaDB 10.6+): claim jobs with an atomic UPDATE ... SET worker = ? WHERE worker IS NULL LIMIT n instead"
	}
	return []Finding{{
		Pos: st.Pos(),
		Message: fmt.Sprintf("this queue poll (%s ... ORDER BY ... LIMIT) on %s runs in a loop without SKIP LOCKED or NOWAIT: concurrent workers all want the same first rows, so they run one at a time, each waiting until the previous worker's transaction ends; at REPEATABLE READ a poll that finds nothing also gap-locks where new jobs go, blocking producers' inserts. Fix: %s",
			verb(s), tableOf(st), fix),
		Related: beginRelated(st),
	}}
}

// unsupportedLockSyntax explains a lock clause the target server rejects.
func unsupportedLockSyntax(c *Context, s *sqltext.Summary) string {
	switch {
	case (s.LockOption == sqltext.LockSkipLocked || s.LockOption == sqltext.LockNoWait) && !c.Server.SkipLockedAndNoWait():
		return fmt.Sprintf("%s is not supported by %s (SKIP LOCKED and NOWAIT need MySQL 8.0+ or MariaDB 10.6+): the statement fails with a syntax error, so no row is locked or read. Fix: claim rows with an atomic UPDATE ... WHERE worker IS NULL LIMIT n, or upgrade the server",
			map[sqltext.LockOption]string{sqltext.LockSkipLocked: "SKIP LOCKED", sqltext.LockNoWait: "NOWAIT"}[s.LockOption], c.Server.Engine)
	case s.ForShareSyntax && !c.Server.ForShareSyntax():
		return fmt.Sprintf("FOR SHARE is a syntax error (1064) on %s, so the statement fails and takes no lock. Fix: write LOCK IN SHARE MODE", c.Server.Engine)
	}
	return ""
}
