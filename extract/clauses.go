package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/sqltext"
)

// A data-access layer over GORM often takes its conditions as values of
// its own, clause objects its callers build with small constructors:
//
//	tx.Delete(&Project{}, dal.Where("name = ?", name))
//
// and one function of the implementation applies them to the builder,
// switching on each clause's kind:
//
//	for _, c := range clauses {
//		switch c.Kind {
//		case "where": db = db.Where(c.Data.(Expr).SQL, ...)
//		case "from":  db = db.Table(c.Data.(string))
//		}
//	}
//
// Neither side alone knows the statement. The applier's fact
// (FuncFact.Applies) says which builder method each kind feeds, and from
// which field of the clause; the statements of the DAL's methods say
// which parameter carries the clauses and which one the model
// (FactStmt.Clauses); the constructors' facts say which kind they build
// and which field holds which argument. The caller, which sees the
// constructor calls, writes the table and the WHERE into the statement.

// FactApplies says the function applies the clause values of its slice
// parameter Param to a GORM builder, by the value of each one's field
// Tag.
type FactApplies struct {
	Param int
	Tag   string // ".Type"
	Cases []FactClauseCase
}

// FactClauseCase is what a clause of one kind does.
type FactClauseCase struct {
	Value string // the kind's constant value, "Where"
	// Part is "where" (a condition), "table" (the statement's table or
	// model), "other" for methods that do not change which rows are
	// read or written (ORDER BY, LIMIT, SELECT, GROUP BY), and "" for
	// anything else (joins, locking clauses, scopes): a statement given
	// such a clause is not rewritten.
	Part string
	// Arg is the field path below the clause of the builder method's
	// argument: ".Data.Expr" for a condition's text, ".Data" for a table.
	Arg string
}

// FactClauses says a statement's table and conditions come from the
// clause values its function's caller passes as parameter Param, applied
// as Cases say, and its model from parameter Model (-1: none).
type FactClauses struct {
	Param int
	Tag   string
	Cases []FactClauseCase
	Model int
	// ModelKey says GORM adds the model value's primary key to the
	// WHERE when it is set (Delete, Save, First with a loaded value).
	ModelKey bool
}

// clauseParts classifies GORM builder methods by what they do to the
// rows a statement reads or writes.
var clauseParts = map[string]string{
	"Where": "where",
	"Table": "table", "Model": "table",
	"Order": "other", "Limit": "other", "Offset": "other", "Select": "other",
	"Group": "other", "Having": "other", "Distinct": "other", "Omit": "other",
}

// appliesOf summarizes decl as a clause applier, nil when it is none: a
// range over a slice parameter whose body switches on a field of the
// element and calls GORM builder methods with other fields.
func appliesOf(info *types.Info, decl *ast.FuncDecl, params map[types.Object]int) *FactApplies {
	var out *FactApplies
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || out != nil {
			return out == nil
		}
		id, ok := ast.Unparen(rs.X).(*ast.Ident)
		if !ok {
			return true
		}
		p, ok := params[info.Uses[id]]
		if !ok || p < 0 {
			return true
		}
		v, ok := rs.Value.(*ast.Ident)
		if !ok {
			return true
		}
		elem := info.Defs[v]
		if elem == nil {
			return true
		}
		out = clauseSwitch(info, rs.Body, elem, p)
		return out == nil
	})
	return out
}

