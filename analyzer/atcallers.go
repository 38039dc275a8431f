package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/txflow"
)

// callersTx holds the helpers that receive their transaction as a
// parameter and that only this package's transactions ever hand it to:
// the helper is unexported, used by direct calls alone, and every
// statement it runs for each call runs in a transaction of the caller.
// Such a helper is judged in itself, at the level its callers'
// transactions run at, and its callers do not judge a pair of its
// statements again (rules.Context.HelperJudges): one problem, one
// finding, where the statements are.
//
// A helper that other packages may call (exported), that is used other
// than by direct calls (a function value), or that some caller runs
// outside a transaction is judged as before, at the server's default
// level, and its pairs again at its callers.
type callersTx struct {
	helpers map[*types.Func]bool
}

// helperJudges reports whether the function call runs judges the
// statements it runs in the caller's transaction itself.
func (h *callersTx) helperJudges(c *extract.Call) bool {
	return h != nil && c != nil && c.Fn != nil && h.helpers[c.Fn]
}

// findCallersTx finds those helpers and sets the isolation level of the
// transactions they receive to the one level all their calls run at.
func findCallersTx(info *types.Info, decls []*decl, flows []*txflow.Func) *callersTx {
	uses := map[*types.Func]int{}
	for _, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok {
			uses[fn]++
		}
	}
	flowOf := map[*extract.Func]*txflow.Func{}
	for _, tf := range flows {
		flowOf[tf.Extract] = tf
	}
	calls := map[*types.Func][]*extract.Call{}
	for _, d := range decls {
		for _, f := range d.funcs {
			for _, c := range f.Calls {
				if c.Fn != nil {
					calls[c.Fn] = append(calls[c.Fn], c)
				}
			}
		}
	}
	// callerTxs returns the caller's transactions that the statements fn
	// runs for call c run in; nil when one of them runs outside a
	// transaction, or there are none.
	callerTxs := func(c *extract.Call) []*txflow.Tx {
		if c.Defer || c.Go {
			return nil
		}
		tf := flowOf[c.InFunc]
		if tf == nil {
			return nil
		}
		var out []*txflow.Tx
		for _, st := range tf.Stmts {
			if st.Site.Via == nil || st.Site.Via.Expr != c.Expr {
				continue
			}
			if st.Tx == nil {
				return nil
			}
			out = append(out, st.Tx)
		}
		return out
	}
	h := &callersTx{helpers: map[*types.Func]bool{}}
	// received maps each helper's parameter transaction to the callers'
	// transactions that hand it over.
	received := map[*txflow.Tx][]*txflow.Tx{}
	for _, tf := range flows {
		fd, ok := tf.Extract.Node.(*ast.FuncDecl)
		if !ok {
			continue
		}
		obj, _ := info.Defs[fd.Name].(*types.Func)
		if obj == nil || obj.Exported() || len(calls[obj]) == 0 || len(calls[obj]) != uses[obj] {
			continue
		}
		var from []*txflow.Tx
		for _, c := range calls[obj] {
			txs := callerTxs(c)
			if txs == nil {
				from = nil
				break
			}
			from = append(from, txs...)
		}
		if from == nil {
			continue
		}
		params := obj.Type().(*types.Signature).Params()
		for _, tx := range tf.Txs {
			if tx.Begin == nil && tx.Ref.Path == "" && isParam(params, tx.Ref.Root) {
				h.helpers[obj] = true
				received[tx] = from
			}
		}
	}
	// A level and the Begins flow down one helper per round: a helper
	// called by a helper gets them once that one has them.
	for range maxFactRounds {
		changed := false
		for tx, from := range received {
			if tx.Isolation == sqltext.IsolationUnknown {
				if l := commonLevel(from); l != sqltext.IsolationUnknown {
					tx.Isolation = l
					changed = true
				}
			}
			if begins := callerBegins(from); len(begins) > len(tx.CallerBegins) {
				tx.CallerBegins = begins
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return h
}

// callerBegins lists, sorted and once each, where txs begin, or where
// the transactions they received begin.
func callerBegins(txs []*txflow.Tx) []token.Pos {
	var out []token.Pos
	for _, tx := range txs {
		if p := tx.BeginPos(); p.IsValid() {
			out = append(out, p)
		} else {
			out = append(out, tx.CallerBegins...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// commonLevel is the isolation level every one of txs runs at, or
// IsolationUnknown when they differ or one is not known.
func commonLevel(txs []*txflow.Tx) sqltext.Isolation {
	l := txs[0].Isolation
	for _, tx := range txs[1:] {
		if tx.Isolation != l {
			return sqltext.IsolationUnknown
		}
	}
	return l
}

// isParam reports whether v is one of params.
func isParam(params *types.Tuple, v types.Object) bool {
	for p := range params.Variables() {
		if p == v {
			return true
		}
	}
	return false
}
