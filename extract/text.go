package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

const maxTextDepth = 8

// textOf recovers the SQL text of e: constants (from any file or package),
// concatenations, fmt.Sprintf with a constant format (and the arguments
// whose text is known), local variables (the assignment that reaches the
// use), package-level variables the package never changes, fields that
// only ever hold one text, elements of maps of fragments with a constant
// key, and the results of functions and methods whose fact says what text
// they return (also as a field of a returned query object). Text inserted
// at run time becomes sqltext.Hole. It reports false when nothing of the
// text is known.
func textOf(info *types.Info, d defs, e ast.Expr) (string, bool) {
	s, _, ok := textAndHoles(info, d, e)
	return s, ok
}

// textAndHoles is textOf that also says where the text of each hole comes
// from, in text order, for messages: "field s.table", "parameter name".
func textAndHoles(info *types.Info, d defs, e ast.Expr) (string, []string, bool) {
	w := &textWalk{info: info, d: d}
	s, ok := w.text(e, 0)
	if !ok || strings.TrimSpace(strings.ReplaceAll(s, sqltext.Hole, "")) == "" {
		return "", nil, false
	}
	return s, w.holes, true
}

// textWalk recovers one text.
type textWalk struct {
	info  *types.Info
	d     defs
	holes []string // what fills each hole written so far
	quiet bool     // a walk whose holes are not recorded
	// pick is the implementation (type name) whose query object a field
	// of an interface call's result takes; alts collects the
	// implementations met while pick is empty.
	pick string
	alts *[]string
	// bind holds the text of the parameters of a helper whose result is
	// being read for one call (inlineText): the caller's constants.
	bind map[types.Object]string
}

// hole records n holes filled from what.
func (w *textWalk) hole(n int, what string) {
	for ; n > 0 && !w.quiet; n-- {
		w.holes = append(w.holes, what)
	}
}

func textOfDepth(info *types.Info, d defs, e ast.Expr, depth int) (string, bool) {
	w := &textWalk{info: info, d: d, quiet: true}
	return w.text(e, depth)
}

// maxAlts bounds the implementations a site is judged for.
const maxAlts = 4

// textAlternatives recovers the text of e once per implementation when it
// depends on which implementation of an interface method returned the
// query object it reads (FuncFact.ReturnAlts).
func textAlternatives(info *types.Info, d defs, e ast.Expr) []SiteAlt {
	var names []string
	w := &textWalk{info: info, d: d, alts: &names}
	if _, ok := w.text(e, 0); ok || len(names) == 0 || len(names) > maxAlts {
		return nil
	}
	var out []SiteAlt
	for _, impl := range names {
		w := &textWalk{info: info, d: d, pick: impl}
		s, ok := w.text(e, 0)
		if !ok || strings.TrimSpace(strings.ReplaceAll(s, sqltext.Hole, "")) == "" {
			return nil // one implementation's statement is not known: no case is complete
		}
		out = append(out, SiteAlt{Impl: impl, Text: s, Holes: w.holes})
	}
	return out
}

