package extract

import (
	"go/ast"
	"go/types"
)

// A helper that deletes (or inserts) whatever beans its caller passes,
// one statement each,
//
//	func deleteBeans(e Engine, beans ...any) error {
//		for i := range beans {
//			if _, err := e.Delete(beans[i]); err != nil {
//				return err
//			}
//		}
//		return nil
//	}
//
// sends statements only its callers can write: deleteBeans(sess,
// &Access{RepoID: repo.ID}, &Watch{RepoID: repo.ID}) deletes access and
// watch rows by repo_id. Its fact keeps the finisher and the parameter
// (FactStmt.BeanEach); each caller writes one statement per bean it
// passes as a literal, as if it called the finisher on it itself.

// xormEachBean returns the variadic parameter whose elements the finisher
// of c is given as its bean, one at a time: beans[i] in a range over
// beans, or the value of `for _, bean := range beans`. The chain must add
// nothing to the statement (e.Delete(beans[i]) on the handle itself).
func xormEachBean(c *call, ch *xormChain) (int, bool) {
	name := c.fn.Name()
	if name != "Delete" && name != "Insert" && name != "InsertOne" || len(c.expr.Args) != 1 || len(ch.links) > 0 {
		return 0, false
	}
	decl, ok := c.out.Node.(*ast.FuncDecl)
	if !ok {
		return 0, false
	}
	sig, ok := c.info.TypeOf(decl.Name).(*types.Signature)
	if !ok || !sig.Variadic() {
		return 0, false
	}
	last := sig.Params().At(sig.Params().Len() - 1)
	elem := func(e ast.Expr) bool { id := identOf(e); return id != nil && c.info.ObjectOf(id) == last }
	arg := ast.Unparen(c.expr.Args[0])
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || found || !elem(rs.X) || !within(c.expr, rs.Body) {
			return !found
		}
		switch a := arg.(type) {
		case *ast.IndexExpr:
			// for i := range beans { e.Delete(beans[i]) }
			found = elem(a.X) && rs.Key != nil && identOf(a.Index) != nil && identOf(rs.Key) != nil && c.info.ObjectOf(identOf(a.Index)) == c.info.ObjectOf(identOf(rs.Key))
		case *ast.Ident:
			// for _, bean := range beans { e.Delete(bean) }
			found = rs.Value != nil && identOf(rs.Value) != nil && c.info.ObjectOf(a) == c.info.ObjectOf(identOf(rs.Value))
		}
		return !found
	})
	if !found {
		return 0, false
	}
	return sig.Params().Len() - 1, true
}

// beanSites writes, for a callee's statement whose bean is each element
// of its variadic parameter (FactStmt.BeanEach), one statement per bean
// the call passes: the finisher's statement on that bean, read as if the
// caller had called it. Beans it cannot read (a variable, a slice passed
// on with ...) give no statement.
func (f *Func) beanSites(c *Call, k int, fs FactStmt, lookup FactLookup) []*Site {
	if c.Expr.Ellipsis.IsValid() {
		return nil
	}
	var out []*Site
	for i := fs.BeanParam; i < len(c.Expr.Args); i++ {
		bean := c.Expr.Args[i]
		s := f.viaSite(c, k, fs, lookup)
		q := &xormQuery{c: &call{info: f.info, defs: f.defs, expr: c.Expr, out: f}, onPool: s.Handle.Kind == HandlePool}
		text, args, _ := q.finish(fs.Method, []ast.Expr{bean})
		if text == "" {
			continue
		}
		s.Text, s.Args, s.Holes = text, args, nil
		s.SQL = summarize(text)
		s.Framework = XORM
		s.bean = i - fs.BeanParam + 1
		out = append(out, s)
	}
	return out
}