// clauseSwitch reads the switch on a field of elem in body.
func clauseSwitch(info *types.Info, body *ast.BlockStmt, elem types.Object, param int) *FactApplies {
	alias := map[types.Object]string{elem: ""}
	var pathOf func(e ast.Expr) (string, bool)
	pathOf = func(e ast.Expr) (string, bool) {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			p, ok := alias[info.Uses[x]]
			return p, ok
		case *ast.TypeAssertExpr:
			return pathOf(x.X)
		case *ast.SelectorExpr:
			if s, ok := info.Selections[x]; ok && s.Kind() == types.FieldVal {
				if p, ok := pathOf(x.X); ok {
					return p + "." + x.Sel.Name, true
				}
			}
		}
		return "", false
	}
	var out *FactApplies
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if id, ok := n.Lhs[0].(*ast.Ident); ok {
					if p, ok := pathOf(n.Rhs[0]); ok && info.Defs[id] != nil {
						alias[info.Defs[id]] = p
					}
				}
			}
		case *ast.TypeSwitchStmt:
			// switch dd := d.(type): dd is d in every case.
			if as, ok := n.Assign.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
				if ta, ok := ast.Unparen(as.Rhs[0]).(*ast.TypeAssertExpr); ok {
					if p, ok := pathOf(ta.X); ok {
						for _, cc := range n.Body.List {
							if obj := info.Implicits[cc]; obj != nil {
								alias[obj] = p
							}
						}
					}
				}
			}
		case *ast.SwitchStmt:
			if out != nil || n.Tag == nil {
				return false
			}
			tag, ok := pathOf(n.Tag)
			if !ok || tag == "" {
				return true
			}
			// The aliases the cases use are declared before the switch
			// or inside the cases: read the cases after the switch's
			// own walk has seen them.
			out = &FactApplies{Param: param, Tag: tag}
			for _, s := range n.Body.List {
				cc := s.(*ast.CaseClause)
				ast.Inspect(cc, func(m ast.Node) bool {
					if ts, ok := m.(*ast.TypeSwitchStmt); ok {
						if as, ok := ts.Assign.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
							if ta, ok := ast.Unparen(as.Rhs[0]).(*ast.TypeAssertExpr); ok {
								if p, ok := pathOf(ta.X); ok {
									for _, tc := range ts.Body.List {
										if obj := info.Implicits[tc]; obj != nil {
											alias[obj] = p
										}
									}
								}
							}
						}
					}
					return true
				})
				part, arg := caseEffect(info, cc, pathOf)
				for _, e := range cc.List {
					tv := info.Types[e]
					if tv.Value == nil || tv.Value.Kind() != constant.String {
						continue
					}
					out.Cases = append(out.Cases, FactClauseCase{Value: constant.StringVal(tv.Value), Part: part, Arg: arg})
				}
			}
			sort.Slice(out.Cases, func(i, j int) bool { return out.Cases[i].Value < out.Cases[j].Value })
			if len(out.Cases) == 0 {
				out = nil
			}
			return false
		}
		return true
	})
	return out
}

// caseEffect is what one case does with the builder: the part of the
// statement its GORM calls change, and the clause field they read.
func caseEffect(info *types.Info, cc *ast.CaseClause, pathOf func(ast.Expr) (string, bool)) (string, string) {
	part, arg := "", ""
	calls := 0
	consistent := true
	ast.Inspect(cc, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn, _ := calleeFunc(info, call).(*types.Func)
		op, _, _, isGORM := gormMethod(fn)
		if !isGORM || op != gormBuilds {
			return true
		}
		calls++
		p := clauseParts[fn.Name()]
		if calls == 1 {
			part = p
		} else if p != part {
			consistent = false
		}
		if p == "other" || len(call.Args) == 0 {
			return true
		}
		a, ok := pathOf(call.Args[0])
		if !ok {
			return true
		}
		if arg == "" || len(a) < len(arg) {
			arg = a // Table(dd) and Table(dd.Expr): the clause's .Data
		}
		return true
	})
	if !consistent || calls == 0 || part != "other" && arg == "" {
		return "", ""
	}
	return part, arg
}

// modelKeyFinishers are the finishers that add the primary key of the
// value they are given to the WHERE when it is set.
var modelKeyFinishers = map[string]bool{
	"First": true, "Last": true, "Take": true, "Find": true, "Delete": true, "Save": true,
}

// modelFinishers are the finishers whose first argument is the model.
var modelFinishers = map[string]bool{
	"First": true, "Last": true, "Take": true, "Find": true, "Delete": true, "Save": true,
	"Create": true, "FirstOrCreate": true, "FirstOrInit": true,
}