func (w *textWalk) text(e ast.Expr, depth int) (string, bool) {
	info, d := w.info, w.d
	if depth > maxTextDepth || e == nil {
		return "", false
	}
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value), true
		}
		return "", false
	}
	if t, holes, ok := squirrelText(info, d, e); ok {
		// A query builder given where SQL goes: the SQL it renders.
		if !w.quiet {
			w.holes = append(w.holes, holes...)
		}
		return t, true
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		// A statement written as a long chain of + is one level deep:
		// its operands are walked side by side, not nested.
		n := len(w.holes)
		var b strings.Builder
		known := false
		for _, op := range addOperands(e) {
			m := len(w.holes)
			t, ok := w.text(op, depth+1)
			if !ok {
				w.holes = w.holes[:m]
				t = sqltext.Hole
				w.hole(1, describeExpr(info, d, op))
			}
			known = known || ok
			b.WriteString(t)
		}
		if !known {
			w.holes = w.holes[:n]
			return "", false
		}
		return b.String(), true
	case *ast.Ident:
		if t, ok := w.bind[info.Uses[e]]; ok {
			return t, true
		}
		as, init, ok := d.reachingAssigns(info, e)
		if !ok {
			return "", false
		}
		if init != nil {
			return w.text(init, depth+1)
		}
		return w.alternatives(e, as, depth)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok && sel.Kind() == types.FieldVal {
			t, ok := w.fieldText(e, depth)
			w.hole(strings.Count(t, sqltext.Hole), describeExpr(info, d, e))
			return t, ok
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
			// pkg.Var: a template of another package.
			t, ok := d.pkg.importedText(v)
			w.hole(strings.Count(t, sqltext.Hole), types.ExprString(e))
			return t, ok
		}
	case *ast.IndexExpr:
		return w.elementText(e, depth)
	case *ast.CallExpr:
		if isFunc(info, e, "fmt", "Sprintf") && len(e.Args) > 0 {
			format, ok := w.text(e.Args[0], depth+1)
			if !ok {
				return "", false
			}
			args := formatArgs(info, e.Args[1:], func(a ast.Expr) (string, bool) {
				n := len(w.holes)
				t, ok := w.text(a, depth+1)
				if !ok {
					w.holes = w.holes[:n]
				}
				return t, ok
			})
			unknown := func(arg int) {
				if arg >= 0 && arg+1 < len(e.Args) {
					w.hole(1, describeExpr(info, d, e.Args[arg+1]))
				} else {
					w.hole(1, "a format argument")
				}
			}
			return fillFormat(format, args, unknown), true
		}
		if q := rewrittenQuery(info, e); q != nil {
			return w.text(q, depth+1)
		}
		if t, _, holes, ok := squirrelToSQL(info, d, e); ok {
			if !w.quiet {
				w.holes = append(w.holes, holes...)
			}
			return t, true
		}
		if t, ok := goquToSQL(info, d, e); ok {
			return t, true
		}
		if t, _, holes, ok := sqlbuilderBuild(info, d, e); ok {
			if !w.quiet {
				w.holes = append(w.holes, holes...)
			}
			return t, true
		}
		if s, old, repl, n, ok := stringsReplace(info, e); ok {
			m := len(w.holes)
			t, ok := w.text(s, depth+1)
			if !ok {
				w.holes = w.holes[:m]
				return "", false
			}
			if t, ok = replaceKnown(t, old, repl, n); !ok {
				w.holes = w.holes[:m]
				return "", false
			}
			return t, true
		}
		if name, ok := xormQuoted(info, e); ok {
			t, ok := w.text(name, depth+1)
			if !ok || strings.Contains(t, sqltext.Hole) {
				return "", false
			}
			return quoteIdentifier(t), true
		}
		if t, ok := w.inlineText(e, depth); ok {
			return t, true
		}
		if fact := d.fact(info, e); fact != nil && fact.Returns != "" {
			w.hole(strings.Count(fact.Returns, sqltext.Hole), returnedBy(info, e))
			return fact.Returns, true
		}
	}
	return "", false
}

// inlineText reads the text a helper of this package returns for one call
// whose arguments are constants: `db.typeVarChar(255)` over `return
// fmt.Sprintf("VARCHAR(%d)", n)` is "VARCHAR(255)", where the helper's
// own fact only knows a hole. Every return of the helper (outside
// branches for another server's driver) must give the same text.
func (w *textWalk) inlineText(call *ast.CallExpr, depth int) (string, bool) {
	info, d := w.info, w.d
	if d.pkg == nil {
		return "", false
	}
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok || fn.Pkg() != d.pkg.types {
		return "", false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Variadic() || sig.Params().Len() != len(call.Args) || sig.Results().Len() != 1 {
		return "", false
	}
	if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return "", false
	}
	decl := d.pkg.funcDecl(fn)
	if decl == nil || decl.Body == nil {
		return "", false
	}
	bind := map[types.Object]string{}
	for i, a := range call.Args {
		v := info.Types[a].Value
		if v == nil {
			continue
		}
		switch v.Kind() {
		case constant.String:
			bind[sig.Params().At(i)] = constant.StringVal(v)
		case constant.Int:
			bind[sig.Params().At(i)] = v.ExactString()
		}
	}
	if len(bind) == 0 {
		return "", false
	}
	cd, ok := d.pkg.defs[decl]
	if !ok {
		cd = collectDefsIn(d.pkg, info, decl)
	}
	inner := &textWalk{info: info, d: cd, quiet: true, bind: bind}
	foreign := foreignBranches(info, decl.Body)
	text, seen := "", false
	ok = eachReturn(decl.Body, func(n *ast.ReturnStmt) bool {
		if inForeignBranch(foreign, n.Pos()) {
			return true
		}
		if len(n.Results) != 1 {
			return false
		}
		t, tok := inner.text(n.Results[0], depth+1)
		if !tok || seen && t != text || strings.Contains(t, sqltext.Hole) {
			return false
		}
		text, seen = t, true
		return true
	})
	if !ok || !seen {
		return "", false
	}
	return text, true
}

// addOperands flattens a chain of string concatenations, a + b + c, into
// its operands in order. A constant part of the chain stays one operand.
func addOperands(e *ast.BinaryExpr) []ast.Expr {
	var out []ast.Expr
	var walk func(x ast.Expr)
	walk = func(x ast.Expr) {
		if b, ok := ast.Unparen(x).(*ast.BinaryExpr); ok && b.Op == token.ADD {
			walk(b.X)
			walk(b.Y)
			return
		}
		out = append(out, x)
	}
	walk(e.X)
	walk(e.Y)
	return out
}

