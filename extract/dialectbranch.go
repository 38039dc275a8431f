package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// Code that supports several databases from one package picks each
// statement by the driver's or dialect's name:
//
//	if db.driverName == "sqlite3" { ... } else { ... }
//	if gdb.Dialector.Name() == "mysql" { ... } else { ... }
//	switch dialect { case "postgres": ... }
//
// A branch taken only when that name is another server's sends its
// statements to that server: they are neither MySQL statements nor MySQL
// text, so they are not read.

// foreignBranches returns the blocks and case clauses of body that run
// only when a driver or dialect name equals another server's name.
func foreignBranches(info *types.Info, body ast.Node) map[ast.Node]bool {
	var out map[ast.Node]bool
	add := func(n ast.Node) {
		if n == nil {
			return
		}
		if out == nil {
			out = map[ast.Node]bool{}
		}
		out[n] = true
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			b, op, ok := driverComparison(info, n.Cond)
			if !ok {
				return true
			}
			foreign := b != BackendMySQL
			if op == token.NEQ {
				foreign = !foreign
			}
			if foreign {
				add(n.Body)
			} else if n.Else != nil {
				add(n.Else)
			}
		case *ast.SwitchStmt:
			if !dialectSwitch(info, n) {
				return true
			}
			for _, s := range n.Body.List {
				cc, ok := s.(*ast.CaseClause)
				if !ok || len(cc.List) == 0 {
					continue
				}
				all := true
				for _, v := range cc.List {
					if b := constBackend(info, v); b == BackendUnknown || b == BackendMySQL {
						all = false
					}
				}
				if all {
					add(cc)
				}
			}
		}
		return true
	})
	return out
}

// dialectSwitch reports whether sw picks its case by a driver's or
// dialect's name: its tag is called so (driverNamed), or, a string that
// is not a constant, its cases name two servers or more
// (`switch conf.Database.Type { case "mysql": ... case "postgres": ... }`).
func dialectSwitch(info *types.Info, sw *ast.SwitchStmt) bool {
	if sw.Tag == nil {
		return false
	}
	if driverNamed(info, sw.Tag) {
		return true
	}
	if tv, ok := info.Types[sw.Tag]; !ok || tv.Value != nil {
		return false
	} else if b, ok := tv.Type.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return false
	}
	return len(switchBackends(info, sw)) > 1
}

// switchBackends lists the servers sw's case constants name.
func switchBackends(info *types.Info, sw *ast.SwitchStmt) []Backend {
	var out []Backend
	for _, s := range sw.Body.List {
		cc, ok := s.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, v := range cc.List {
			if b := constBackend(info, v); b != BackendUnknown && !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
	}
	return out
}

// namesMySQLBranch reports whether n is a dialect switch with a case for
// MySQL, or a comparison of a driver's name with MySQL's: the code has a
// branch for MySQL, so it talks to MySQL among others.
func namesMySQLBranch(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.SwitchStmt:
		return dialectSwitch(info, n) && slices.Contains(switchBackends(info, n), BackendMySQL)
	case *ast.BinaryExpr:
		b, _, ok := driverComparison(info, n)
		return ok && b == BackendMySQL
	}
	return false
}

// mysqlCase reports whether cc is the case of the dialect switch sw that
// MySQL takes: one of its values names MySQL.
func mysqlCase(info *types.Info, sw *ast.SwitchStmt, cc *ast.CaseClause) bool {
	if !dialectSwitch(info, sw) {
		return false
	}
	for _, v := range cc.List {
		if constBackend(info, v) == BackendMySQL {
			return true
		}
	}
	return false
}

// mysqlCondition reports whether cond holds exactly when the server is
// MySQL: `name == "mysql"`.
func mysqlCondition(info *types.Info, cond ast.Expr) bool {
	b, op, ok := driverComparison(info, cond)
	return ok && b == BackendMySQL && op == token.EQL
}

// driverComparison reads cond as `name == "server"` or `name != "server"`
// where name is a driver or dialect name and "server" a name drivers
// register (driverNames): the server's backend and the operator.
func driverComparison(info *types.Info, cond ast.Expr) (Backend, token.Token, bool) {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.EQL && be.Op != token.NEQ {
		return BackendUnknown, 0, false
	}
	for _, pair := range [][2]ast.Expr{{be.X, be.Y}, {be.Y, be.X}} {
		if b := constBackend(info, pair[1]); b != BackendUnknown && driverNamed(info, pair[0]) {
			return b, be.Op, true
		}
	}
	return BackendUnknown, 0, false
}

// constBackend is the backend a constant string names as a driver.
func constBackend(info *types.Info, e ast.Expr) Backend {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return BackendUnknown
	}
	return driverNames[strings.ToLower(constant.StringVal(tv.Value))]
}

// driverNamed reports whether e, not a constant, is a driver's or
// dialect's name by what the code calls it (db.driverName,
// cfg.Database.Dialect, gdb.Dialector.Name(), client.Dialect().Name())
// or by its type (xorm's schemas.DBType, which db.Type() returns).
func driverNamed(info *types.Info, e ast.Expr) bool {
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return false
	}
	t := info.TypeOf(e)
	if t == nil {
		return false
	} else if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return false
	}
	s := strings.ToLower(types.ExprString(e))
	if n, ok := types.Unalias(t).(*types.Named); ok {
		s += " " + strings.ToLower(n.Obj().Name())
	}
	return strings.Contains(s, "driver") || strings.Contains(s, "dialect") || strings.Contains(s, "dbtype")
}

// inForeignBranch reports whether pos lies in one of the branches.
func inForeignBranch(branches map[ast.Node]bool, pos token.Pos) bool {
	for b := range branches {
		if b.Pos() <= pos && pos < b.End() {
			return true
		}
	}
	return false
}

// dropForeignSites removes the statements that lie in the branches.
// Transaction events and helper calls stay: a Rollback in such a branch
// still ends the transaction on that path.
func dropForeignSites(f *Func, branches map[ast.Node]bool) {
	if len(branches) == 0 {
		return
	}
	sites := f.Sites[:0]
	for _, s := range f.Sites {
		if !inForeignBranch(branches, s.Pos) {
			sites = append(sites, s)
		}
	}
	f.Sites = sites
}
