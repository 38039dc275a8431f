package rules

import (
	"fmt"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// TxNotClosed finds transactions that some path leaves neither committed
// nor rolled back.
//
// An open transaction keeps every row lock it took, and the metadata lock
// of every table it touched, even one it only read with a plain SELECT
// (ground truth: experiment 13b). Row locks block writers; the metadata
// lock blocks ALTER TABLE, and a waiting ALTER blocks every later query on
// the table (13c). database/sql rolls the transaction back only when the
// context given to BeginTx is canceled, or when the connection is closed.
// `defer tx.Rollback()` right after Begin closes every path (a Rollback
// after Commit does nothing). Transactions that escape the function
// (returned, stored, handed to unknown code) are the caller's business.
//
// BEGIN or START TRANSACTION sent as text through the pool is reported
// too: the pool runs it on whichever connection it picks and takes that
// connection back still inside the transaction, so the statements after
// it may run on other connections, each committing on its own, the
// COMMIT or ROLLBACK may reach a connection with nothing to end, and
// whoever gets the BEGIN's connection next works inside a transaction
// that keeps its row locks until a COMMIT happens to reach it
// (TestTxNotClosed_BeginOnPoolSpansConnections). On a *sql.Conn, or a
// pool pinned to one connection, BEGIN and COMMIT meet the same session.
//
// A migration's path that returns an error is not reported: a failed
// migration stops the program that applies it (the runner hands the
// error to the start-up code, a one-off command exits), and the server
// rolls the transaction back as soon as the connection closes.
var TxNotClosed = &Rule{
	ID:      "tx-not-closed",
	Summary: "transaction not committed or rolled back on every path keeps its locks and metadata locks",
	Func:    txNotClosed,
	// A transaction a test leaves open holds its locks as any other.
	RunsInTests: true,
}

func txNotClosed(c *Context, f *txflow.Func) []Finding {
	out := beginsOnPool(f)
	for _, l := range f.Leaks(c.Fset) {
		if l.ReturnsError && f.Extract.MigrationCode() {
			continue
		}
		where := "when the function falls off its end"
		var related []Related
		if l.Return != nil {
			where = fmt.Sprintf("on the path through the return at line %d", c.Fset.Position(l.Return.Pos()).Line)
			related = append(related, Related{Pos: l.Return.Pos(), Message: "the transaction is still open when this returns"})
		}
		fix := fmt.Sprintf("defer %s.Rollback() right after checking Begin's error (it does nothing after Commit)", l.Tx.Ref.Root.Name())
		if b := l.Tx.Begin; b != nil && b.Helper != "" {
			fix = fmt.Sprintf("roll %s back on every path that does not commit it, right after checking %s's error", l.Tx.Ref.Root.Name(), b.Helper)
		}
		fd := Finding{
			Pos: l.Tx.BeginPos(),
			Message: fmt.Sprintf("the transaction begun here is neither committed nor rolled back %s: InnoDB keeps its row locks and the metadata locks of every table it touched until the context given to BeginTx is canceled or the connection is closed, blocking writers and ALTER TABLE meanwhile. Fix: %s",
				where, fix),
			Related: related,
		}
		if l.Fix != nil {
			fd.Fixes = append(fd.Fixes, *l.Fix)
		}
		out = append(out, fd)
	}
	return out
}

// beginsOnPool finds BEGIN sent as text through the pool, with the same
// handle's COMMIT and ROLLBACK texts as related positions. A helper that
// knew its handle reported its own BEGIN.
func beginsOnPool(f *txflow.Func) []Finding {
	var out []Finding
	for _, st := range f.Stmts {
		s, h := st.SQL(), st.Site.Handle
		if s == nil || s.Kind != sqltext.KindBegin || h.Kind != extract.HandlePool || h.Pinned || st.Site.JudgedInCallee() {
			continue
		}
		fd := Finding{Pos: st.Pos(), Message: fmt.Sprintf(
			"BEGIN%s runs on the pool (%s): it opens a transaction on whichever connection the pool picks, and that connection goes back to the pool still inside it. The statements after it may run on other connections, each committing on its own, and a COMMIT or ROLLBACK sent the same way may reach a connection with nothing to end; whoever gets the BEGIN's connection next works inside that transaction, and InnoDB keeps its row locks until a COMMIT or ROLLBACK happens to reach that connection. Fix: begin with BeginTx and run the statements and Commit on the transaction, or take one connection with db.Conn(ctx) and send BEGIN, the statements and COMMIT on it",
			via(st), h.Type)}
		for _, o := range f.Stmts {
			if os := o.SQL(); os != nil && (os.Kind == sqltext.KindCommit || os.Kind == sqltext.KindRollback) && o.Site.Handle.Ref == h.Ref {
				fd.Related = append(fd.Related, Related{Pos: o.Pos(), Message: "runs on whichever connection the pool picks, not necessarily the one that ran BEGIN"})
			}
		}
		out = append(out, fd)
	}
	return out
}
