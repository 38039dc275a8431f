package extract

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/locklint/locklint/sqltext"
)

// A read and the write that puts its values back are often in three
// functions: a getter reads the row and returns it, the caller changes
// the struct, and a helper writes it whole.
//
//	m, err := getMilestoneByRepoID(e, repoID, id) // SELECT, no lock
//	m.NumClosedIssues++
//	return updateMilestone(e, m)                  // UPDATE of every column
//
// The getter's fact says its statement's rows are what it returns
// (FactStmt.IntoResult), the writer's that its UPDATE writes a parameter
// whole (FactStmt.WritesRow). At the caller the read's rows are the
// variable the call's first result goes to, and the write's value is the
// argument passed there: the caller's own value flow (dataflow.go) joins
// them, as if both statements were written in it.

// intoResult reports whether s is a plain read whose rows are what every
// return of decl gives as its first result: its one scan destination, or
// a callee's rows that the function returns on. Returns of nil and of a
// struct literal (the not-found paths) do not count against it; at least
// one return must give the rows.
func (f *Func) intoResult(s *Site, decl *ast.FuncDecl) bool {
	if s.SQL == nil || s.SQL.Kind != sqltext.KindSelect || s.SQL.Lock != sqltext.LockNone {
		return false
	}
	var rows types.Object
	switch {
	case s.Via != nil && s.viaRows != nil:
		rows = f.info.Uses[asIdent(s.viaRows)]
	case s.Via == nil && len(s.Dest) == 1:
		if r := lhsRef(f.info, s.Dest[0]); r.Valid() && r.Path == "" {
			rows = r.Root
		}
	}
	if rows == nil && s.Via == nil {
		return false
	}
	found := false
	all := everyFirstResult(decl, func(_ *ast.ReturnStmt, e ast.Expr) bool {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if _, lit := ast.Unparen(u.X).(*ast.CompositeLit); lit {
				return true
			}
			e = ast.Unparen(u.X) // return &user: the variable read into
		}
		if _, lit := e.(*ast.CompositeLit); lit {
			return true
		}
		if s.Via != nil && e == ast.Expr(s.Via.Expr) {
			found = true // return getX(e, id)
			return true
		}
		if id := asIdent(e); id != nil && rows != nil && f.info.Uses[id] == rows {
			found = true
			return true
		}
		return false
	})
	return all && found
}

// asIdent is e as an identifier, or nil.
func asIdent(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// firstResultVar is the variable the first result of call goes to (`m,
// err := getX(e, id)`), or nil.
func (f *Func) firstResultVar(call *ast.CallExpr) ast.Expr {
	var out ast.Expr
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		if out != nil {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != ast.Expr(call) {
			return true
		}
		if id := asIdent(as.Lhs[0]); id != nil && id.Name != "_" {
			out = id
		}
		return false
	})
	return out
}

// rowParam reports whether s is an UPDATE that writes, whole, a struct the
// function's caller passes (a parameter, or the receiver, it never
// assigns), and which one, through which library.
func (f *Func) rowParam(s *Site, params map[types.Object]int) (int, Framework, bool) {
	row := s.RowValue()
	if row == nil {
		return 0, 0, false
	}
	if u, ok := ast.Unparen(row).(*ast.UnaryExpr); ok && u.Op == token.AND {
		row = u.X
	}
	id := asIdent(row)
	if id == nil {
		return 0, 0, false
	}
	obj := f.info.Uses[id]
	p, ok := params[obj]
	if !ok {
		return 0, 0, false
	}
	if decl, isDecl := f.Node.(*ast.FuncDecl); !isDecl || ChangedVars(f.info, decl.Body)[obj] {
		return 0, 0, false
	}
	return p, s.Framework, true
}