// clausesFact is the FactClauses of a GORM statement of the declared
// function whose builder starts at a call of a clause applier given the
// function's parameter: buildTx(d.db, clauses).Delete(entity).
func (s *Site) clausesFact(f *Func, params map[types.Object]int) *FactClauses {
	if s.clauseRoot == nil || f.lookup == nil {
		return nil
	}
	fn, ok := calleeFunc(f.info, s.clauseRoot).(*types.Func)
	if !ok {
		return nil
	}
	fact := f.lookup(fn)
	if fact == nil || fact.Applies == nil {
		return nil
	}
	id, ok := ast.Unparen(argExpr(s.clauseRoot, fact.Applies.Param)).(*ast.Ident)
	if !ok {
		return nil
	}
	p, ok := params[f.info.Uses[id]]
	if !ok || p < 0 {
		return nil
	}
	out := &FactClauses{Param: p, Tag: fact.Applies.Tag, Cases: fact.Applies.Cases, Model: -1}
	if s.clauseModel == nil {
		// UpdateColumn(entity, col, v, clauses...) hands its model to a
		// helper together with the clauses (to add it as the table when
		// no clause names one), then runs Update(col, v): the model
		// names the table unless a clause does, and GORM adds its key
		// when set.
		if m := modelBesideClauses(f, params, p); m >= 0 {
			out.Model, out.ModelKey = m, true
		}
		return out
	}
	if s.clauseModel != nil {
		if id, ok := ast.Unparen(s.clauseModel).(*ast.Ident); ok {
			if m, ok := params[f.info.Uses[id]]; ok && m >= 0 {
				out.Model = m
			}
		}
		if out.Model < 0 {
			return nil // a model of its own: not written here
		}
		out.ModelKey = modelKeyFinishers[s.Method]
	}
	return out
}

