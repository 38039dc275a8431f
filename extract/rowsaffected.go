package extract

import (
	"go/ast"
	"go/token"
	"go/types"
)

// ChecksRowsAffected reports whether the function looks at how many rows
// the statement s changed: it reads RowsAffected (sql.Result's method,
// GORM's field) of the statement's result and compares it, switches on
// it, returns it or passes it to another function; or it hands the result
// itself to another function or its caller, which is assumed to check it.
//
// An optimistic UPDATE (WHERE version = ?) is only safe when a lost race,
// which changes zero rows, is noticed; this is that check.
func (f *Func) ChecksRowsAffected(s *Site) bool {
	body := f.Body()
	if body == nil {
		return false
	}
	c := &rowsCheck{info: f.info, parent: map[ast.Node]ast.Node{}, uses: map[types.Object][]*ast.Ident{}}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if len(stack) > 0 {
			c.parent[n] = stack[len(stack)-1]
		}
		if id, ok := n.(*ast.Ident); ok {
			if obj, ok := f.info.Uses[id].(*types.Var); ok {
				c.uses[obj] = append(c.uses[obj], id)
			}
		}
		return true
	})
	return c.result(s.Call, 0)
}

type rowsCheck struct {
	info   *types.Info
	parent map[ast.Node]ast.Node
	uses   map[types.Object][]*ast.Ident
}

const maxCheckDepth = 6

// result reports whether the statement result e, or its RowsAffected, is
// checked.
func (c *rowsCheck) result(e ast.Expr, depth int) bool {
	if depth > maxCheckDepth {
		return false
	}
	switch p := c.up(e).(type) {
	case *ast.SelectorExpr:
		if p.X != c.down(e) || p.Sel.Name != "RowsAffected" {
			return false
		}
		if call, ok := c.up(p).(*ast.CallExpr); ok && call.Fun == c.down(p) {
			return c.checked(call, depth+1) // res.RowsAffected()
		}
		return c.checked(p, depth+1) // GORM: result.RowsAffected
	case *ast.ReturnStmt:
		return true
	case *ast.CallExpr:
		return isArg(p, c.down(e))
	case *ast.AssignStmt, *ast.ValueSpec:
		for _, obj := range c.assignedTo(p, c.down(e)) {
			for _, id := range c.uses[obj] {
				if c.result(id, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// checked reports whether the row count e is compared, switched on,
// returned or passed on.
func (c *rowsCheck) checked(e ast.Expr, depth int) bool {
	if depth > maxCheckDepth {
		return false
	}
	switch p := c.up(e).(type) {
	case *ast.BinaryExpr:
		switch p.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return true
		}
	case *ast.SwitchStmt:
		return p.Tag == c.down(e)
	case *ast.ReturnStmt:
		return true
	case *ast.CallExpr:
		return isArg(p, c.down(e))
	case *ast.AssignStmt, *ast.ValueSpec:
		for _, obj := range c.assignedTo(p, c.down(e)) {
			for _, id := range c.uses[obj] {
				if c.checked(id, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// up returns the nearest ancestor of e that is not a parenthesis.
func (c *rowsCheck) up(e ast.Node) ast.Node {
	p := c.parent[e]
	for {
		if _, ok := p.(*ast.ParenExpr); !ok {
			return p
		}
		p = c.parent[p]
	}
}

// down returns the child of up(e) that contains e: e itself, or the
// outermost parenthesis around it.
func (c *rowsCheck) down(e ast.Node) ast.Node {
	for {
		p, ok := c.parent[e].(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p
	}
}

func isArg(call *ast.CallExpr, e ast.Node) bool {
	for _, a := range call.Args {
		if a == e {
			return true
		}
	}
	return false
}

// assignedTo returns the variables that receive e in an assignment or
// declaration: the one at e's position, or the first of a multi-value
// assignment (res, err := tx.Exec(...)).
func (c *rowsCheck) assignedTo(stmt ast.Node, e ast.Node) []types.Object {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch s := stmt.(type) {
	case *ast.AssignStmt:
		lhs, rhs = s.Lhs, s.Rhs
	case *ast.ValueSpec:
		for _, n := range s.Names {
			lhs = append(lhs, n)
		}
		rhs = s.Values
	}
	for i, r := range rhs {
		if r != e {
			continue
		}
		j := i
		if len(rhs) == 1 {
			j = 0
		}
		if j < len(lhs) {
			if id, ok := ast.Unparen(lhs[j]).(*ast.Ident); ok {
				if obj := c.info.ObjectOf(id); obj != nil {
					return []types.Object{obj}
				}
			}
		}
	}
	return nil
}
