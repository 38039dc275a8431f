package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/models"
)

// xorm takes a statement's conditions from its bean: the non-zero fields
// of the struct passed to Get, Exist, Count, Delete (or Find's and
// Update's condition bean). Statically that is what the function shows
// being set on it before the call; anything else is unknown.

// beanFields returns the fields of the bean e that are set (non-zero)
// where the statement runs, as far as the function shows them: a literal
// (&Account{Name: n}), new(T) or `var a T`, plus the fields assigned to
// the variable before pos. ok is false when the bean's content is not
// known (a parameter, a value some call returned).
func (q *xormQuery) beanFields(e ast.Expr, pos token.Pos) (fields []string, vals []ast.Expr, ok bool) {
	e = ast.Unparen(e)
	if u, isU := e.(*ast.UnaryExpr); isU && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return q.litFields(x)
	case *ast.CallExpr:
		if id, isID := ast.Unparen(x.Fun).(*ast.Ident); isID && id.Name == "new" && len(x.Args) == 1 {
			return nil, nil, true
		}
		return nil, nil, false
	case *ast.Ident:
		v, isVar := q.c.info.ObjectOf(x).(*types.Var)
		if !isVar {
			return nil, nil, false
		}
		return q.varFields(v, pos)
	}
	return nil, nil, false
}

// varFields reads the bean variable v at pos: the last value assigned to
// it before pos in the function (a literal, new(T), or `var v T`), in a
// block around pos, plus the fields assigned after it. A variable of an
// enclosing function that this one does not assign, or one handed by
// address to a call since, is unknown.
func (q *xormQuery) varFields(v *types.Var, pos token.Pos) (fields []string, vals []ast.Expr, ok bool) {
	body := q.c.out.Body()
	if body == nil {
		return nil, nil, false
	}
	inited, good, dirty := false, true, false
	reset := func(init ast.Expr, block ast.Node) {
		fields, vals = nil, nil
		inited, dirty = true, false
		good = block.Pos() <= pos && pos < block.End()
		if init != nil && good {
			fields, vals, good = q.initFields(init)
		}
	}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if n.Pos() >= pos {
			return false
		}
		if lit, isLit := n.(*ast.FuncLit); isLit && lit != q.c.out.Node {
			return false // runs some other time
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if q.c.info.Defs[name] != v {
					continue
				}
				var init ast.Expr
				if len(n.Values) == len(n.Names) {
					init = n.Values[i]
				} else if len(n.Values) > 0 {
					init = n.Values[0] // v, err := f(): not a literal
				}
				// ValueSpec < GenDecl < DeclStmt < its block.
				reset(init, stack[max(len(stack)-3, 0)])
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				l = ast.Unparen(l)
				if id, isID := l.(*ast.Ident); isID && q.c.info.ObjectOf(id) == v {
					if len(n.Lhs) != len(n.Rhs) || n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
						inited, good = true, false
						continue
					}
					reset(n.Rhs[i], stack[len(stack)-1])
				}
				if sel, isSel := l.(*ast.SelectorExpr); isSel {
					if id, isID := ast.Unparen(sel.X).(*ast.Ident); isID && q.c.info.ObjectOf(id) == v && len(n.Lhs) == len(n.Rhs) {
						fields, vals = append(fields, sel.Sel.Name), append(vals, n.Rhs[i])
					}
				}
			}
		case *ast.UnaryExpr:
			// &v passed somewhere before the statement: it may fill it.
			if id, isID := ast.Unparen(n.X).(*ast.Ident); isID && n.Op == token.AND && q.c.info.ObjectOf(id) == v && !within(n, q.c.expr) {
				dirty = true
			}
		}
		return true
	})
	return fields, vals, inited && good && !dirty
}

func within(n ast.Node, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// initFields reads the initial value of a bean variable: a literal's
// set fields, or none for new(T).
func (q *xormQuery) initFields(e ast.Expr) ([]string, []ast.Expr, bool) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return q.litFields(x)
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && id.Name == "new" {
			return nil, nil, true
		}
	}
	return nil, nil, false
}

// litFields reads the fields a keyed literal sets to something other
// than a constant zero.
func (q *xormQuery) litFields(l *ast.CompositeLit) (fields []string, vals []ast.Expr, ok bool) {
	var st *types.Struct
	if t := q.c.info.TypeOf(l); t != nil {
		st, _ = t.Underlying().(*types.Struct)
	}
	for i, elt := range l.Elts {
		kv, isKV := elt.(*ast.KeyValueExpr)
		if !isKV {
			// Positional: the i'th field.
			if st == nil || i >= st.NumFields() {
				return nil, nil, false
			}
			if !isZeroValue(q.c.info, elt) {
				fields, vals = append(fields, st.Field(i).Name()), append(vals, elt)
			}
			continue
		}
		key, isID := kv.Key.(*ast.Ident)
		if !isID {
			return nil, nil, false
		}
		if !isZeroValue(q.c.info, kv.Value) {
			fields, vals = append(fields, key.Name), append(vals, kv.Value)
		}
	}
	return fields, vals, true
}

// bind returns the SQL for the Go value e: a constant as its literal (a
// key fixed in the code is not chosen at run time), else a placeholder
// bound to e.
func (q *xormQuery) bind(e ast.Expr) string {
	if tv := q.c.info.Types[e]; tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.Int:
			return tv.Value.ExactString()
		case constant.String:
			return "'" + strings.ReplaceAll(constant.StringVal(tv.Value), "'", "''") + "'"
		}
	}
	q.args = append(q.args, e)
	return "?"
}

// beanConds turns the bean's set fields into conditions.
func (q *xormQuery) beanConds(m *models.Model, bean ast.Expr) bool {
	if q.noAuto {
		return true
	}
	if cond, condArgs, ok := xormCondText(q.c.info, q.c.defs, bean); ok {
		// A builder condition in the bean's place (Update(bean, cond),
		// Find(&rows, cond)) is a condition, not a bean.
		if condArgs == nil && strings.Contains(cond, "?") {
			return false
		}
		q.conds = append(q.conds, "("+cond+")")
		q.args = append(q.args, condArgs...)
		return true
	}
	fields, vals, ok := q.beanFields(bean, q.c.expr.Pos())
	if !ok {
		return false
	}
	seen := map[string]bool{}
	for i, f := range fields {
		col := m.Field(f)
		if col == nil {
			return false
		}
		if seen[col.Name] {
			continue
		}
		seen[col.Name] = true
		q.conds = append(q.conds, col.Name+" = "+q.bind(vals[i]))
	}
	for _, c := range q.must {
		if !seen[strings.ToLower(c)] {
			q.conds = append(q.conds, strings.ToLower(c)+" = ?")
			q.args = append(q.args, nil)
		}
	}
	return true
}
