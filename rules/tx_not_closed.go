package rules

import (
	"fmt"

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
// A migration's path that returns an error is not reported: a failed
// migration stops the program that applies it (the runner hands the
// error to the start-up code, a one-off command exits), and the server
// rolls the transaction back as soon as the connection closes.
var TxNotClosed = &Rule{
	ID:      "tx-not-closed",
	Summary: "transaction not committed or rolled back on every path keeps its locks and metadata locks",
	Func:    txNotClosed,
}

func txNotClosed(c *Context, f *txflow.Func) []Finding {
	var out []Finding
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
