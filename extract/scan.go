package extract

import (
	"go/ast"
	"go/types"
)

// scanMethods read a result row into Go values.
var scanMethods = map[string]bool{"Scan": true, "StructScan": true, "MapScan": true, "SliceScan": true}

// pendingScan is a Scan call waiting to be tied to the statement whose
// row it reads: the walk meets `tx.QueryRow(q).Scan(&x)` before the inner
// QueryRow, so scans are linked once the function is walked.
type pendingScan struct {
	recv ast.Expr
	args []ast.Expr
}

// recognizeScan records Scan on *sql.Row, *sql.Rows and their sqlx
// counterparts.
func recognizeScan(c *call) bool {
	if c.fn == nil || !scanMethods[c.fn.Name()] {
		return false
	}
	pkg, name := recvNamed(c.fn)
	if pkg != pkgSQL && pkg != pkgSQLX || name != "Row" && name != "Rows" {
		return false
	}
	c.out.scans = append(c.out.scans, pendingScan{recv: receiver(c.expr), args: c.expr.Args})
	return true
}

// linkScans adds each Scan's arguments to the Dest of the statement whose
// result it reads, directly (QueryRow(...).Scan) or through a variable
// (rows, _ := Query(...); rows.Scan).
func linkScans(f *Func) {
	byCall := map[*ast.CallExpr]*Site{}
	for _, s := range f.Sites {
		byCall[s.Call] = s
	}
	for _, sc := range f.scans {
		e := ast.Unparen(sc.recv)
		if v := f.defs.value(f.info, e); v != nil {
			e = ast.Unparen(v)
		}
		if call, ok := e.(*ast.CallExpr); ok {
			if s := byCall[call]; s != nil {
				s.Dest = append(s.Dest, sc.args...)
			}
		}
	}
	f.scans = nil
}

// DestObjects returns the variables a site's results are scanned into:
// for &x, x; for &x.f, x.
func (s *Site) DestObjects(info *types.Info) []types.Object {
	var out []types.Object
	for _, d := range s.Dest {
		e := ast.Unparen(d)
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = u.X
		}
		if r := refOf(info, e); r.Valid() {
			out = append(out, r.Root)
		}
	}
	return out
}