// fillClauses writes into the text of a callee's statement the table and
// the conditions of the clause values call c passes (fc). It returns
// false, leaving the text alone, unless every clause is one whose kind
// and content are known and the text has the shape the callee renders.
func (f *Func) fillClauses(c *Call, fc *FactClauses, text string) (string, bool) {
	sig, _ := c.Fn.Type().(*types.Signature)
	if sig == nil || !sig.Variadic() || fc.Param != sig.Params().Len()-1 || c.Expr.Ellipsis.IsValid() {
		return "", false
	}
	table := ""
	var conds []string
	for _, a := range boundArgs(c, fc.Param) {
		cs, ok := f.clauseOf(a, fc)
		if !ok {
			return "", false
		}
		switch cs.Part {
		case "where":
			t, ok := f.clauseText(cs.arg)
			if !ok {
				return "", false
			}
			conds = append(conds, "("+t+")")
		case "table":
			t, ok := f.tableOf(cs.arg)
			if !ok {
				return "", false
			}
			table = t
		case "other":
		default:
			return "", false
		}
	}
	if fc.Model >= 0 {
		m := argExpr(c.Expr, fc.Model)
		if table == "" {
			t, ok := f.tableOf(m)
			if !ok {
				return "", false
			}
			table = t
		}
		if fc.ModelKey && !f.zeroKeyValue(m) {
			return "", false // the value's key may be set: a condition not written here
		}
	}
	if table == "" {
		return "", false
	}
	out, ok := replaceTableHole(text, table)
	if !ok {
		return "", false
	}
	const whereHole = " WHERE " + sqltext.Hole
	i := strings.Index(out, whereHole)
	if i < 0 || strings.Contains(out[i+len(whereHole):], sqltext.Hole) {
		return "", false
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return out[:i] + where + out[i+len(whereHole):], true
}

// clauseCase is a clause value's case and the expression its case reads.
type clauseCase struct {
	FactClauseCase
	arg ast.Expr
}

// clauseOf reads the clause value a: a call of a constructor whose fact
// names its kind (a ReturnFields text at the tag path) and the parameter
// held at the case's field path.
func (f *Func) clauseOf(a ast.Expr, fc *FactClauses) (clauseCase, bool) {
	e := ast.Unparen(a)
	if id, ok := e.(*ast.Ident); ok {
		e = ast.Unparen(f.defs.value(f.info, id))
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || f.lookup == nil {
		return clauseCase{}, false
	}
	fn, ok := calleeFunc(f.info, call).(*types.Func)
	if !ok {
		return clauseCase{}, false
	}
	fact := f.lookup(fn)
	if fact == nil {
		return clauseCase{}, false
	}
	kind := ""
	for _, rf := range fact.ReturnFields {
		if rf.Path == fc.Tag {
			kind = rf.Text
		}
	}
	for _, cs := range fc.Cases {
		if cs.Value != kind || kind == "" {
			continue
		}
		out := clauseCase{FactClauseCase: cs}
		if cs.Part == "other" {
			return out, true
		}
		for _, ff := range fact.Fields {
			if ff.Path == cs.Arg && ff.Param >= 0 {
				out.arg = argExpr(call, ff.Param)
				return out, out.arg != nil
			}
		}
	}
	return clauseCase{}, false
}

// clauseText is the SQL text of a condition, complete.
func (f *Func) clauseText(e ast.Expr) (string, bool) {
	t, ok := textOf(f.info, f.defs, e)
	if !ok || t == "" || strings.Contains(t, sqltext.Hole) {
		return "", false
	}
	return t, true
}

// tableOf is the table a clause or a model argument names: a constant
// string, or a value of a model type.
func (f *Func) tableOf(e ast.Expr) (string, bool) {
	if e == nil {
		return "", false
	}
	if tv, ok := f.info.Types[e]; ok && tv.Value != nil {
		if t, ok := textOf(f.info, f.defs, e); ok && t != "" && !strings.ContainsAny(t, " ?") {
			return t, true
		}
		return "", false
	}
	t := f.info.TypeOf(e)
	if t == nil || types.IsInterface(t) {
		return "", false
	}
	name := f.modelTable(t)
	return name, name != ""
}

// zeroKeyValue reports whether e is a struct literal (or its address)
// that sets no field: its primary key is zero, so GORM adds no key
// condition for it.
func (f *Func) zeroKeyValue(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	return ok && len(lit.Elts) == 0
}

// replaceTableHole writes table where the statement names its table.
func replaceTableHole(text, table string) (string, bool) {
	for _, kw := range []string{"FROM ", "UPDATE ", "INTO "} {
		if i := strings.Index(text, kw+sqltext.Hole); i >= 0 {
			return text[:i] + kw + table + text[i+len(kw)+len(sqltext.Hole):], true
		}
	}
	return "", false
}

// modelTable is the table of the GORM model a value of type t holds, ""
// when unknown.
func (f *Func) modelTable(t types.Type) string {
	obj := models.StructOf(t)
	if obj == nil {
		return ""
	}
	st := f.gorm()
	src := st.source(f.info)
	if table, _ := models.TableName(obj, *src.Source, st.namingOf(f.info)); table != "" {
		return table
	}
	if f.modelTables != nil {
		return f.modelTables(obj)
	}
	return ""
}

// modelBesideClauses is the empty-interface parameter of the declared
// function that one call receives together with the clause parameter
// (each possibly by address), or -1.
func modelBesideClauses(f *Func, params map[types.Object]int, clauseParam int) int {
	found := -1
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found >= 0 {
			return found < 0
		}
		model, clauses := -1, false
		for _, a := range call.Args {
			a = ast.Unparen(a)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = ast.Unparen(u.X)
			}
			id, ok := a.(*ast.Ident)
			if !ok {
				continue
			}
			obj := f.info.Uses[id]
			p, ok := params[obj]
			if !ok || p < 0 {
				continue
			}
			if p == clauseParam {
				clauses = true
			} else if iface, ok := obj.Type().Underlying().(*types.Interface); ok && iface.Empty() {
				model = p
			}
		}
		if clauses && model >= 0 {
			found = model
		}
		return true
	})
	return found
}

// unknownClause reports whether call c passes, among its clause values,
// one whose kind is not known to leave the rows locked alone: a locking
// clause, a join, a clause locklint cannot read.
func (f *Func) unknownClause(c *Call, fc *FactClauses) bool {
	if c.Expr.Ellipsis.IsValid() {
		return true
	}
	for _, a := range boundArgs(c, fc.Param) {
		cs, ok := f.clauseOf(a, fc)
		if !ok || cs.Part == "" {
			return true
		}
	}
	return false
}