// alternatives recovers the text a variable holds at a use that several
// assignments may reach. It is known when they all agree, or all are the
// same statement (they differ in the columns they return, say), or when
// the others only append conditions to the shortest one, as filters are
// built (`q := "... WHERE a = ?"; if b != "" { q += " AND b = ?" }`):
// then the appended part is a hole and the facts common to all are kept,
// as long as they agree on everything but the WHERE clause.
func (w *textWalk) alternatives(id *ast.Ident, as []*assignment, depth int) (string, bool) {
	texts := make([]string, len(as))
	n := len(w.holes)
	for i, a := range as {
		var e ast.Expr
		switch {
		case a.value != nil:
			e = a.value
		case a.appended != nil:
			e = &ast.BinaryExpr{X: a.lhs, OpPos: a.lhs.End(), Op: token.ADD, Y: a.appended}
		default:
			return "", false
		}
		var t string
		var ok bool
		if i == 0 {
			t, ok = w.text(e, depth+1)
		} else {
			t, ok = textOfDepth(w.info, w.d, e, depth+1)
		}
		if !ok {
			w.holes = w.holes[:n]
			return "", false
		}
		texts[i] = t
	}
	same := true
	for _, t := range texts[1:] {
		same = same && (t == texts[0] || sqltext.Equivalent(summarize(t), summarize(texts[0])))
	}
	if same {
		return texts[0], true
	}
	w.holes = w.holes[:n]
	short := texts[0]
	for _, t := range texts {
		if len(t) < len(short) {
			short = t
		}
	}
	merged := short + " " + sqltext.Hole
	m := summarize(merged)
	for _, t := range texts {
		if !strings.HasPrefix(t, short) || !sqltext.SameShape(m, summarize(t)) {
			return "", false
		}
	}
	// The holes of the shortest text, then the appended part.
	w.hole(strings.Count(short, sqltext.Hole), "variable "+id.Name)
	w.hole(1, "what is appended to variable "+id.Name)
	return merged, true
}

// describeExpr names the Go expression that fills a hole, for messages:
// "field s.table", "parameter name", "variable t", "s.tableName()".
func describeExpr(info *types.Info, d defs, e ast.Expr) string {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		if v, ok := info.ObjectOf(x).(*types.Var); ok {
			if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
				return "variable " + x.Name
			}
			if len(d.assigns[v]) == 0 && !d.escaped[v] {
				return "parameter " + x.Name // a local variable is declared somewhere
			}
			return "variable " + x.Name
		}
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[x]; ok && sel.Kind() == types.FieldVal {
			return "field " + types.ExprString(x)
		}
	case *ast.CallExpr:
		return "the result of " + calleeName(info, x)
	}
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// calleeName names the function a call calls, for messages.
func calleeName(info *types.Info, call *ast.CallExpr) string {
	if fn, ok := calleeFunc(info, call).(*types.Func); ok {
		if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
			t := recv.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := types.Unalias(t).(*types.Named); ok {
				return n.Obj().Name() + "." + fn.Name()
			}
		}
		return fn.Name()
	}
	s := types.ExprString(call.Fun)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// returnedBy describes where the run-time text a helper returns comes
// from: the arguments it is passed, or, when it takes none, what it reads
// itself (fields of its receiver, package state).
func returnedBy(info *types.Info, call *ast.CallExpr) string {
	if len(call.Args) == 0 {
		return "what " + calleeName(info, call) + " returns"
	}
	return "what is passed to " + calleeName(info, call)
}

// fact is the fact of the function or method call calls statically, when
// facts are known.
func (d defs) fact(info *types.Info, call *ast.CallExpr) *FuncFact {
	if d.pkg == nil || d.pkg.lookup == nil {
		return nil
	}
	fn, ok := calleeFunc(info, call).(*types.Func)
	if !ok {
		return nil
	}
	return d.pkg.lookup(fn)
}

// fieldText recovers the text of x.f: from the struct literal x holds,
// from the fact of the call that returned x (a query object), or from
// what the package ever stores in f.
func (w *textWalk) fieldText(e *ast.SelectorExpr, depth int) (string, bool) {
	info, d := w.info, w.d
	field, _ := info.ObjectOf(e.Sel).(*types.Var)
	if field == nil {
		return "", false
	}
	x := ast.Unparen(e.X)
	if v := d.value(info, x); v != nil {
		x = ast.Unparen(v)
	}
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	switch x := x.(type) {
	case *ast.CompositeLit:
		if v := literalField(info, x, field); v != nil {
			return textOfDepth(info, d, v, depth+1)
		}
		return "", false
	case *ast.CallExpr:
		if fact := d.fact(info, x); fact != nil {
			for _, ft := range fact.ReturnFields {
				if ft.Path == "."+field.Name() {
					return ft.Text, true
				}
			}
			if len(fact.ReturnAlts) > 0 {
				return w.altField(fact.ReturnAlts, "."+field.Name())
			}
		}
	}
	return d.pkg.fieldText(field)
}

// altField is the text field path of the query object that the picked
// implementation returns; with none picked, it notes the implementations
// and is unknown.
func (w *textWalk) altField(alts []FactAlt, path string) (string, bool) {
	for _, a := range alts {
		if w.pick == "" {
			if w.alts != nil && !containsString(*w.alts, a.Impl) {
				*w.alts = append(*w.alts, a.Impl)
			}
			continue
		}
		if a.Impl != w.pick {
			continue
		}
		for _, ft := range a.Fields {
			if ft.Path == path {
				return ft.Text, true
			}
		}
	}
	return "", false
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// literalField is the value a struct literal gives field, or nil.
func literalField(info *types.Info, lit *ast.CompositeLit, field *types.Var) ast.Expr {
	t := info.TypeOf(lit)
	if t == nil {
		return nil
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && info.ObjectOf(id) == field {
				return kv.Value
			}
			continue
		}
		if i < st.NumFields() && st.Field(i) == field {
			return elt
		}
	}
	return nil
}

// elementText recovers m[k] for a map literal of fragments that the
// package (or function) never changes, indexed by a constant key.
func (w *textWalk) elementText(e *ast.IndexExpr, depth int) (string, bool) {
	info, d := w.info, w.d
	key := info.Types[e.Index].Value
	if key == nil {
		return "", false
	}
	if id, ok := ast.Unparen(e.X).(*ast.Ident); ok && d.elemWritten[info.ObjectOf(id)] {
		return "", false // m[k] = v somewhere in the function
	}
	m := d.value(info, e.X)
	lit, ok := ast.Unparen(m).(*ast.CompositeLit)
	if !ok {
		return "", false
	}
	if _, isMap := info.TypeOf(lit).Underlying().(*types.Map); !isMap {
		return "", false
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if k := info.Types[kv.Key].Value; k != nil && constant.Compare(k, token.EQL, key) {
			return w.text(kv.Value, depth+1)
		}
	}
	return "", false
}

// formatArgs are the fillers fillFormat takes for Sprintf's arguments: an
// integer constant fills %d and %v, and the text that text recovers fills
// %s and %v.
func formatArgs(info *types.Info, args []ast.Expr, text func(ast.Expr) (string, bool)) []func(verb byte) (string, bool) {
	out := make([]func(verb byte) (string, bool), len(args))
	for i, a := range args {
		out[i] = func(verb byte) (string, bool) {
			if v := info.Types[a].Value; v != nil && v.Kind() == constant.Int {
				return v.ExactString(), verb == 'd' || verb == 'v'
			}
			if verb == 'd' {
				// A helper's parameter bound to the caller's integer
				// constant (inlineText).
				t, ok := text(a)
				return t, ok && t != "" && strings.Trim(t, "0123456789") == ""
			}
			if verb != 's' && verb != 'v' {
				return "", false
			}
			return text(a)
		}
	}
	return out
}

// fillFormat renders a constant Sprintf format: a %s or %v verb whose
// argument's text is known takes that text, a %d whose argument is a
// constant takes its value, and every other verb becomes sqltext.Hole:
// the text it inserts is not known until run time.
func fillFormat(format string, args []func(verb byte) (string, bool), unknownArg func(arg int)) string {
	var b strings.Builder
	next := 0 // the argument the next verb consumes
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		// Skip flags, width, precision and argument index up to the verb letter.
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[j]) >= 0 {
			j++
		}
		if strings.ContainsAny(format[i+1:j], "*[") {
			next = -1 // arguments no longer match verbs in order
		}
		text, known := "", false
		if next >= 0 && next < len(args) && j < len(format) && j == i+1 {
			text, known = args[next](format[j])
		}
		if !known {
			unknownArg(next)
		}
		if next >= 0 {
			next++
		}
		if known {
			b.WriteString(text)
		} else {
			b.WriteString(sqltext.Hole)
		}
		i = j // the verb letter itself
	}
	return b.String()
}

// isFunc reports whether call calls the package-level function pkg.name.
func isFunc(info *types.Info, call *ast.CallExpr, pkg, name string) bool {
	fn, ok := calleeFunc(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Name() == name &&
		fn.Type().(*types.Signature).Recv() == nil
}
