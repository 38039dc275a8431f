package extract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/sqltext"
)

// Flow is where the values one statement reads can go inside the function
// that reads them: a taint set of variables and field paths, seeded by the
// statement's scan destinations and closed under assignment.
//
// It is flow-insensitive (an assignment anywhere in the body counts, before
// or after), except that an assignment that runs only before the read
// (earlier in the body, in no loop around the read) cannot carry what the
// read returns: `saved := *u` before `db.First(u)` keeps the caller's
// values. It stays inside one function body: values passed to or
// returned from other functions are not followed, except that a call's
// result is derived from its arguments. Rules use it to ask "is the value
// bound to this placeholder derived from that read?", which needs no more
// precision than this, and it costs one walk of the body per read instead
// of building SSA for every function of every package.
type Flow struct {
	f       *Func
	tainted map[types.Object][]string // root -> field paths ("" for the whole variable)
	read    token.Pos                 // where the read is called
}

// Flow returns where the values src reads (its Dest) can go in f. It is
// nil when src has no scan destination.
func (f *Func) Flow(src *Site) *Flow {
	dests := src.Dest
	if len(dests) == 0 && src.viaRows != nil {
		dests = []ast.Expr{src.viaRows} // what a getter returns
	}
	if len(dests) == 0 || f.Body() == nil {
		return nil
	}
	fl := &Flow{f: f, tainted: map[types.Object][]string{}, read: src.Call.Pos()}
	for _, d := range dests {
		if r := lhsRef(f.info, d); r.Valid() {
			fl.add(r)
		}
	}
	if len(fl.tainted) == 0 {
		return nil
	}
	edges := collectEdges(f.info, f.Body())
	edges = afterRead(f.Body(), edges, src.Call.Pos())
	for changed := true; changed; {
		changed = false
		for _, e := range edges {
			if e.to.Valid() && !fl.has(e.to) && fl.mentions(e.from) {
				fl.add(e.to)
				changed = true
			}
			// p := &x aliases x: a scan into p fills x.
			if e.alias.Valid() && !fl.has(e.alias) && fl.has(e.to) {
				fl.add(e.alias)
				changed = true
			}
		}
	}
	return fl
}

// Reaches reports whether placeholder param of dst may be bound to a value
// derived from what the flow's statement read.
func (fl *Flow) Reaches(dst *Site, param int) bool {
	if fl == nil {
		return false
	}
	e, path := dst.ParamArg(fl.f.info, param)
	if e == nil || len(afterRead(fl.f.Body(), []edge{{at: e.End()}}, fl.read)) == 0 {
		return false // evaluated before the read (a map built first)
	}
	if path != "" {
		if r := refOf(fl.f.info, e); r.Valid() {
			r.Path += path
			return fl.hasOverlap(r)
		}
	}
	return fl.mentions(e)
}

// ReachesRow reports whether dst writes, as a whole, a Go value derived
// from what the flow's statement read: GORM's Save(&acc) after First(&acc).
func (fl *Flow) ReachesRow(dst *Site) bool {
	if fl == nil {
		return false
	}
	e := dst.RowValue()
	return e != nil && fl.mentions(e)
}

// RowValue is the Go value a statement writes as a whole when its SQL
// cannot list the columns: the struct of GORM's Save, Updates and
// UpdateColumns (a map or struct literal's columns are listed in the SQL
// instead), and the bean of an xorm Update whose content is not known
// where it is written (its non-zero fields: every column of a row loaded
// whole). It is nil for every other statement.
func (s *Site) RowValue() ast.Expr {
	if s.viaRow != nil && s.SQL != nil && s.SQL.Kind == sqltext.KindUpdate {
		return s.viaRow
	}
	if s.Framework == XORM && s.rowBean != nil && s.SQL != nil && s.SQL.Kind == sqltext.KindUpdate {
		return s.rowBean
	}
	if s.Framework != GORM && s.Framework != GORMv1 || s.SQL == nil || s.SQL.Kind != sqltext.KindUpdate {
		return nil
	}
	switch s.Method {
	case "Save", "Updates", "UpdateColumns":
	default:
		return nil
	}
	opaque := false
	for _, a := range s.SQL.Set {
		opaque = opaque || a.Column == ""
	}
	if !opaque || len(s.Call.Args) == 0 {
		return nil
	}
	return s.Call.Args[len(s.Call.Args)-1] // gorm.G[T]'s Updates(ctx, v) has the context first
}

// ParamArg returns the Go expression bound to placeholder param of s, and
// for a named placeholder bound from a struct (sqlx NamedExec(q, acc)) the
// field path within it (".Balance"). It returns nil when the binding is
// unknown.
func (s *Site) ParamArg(info *types.Info, param int) (ast.Expr, string) {
	if f, ok := s.fieldArgs[param]; ok {
		return f.value, f.path
	}
	if e, ok := s.spreadTail[param]; ok {
		return e, ""
	}
	if param < 0 || len(s.Args) == 0 {
		return nil, ""
	}
	if s.namedFromOne() && param < len(s.SQL.ParamNames) {
		return namedArg(info, s.Args[0], s.SQL.ParamNames[param])
	}
	if s.Call.Ellipsis.IsValid() && !s.argsBound {
		// db.Exec(q, args...): the slice holds every value, but the
		// leading elements of a literal, `[]any{a, b}...` or
		// `append([]any{a, b}, rest...)...`, are bound one by one.
		last := s.Args[len(s.Args)-1]
		if lit := leadingLiteral(info, last); lit != nil && param < len(lit.Elts) {
			if _, kv := lit.Elts[param].(*ast.KeyValueExpr); !kv {
				return lit.Elts[param], ""
			}
		}
		return last, ""
	}
	if param >= len(s.Args) {
		return nil, ""
	}
	return s.Args[param], ""
}

// namedFromOne reports whether the statement's placeholders are named
// and bound from its one argument, a map or a struct (sqlx NamedExec,
// borp's Exec with a map), rather than one argument each.
func (s *Site) namedFromOne() bool {
	if s.SQL == nil || len(s.Args) != 1 || s.argsBound || s.Args[0] == nil {
		return false
	}
	for _, n := range s.SQL.ParamNames {
		if n != "" {
			return true
		}
	}
	return false
}

// leadingLiteral returns the slice literal whose elements come first in
// a spread argument: the literal itself, or append's first argument.
func leadingLiteral(info *types.Info, e ast.Expr) *ast.CompositeLit {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) > 0 && isBuiltin(info, call.Fun, "append") {
		e = call.Args[0]
	}
	lit, _ := ast.Unparen(e).(*ast.CompositeLit)
	return lit
}

// namedArg finds the value of :name in a sqlx named-query argument: a
// struct field tagged `db:"name"` (or named so, case-insensitively), or a
// map literal's "name" key. Otherwise the whole argument stands for it.
func namedArg(info *types.Info, arg ast.Expr, name string) (ast.Expr, string) {
	if lit, ok := ast.Unparen(arg).(*ast.CompositeLit); ok {
		if _, isMap := info.TypeOf(lit).Underlying().(*types.Map); isMap {
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if tv := info.Types[kv.Key]; tv.Value != nil && tv.Value.Kind() == constant.String &&
					strings.EqualFold(constant.StringVal(tv.Value), name) {
					return kv.Value, ""
				}
			}
			return arg, ""
		}
	}
	t := info.TypeOf(arg)
	if t == nil {
		return arg, ""
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return arg, ""
	}
	for i := 0; i < st.NumFields(); i++ {
		fld := st.Field(i)
		tag, _ := reflect.StructTag(st.Tag(i)).Lookup("db")
		if tag, _, _ = strings.Cut(tag, ","); tag == name || tag == "" && strings.EqualFold(fld.Name(), name) {
			return arg, "." + fld.Name()
		}
	}
	return arg, ""
}

func (fl *Flow) add(r Ref) {
	fl.tainted[r.Root] = append(fl.tainted[r.Root], r.Path)
}

// has reports whether r itself, or a variable or field containing it, is
// tainted.
func (fl *Flow) has(r Ref) bool {
	for _, p := range fl.tainted[r.Root] {
		if pathWithin(r.Path, p) {
			return true
		}
	}
	return false
}

// hasOverlap reports whether reading r reads something tainted: r is
// inside a tainted value, or a tainted field is inside r.
func (fl *Flow) hasOverlap(r Ref) bool {
	for _, p := range fl.tainted[r.Root] {
		if pathWithin(r.Path, p) || pathWithin(p, r.Path) {
			return true
		}
	}
	return false
}

// pathWithin reports whether field path p lies within path outer: ".a.b"
// is within ".a" and within "".
func pathWithin(p, outer string) bool {
	return p == outer || strings.HasPrefix(p, outer+".")
}

// mentions reports whether evaluating e reads a tainted value. Function
// literals inside e are not entered: their bodies run later, if at all.
func (fl *Flow) mentions(e ast.Expr) bool {
	if e == nil {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectorExpr:
			if r := refOf(fl.f.info, n); r.Valid() {
				found = fl.hasOverlap(r)
				return false
			}
		case *ast.Ident:
			// A field name reached here belongs to a selection on a call
			// result (f().x), which refOf cannot root in a variable.
			if v, ok := fl.f.info.ObjectOf(n).(*types.Var); ok && !v.IsField() {
				found = fl.hasOverlap(Ref{Root: v})
			}
		}
		return true
	})
	return found
}

// edge is one assignment: the value of from goes to to. When from is &x
// (or x is a pointer), alias is x: what is written through to is written
// to x.
type edge struct {
	to    Ref
	from  ast.Expr
	alias Ref
	at    token.Pos // where the assignment ends
	// self is set for x op= y: the new value of to derives from its old
	// value too.
	self bool
}

// afterRead drops the edges that run only before the read at pos: those
// that end before it and share no loop with it.
func afterRead(body ast.Node, edges []edge, pos token.Pos) []edge {
	var loops []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == body
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() <= pos && pos < n.End() {
				loops = append(loops, n)
			}
		}
		return true
	})
	out := edges[:0:0]
	for _, e := range edges {
		keep := !e.at.IsValid() || e.at >= pos
		for _, l := range loops {
			keep = keep || l.Pos() <= e.at && e.at < l.End()
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

// collectEdges lists the assignments of body: =, :=, op=, var
// declarations, range clauses and sends are all "value moves to variable".
// Function literals are not entered: each is a function of its own.
func collectEdges(info *types.Info, body ast.Node) []edge {
	var out []edge
	add := func(lhs, rhs ast.Expr) {
		to := lhsRef(info, lhs)
		if !to.Valid() || rhs == nil {
			return
		}
		e := edge{to: to, from: rhs, at: rhs.End()}
		if u, ok := ast.Unparen(rhs).(*ast.UnaryExpr); ok && u.Op == token.AND {
			e.alias = lhsRef(info, u.X)
		} else if t := info.TypeOf(rhs); t != nil {
			if _, ptr := t.Underlying().(*types.Pointer); ptr {
				e.alias = refOf(info, rhs)
			}
		}
		out = append(out, e)
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == body
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				switch {
				case len(n.Lhs) == len(n.Rhs):
					add(lhs, n.Rhs[i])
					if n.Tok != token.ASSIGN && n.Tok != token.DEFINE && len(out) > 0 && out[len(out)-1].from == n.Rhs[i] {
						out[len(out)-1].self = true
					}
				case len(n.Rhs) == 1:
					add(lhs, n.Rhs[0]) // v, ok := f(x): every result may derive from x
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					add(id, n.Values[i])
				case len(n.Values) == 1:
					add(id, n.Values[0])
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				add(n.Key, n.X)
			}
			if n.Value != nil {
				add(n.Value, n.X)
			}
		case *ast.CallExpr:
			// append(dst, x...) and copy(dst, src) write their arguments
			// into dst even when the result is discarded.
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) >= 2 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "copy" {
					add(n.Args[0], n.Args[1])
				}
			}
		}
		return true
	})
	return out
}

// lhsRef is the variable (and field path) an assignment to e changes: an
// element stored into a slice or map taints the whole container, and a
// scan into &x fills x.
func lhsRef(info *types.Info, e ast.Expr) Ref {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return Ref{}
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X // copy(dst[i:], src) fills dst; rows[:n] holds rows' elements
		case *ast.StarExpr:
			e = x.X
		default:
			return refOf(info, e)
		}
	}
}

// Rows is where the rows one statement read are kept unchanged inside the
// function that reads them: the variables and fields that hold one of its
// result columns, a whole row (a struct filled by sqlx or GORM), or a
// collection of either (a slice of scanned ids, the rows of Select).
//
// Unlike Flow, which follows every value computed from a read, Rows
// follows only copies: assignment, taking an address, indexing, ranging
// over a collection, appending to one, and selecting a field of a whole
// row (which holds that field's column). So a placeholder bound to a value
// of Rows is provably a value the statement returned, in a known column.
// Like Flow it is flow-insensitive and stays inside one body.
type Rows struct {
	f *Func
	// held maps a variable or field path to the column it holds, "" for
	// a whole row.
	held map[Ref]string
}

// Rows returns where the rows src reads are kept in f, nil when src scans
// into nothing this function names.
//
// A statement that a called function runs (Site.Via) is the call: what the
// call returns first is taken as the rows the callee read (a repository's
// LockByID returning the model it loaded under the lock).
func (f *Func) Rows(src *Site) *Rows {
	if len(src.Dest) == 0 && src.Via == nil || f.Body() == nil {
		return nil
	}
	rs := &Rows{f: f, held: map[Ref]string{}}
	if src.Via != nil {
		ast.Inspect(f.Body(), func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == src.Call {
					if r := lhsRef(f.info, n.Lhs[0]); r.Valid() {
						rs.held[r] = ""
					}
				}
			case *ast.ValueSpec:
				if len(n.Values) == 1 && ast.Unparen(n.Values[0]) == src.Call && len(n.Names) > 0 {
					if r := lhsRef(f.info, n.Names[0]); r.Valid() {
						rs.held[r] = ""
					}
				}
			}
			return true
		})
	}
	var cols []string
	if src.SQL != nil {
		cols = src.SQL.Columns
	}
	for i, d := range src.Dest {
		r := lhsRef(f.info, d)
		if !r.Valid() {
			continue
		}
		switch {
		case len(src.Dest) == 1 && len(cols) == 1 && cols[0] != "*":
			if cols[0] != "" {
				rs.held[r] = cols[0] // one column, whatever the Go type
			}
		case len(src.Dest) == 1 && holdsRows(f.info.TypeOf(d)):
			rs.held[r] = ""
		case i < len(cols) && cols[i] != "" && cols[i] != "*" && !containsStar(cols):
			rs.held[r] = cols[i]
		}
	}
	return rs.closed()
}

// OuterRows is Rows for a statement of the function that creates f, a
// function literal handed to a call there (a transaction's callback): the
// variables of the creator that hold src's rows, which f captures, and
// what f copies them into.
func (f *Func) OuterRows(src *Site) *Rows {
	if f.PassedTo == nil || f.PassedTo.InFunc == nil || f.Body() == nil {
		return nil
	}
	outer := f.PassedTo.InFunc.Rows(src)
	if outer == nil {
		return nil
	}
	return (&Rows{f: f, held: maps.Clone(outer.held)}).closed()
}

// closed follows the copies of what rs holds, nil when it holds nothing.
func (rs *Rows) closed() *Rows {
	if len(rs.held) == 0 {
		return nil
	}
	moves := collectCopies(rs.f.info, rs.f.Body())
	for changed := true; changed; {
		changed = false
		for _, m := range moves {
			if _, done := rs.held[m.to]; !done {
				if col, ok := rs.origin(m.from); ok {
					rs.held[m.to] = col
					changed = true
					continue
				}
			}
			// A struct whose fields were scanned one by one (&a.ID,
			// &a.Email) carries them: into a slice of such structs
			// (append(list, a)) and out of it (for _, a := range list).
			if m.to.Path != "" {
				continue
			}
			for path, col := range rs.heldFields(m.from) {
				r := Ref{Root: m.to.Root, Path: path}
				if _, done := rs.held[r]; !done {
					rs.held[r] = col
					changed = true
				}
			}
		}
	}
	return rs
}

// heldFields returns the fields of the struct values e holds that are
// columns of the rows, by path: e is a variable whose fields were
// scanned, a slice of such values, or append of such values to a slice.
// It returns nil when some part of e carries fields the others do not.
func (rs *Rows) heldFields(e ast.Expr) map[string]string {
	fieldsOf := func(x ast.Expr) map[string]string {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return nil
		}
		obj := rs.f.info.Uses[id]
		if obj == nil {
			return nil
		}
		var out map[string]string
		for r, col := range rs.held {
			if r.Root == obj && r.Path != "" && col != "" {
				if out == nil {
					out = map[string]string{}
				}
				out[r.Path] = col
			}
		}
		return out
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return fieldsOf(e)
	}
	if len(call.Args) < 2 || !isBuiltin(rs.f.info, call.Fun, "append") {
		return nil
	}
	var out map[string]string
	for _, a := range call.Args[1:] {
		fs := fieldsOf(a)
		if fs == nil || out != nil && !sameFields(out, fs) {
			return nil
		}
		out = fs
	}
	return out
}

func sameFields(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// InsertedRows returns where the keys of the rows src inserts are kept in
// f, nil when nowhere: the struct (or slice of structs) GORM's Create and
// xorm's Insert fill with the generated primary key, and the result of
// LastInsertId on the database/sql result of an Exec. A LastInsertId
// value is reported as a whole row (column ""): it is the value of the
// table's AUTO_INCREMENT key, whatever that column is called.
func (f *Func) InsertedRows(src *Site) *Rows {
	s := src.SQL
	if s == nil || s.Kind != sqltext.KindInsert || s.InsertSelect || f.Body() == nil {
		return nil
	}
	rs := &Rows{f: f, held: map[Ref]string{}}
	switch {
	case src.Via != nil:
		// A helper's INSERT of the struct this function passes it
		// (createRepository(sess, repo) { sess.Insert(repo) }).
		if src.insertedBean == nil {
			return nil
		}
		if r := lhsRef(f.info, src.insertedBean); r.Valid() {
			rs.held[r] = ""
		}
	case src.Framework == GORM || src.Framework == GORMv1 || src.Framework == XORM:
		for _, a := range insertedBeans(f.info, src) {
			if r := lhsRef(f.info, a); r.Valid() {
				rs.held[r] = ""
			}
		}
	default:
		// res, err := tx.Exec(...); id, err := res.LastInsertId()
		var res types.Object
		ast.Inspect(f.Body(), func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == src.Call {
				if id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident); ok {
					res = f.info.ObjectOf(id)
				}
			}
			return res == nil
		})
		if res == nil {
			return nil
		}
		ast.Inspect(f.Body(), func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Rhs) != 1 {
				return true
			}
			call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			if !ok || len(call.Args) != 0 {
				return true
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "LastInsertId" {
				return true
			}
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && f.info.ObjectOf(id) == res {
				if r := lhsRef(f.info, as.Lhs[0]); r.Valid() {
					rs.held[r] = ""
				}
			}
			return true
		})
	}
	return rs.closed()
}

// OwnRow reports whether the statement is a callee's on a row that the
// callee inserted before it, found by the key the INSERT generated
// (createProjectView: Insert(p), then Where("id = ?", p.ID).Update(p)):
// the transaction holds that row from the INSERT on, and no other
// transaction can have held it or wait for it first.
func (s *Site) OwnRow() bool { return s.ownRow }

// insertedRows is an INSERT of the function and where the keys of its
// new rows are kept.
type insertedRows struct {
	site *Site
	rows *Rows
}

// insertedRowsOf lists the function's INSERTs whose new keys it keeps
// (InsertedRows), each read once for all the statements after it.
func (f *Func) insertedRowsOf() []insertedRows {
	var out []insertedRows
	for _, ins := range f.Sites {
		if ins.SQL == nil || ins.SQL.Kind != sqltext.KindInsert {
			continue
		}
		if rs := f.InsertedRows(ins); rs != nil {
			out = append(out, insertedRows{ins, rs})
		}
	}
	return out
}

// keyOfOwnInsert reports whether s, an UPDATE, DELETE or locking read,
// selects its rows by an equality whose value is the key one of the
// function's inserts (insertedRowsOf) generated earlier in its body, and
// that insert runs whenever s does (the statement of a callee given the
// row's struct included).
func (f *Func) keyOfOwnInsert(s *Site, inserts []insertedRows) bool {
	if len(inserts) == 0 || s.SQL == nil || s.SQL.Where == nil || s.SQL.Kind == sqltext.KindInsert || s.SQL.Kind == sqltext.KindSelect && s.SQL.Lock == sqltext.LockNone {
		return false
	}
	for _, c := range s.SQL.Where.Conjuncts() {
		if c.Op != sqltext.CondPred || c.Pred.Op != sqltext.OpEq || len(c.Pred.Values) != 1 || c.Pred.Values[0].Param < 0 {
			continue
		}
		for _, ins := range inserts {
			if ins.site == s || ins.site.Pos >= s.Pos {
				continue
			}
			if col, ok := ins.rows.Column(s, c.Pred.Values[0].Param); ok && col != "" && SameColumn(col, c.Pred.Column) && f.alwaysBefore(ins.site.Pos, s.Pos) {
				return true
			}
		}
	}
	return false
}

// endsBeforeBlocking lists the parameters whose transaction the function
// commits or rolls back before every one of its waits: for each wait, a
// Commit or Rollback (not deferred) of the parameter comes earlier and
// runs whenever the wait does.
func (f *Func) endsBeforeBlocking(params map[types.Object]int) []int {
	var out []int
	for _, e := range f.Events {
		p, ok := params[e.Tx.Root]
		if !ok || e.Kind == TxBegin || e.Deferred || e.IfBegun || e.Tx.Path != "" || slices.Contains(out, p) {
			continue
		}
		all := true
		for _, b := range f.Blocking {
			ended := false
			for _, o := range f.Events {
				if o.Kind != TxBegin && !o.Deferred && !o.IfBegun && o.Tx == e.Tx && o.Call.End() <= b.Node.Pos() && f.alwaysBefore(o.Call.Pos(), b.Node.Pos()) {
					ended = true
				}
			}
			all = all && ended
		}
		if all {
			out = append(out, p)
		}
	}
	sort.Ints(out)
	return out
}

// alwaysBefore reports whether the code at a, earlier in the body than b,
// runs whenever b does: no branch or loop body holds a without holding b
// (an if's init and condition run whatever branch is taken).
func (f *Func) alwaysBefore(a, b token.Pos) bool {
	body := f.Body()
	if body == nil {
		return false
	}
	holds := func(n ast.Node, p token.Pos) bool { return n != nil && n.Pos() <= p && p < n.End() }
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok || n == nil || !holds(n, a) {
			return false
		}
		var branches []ast.Node
		switch n := n.(type) {
		case *ast.IfStmt:
			branches = []ast.Node{n.Body, n.Else}
		case *ast.CaseClause:
			branches = []ast.Node{n}
		case *ast.CommClause:
			branches = []ast.Node{n}
		case *ast.ForStmt:
			branches = []ast.Node{n.Body, n.Post}
		case *ast.RangeStmt:
			branches = []ast.Node{n.Body}
		case *ast.FuncLit:
			branches = []ast.Node{n.Body}
		}
		for _, br := range branches {
			if holds(br, a) && !holds(br, b) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// insertedBeans are the arguments of an ORM's INSERT that it fills with
// the generated key: the structs (or slices of structs) given to GORM's
// Create or xorm's Insert.
func insertedBeans(info *types.Info, src *Site) []ast.Expr {
	switch src.Method {
	case "Create", "CreateInBatches", "Insert", "InsertOne", "InsertMulti":
	default:
		return nil
	}
	var out []ast.Expr
	for _, a := range src.Call.Args {
		if t := info.TypeOf(a); t != nil && holdsRows(t) {
			out = append(out, a)
		}
	}
	return out
}

// insertedParam is, for an INSERT of s that fills a struct with the
// generated key, the parameter of the function that struct is: its own
// INSERT's bean, or a callee's bean this function passes on.
func (f *Func) insertedParam(s *Site, params map[types.Object]int) (int, bool) {
	if s.SQL == nil || s.SQL.Kind != sqltext.KindInsert || s.SQL.InsertSelect {
		return 0, false
	}
	beans := []ast.Expr{s.insertedBean}
	if s.Via == nil {
		if s.Framework != GORM && s.Framework != GORMv1 && s.Framework != XORM {
			return 0, false
		}
		beans = insertedBeans(f.info, s)
	}
	for _, b := range beans {
		if b == nil {
			continue
		}
		// A parameter that points to the caller's struct: Create(&x) of
		// a parameter x fills the callee's copy only.
		if id, ok := ast.Unparen(b).(*ast.Ident); ok {
			if p, ok := params[f.info.Uses[id]]; ok && p >= 0 {
				return p, true
			}
		}
	}
	return 0, false
}

// Column reports which result column of the rows the value bound to
// placeholder param of dst is: a column name, or "" for a whole row (GORM
// binds a model's primary key as the model value). ok is false when the
// value is not provably one of those rows' values.
func (rs *Rows) Column(dst *Site, param int) (col string, ok bool) {
	if rs == nil {
		return "", false
	}
	e, path := dst.ParamArg(rs.f.info, param)
	if e == nil || dst.Call.Ellipsis.IsValid() && !dst.argsBound && e == dst.Args[len(dst.Args)-1] && path == "" {
		return "", false
	}
	col, ok = rs.origin(e)
	if ok && path != "" {
		if col != "" {
			return "", false
		}
		return fieldColumn(rs.f.info.TypeOf(e), strings.TrimPrefix(path, ".")), true
	}
	return col, ok
}

// origin is the column e holds, when e is a copy of what the rows hold.
func (rs *Rows) origin(e ast.Expr) (string, bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if r := refOf(rs.f.info, x); r.Valid() {
			col, ok := rs.held[r]
			return col, ok
		}
	case *ast.SelectorExpr:
		if r := refOf(rs.f.info, x); r.Valid() {
			if col, ok := rs.held[r]; ok {
				return col, true
			}
		}
		if sel, ok := rs.f.info.Selections[x]; !ok || sel.Kind() != types.FieldVal {
			return "", false
		}
		if col, ok := rs.origin(x.X); ok && col == "" {
			c := fieldColumn(rs.f.info.TypeOf(x.X), x.Sel.Name)
			return c, c != ""
		}
	case *ast.StarExpr:
		return rs.origin(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return rs.origin(x.X)
		}
	case *ast.IndexExpr:
		// An element of a slice or a value of a map: a container is
		// held when what is stored in it is (m[k] = id holds m), never
		// through its keys.
		return rs.origin(x.X)
	case *ast.CallExpr:
		// append(ids, id): a collection of values of one column, when
		// every part is one (or the collection starts empty).
		if len(x.Args) < 2 || !isBuiltin(rs.f.info, x.Fun, "append") {
			return "", false
		}
		col, known := "", false
		for i, a := range x.Args {
			c, ok := rs.origin(a)
			if !ok {
				if i == 0 && emptyCollection(rs.f.info, a) {
					continue
				}
				if i == 0 {
					// ids = append(ids, id) with ids not yet known: the
					// elements decide; ids is judged by all its moves.
					if r := refOf(rs.f.info, a); r.Valid() {
						continue
					}
				}
				return "", false
			}
			if known && c != col {
				return "", false
			}
			col, known = c, true
		}
		return col, known
	}
	return "", false
}

// copyMove is one assignment that may copy a value unchanged.
type copyMove struct {
	to   Ref
	from ast.Expr
}

// collectCopies lists the assignments of body with their right-hand
// sides; a range clause moves the ranged collection into its value.
func collectCopies(info *types.Info, body ast.Node) []copyMove {
	var out []copyMove
	add := func(lhs, rhs ast.Expr) {
		if to := lhsRef(info, lhs); to.Valid() && rhs != nil {
			out = append(out, copyMove{to: to, from: rhs})
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == body
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) && n.Tok != token.ADD_ASSIGN && n.Tok != token.SUB_ASSIGN {
				for i := range n.Lhs {
					add(n.Lhs[i], n.Rhs[i])
				}
			} else if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				// v, ok := m[k]: v is a value of m.
				if ix, ok := ast.Unparen(n.Rhs[0]).(*ast.IndexExpr); ok {
					add(n.Lhs[0], ix)
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == len(n.Names) {
				for i := range n.Names {
					add(n.Names[i], n.Values[i])
				}
			}
		case *ast.RangeStmt:
			// The value of a slice element or of a map entry; a map's
			// keys are not what is stored in it.
			if n.Value != nil {
				add(n.Value, n.X)
			}
		}
		return true
	})
	return out
}

// emptyCollection reports whether e makes an empty collection: nil, an
// empty literal, make of a map or channel, or make of a slice of constant
// length 0 (make([]T, n) holds n zero values).
func emptyCollection(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x.Name == "nil" && info.Uses[x] == types.Universe.Lookup("nil")
	case *ast.CompositeLit:
		return len(x.Elts) == 0
	case *ast.CallExpr:
		b, ok := info.Uses[identOf(x.Fun)].(*types.Builtin)
		if !ok || b.Name() != "make" || len(x.Args) == 0 {
			return false
		}
		if _, isSlice := info.TypeOf(x.Args[0]).Underlying().(*types.Slice); !isSlice {
			return true
		}
		if len(x.Args) < 2 {
			return false
		}
		tv, ok := info.Types[x.Args[1]]
		return ok && tv.Value != nil && tv.Value.String() == "0"
	}
	return false
}

// holdsRows reports whether a destination of type t holds whole rows: a
// struct, or a slice of structs, through pointers.
func holdsRows(t types.Type) bool {
	for t != nil {
		switch u := types.Unalias(t).Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Struct:
			return true
		default:
			return false
		}
	}
	return false
}

func containsStar(cols []string) bool {
	for _, c := range cols {
		if c == "*" {
			return true
		}
	}
	return false
}

// fieldColumn is the column a struct field is scanned from: its gorm
// `column:` or db tag, else GORM's and sqlx's default names.
func fieldColumn(t types.Type, field string) string {
	for t != nil {
		switch u := types.Unalias(t).Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				if u.Field(i).Name() != field {
					if u.Field(i).Embedded() {
						// A promoted field (gorm.Model's ID).
						if c := fieldColumn(u.Field(i).Type(), field); c != "" {
							return c
						}
					}
					continue
				}
				tag := reflect.StructTag(u.Tag(i))
				for _, part := range strings.Split(tag.Get("gorm"), ";") {
					if k, v, ok := strings.Cut(part, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "column") {
						return strings.ToLower(strings.TrimSpace(v))
					}
				}
				if db, _, _ := strings.Cut(tag.Get("db"), ","); db != "" && db != "-" {
					return strings.ToLower(db)
				}
				return models.ColumnName(field)
			}
		}
		return ""
	}
	return ""
}

// SameColumn reports whether a Rows column answer names column col: the
// same column, or a whole row standing for its key.
func SameColumn(held, col string) bool {
	return held == "" || strings.EqualFold(held, col) || strings.EqualFold(models.ColumnName(held), col)
}

// OrderedByMinMax reports whether x and y are the min and the max of the
// same values (lo, hi := min(a, b), max(a, b)): the function puts them in
// a fixed order, as it does when it compares them (Func.Ordered).
func (f *Func) OrderedByMinMax(x, y types.Object) bool {
	if f.Body() == nil || x == nil || y == nil || x == y {
		return false
	}
	type bound struct {
		fn   string
		args string
	}
	bounds := map[types.Object][]bound{}
	add := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		call, ok2 := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || !ok2 || len(call.Args) < 2 {
			return
		}
		fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok || !isBuiltin(f.info, fn, "min") && !isBuiltin(f.info, fn, "max") {
			return
		}
		args := make([]string, len(call.Args))
		for i, a := range call.Args {
			args[i] = types.ExprString(a)
		}
		sort.Strings(args)
		if obj := f.info.ObjectOf(id); obj != nil {
			bounds[obj] = append(bounds[obj], bound{fn.Name, strings.Join(args, ",")})
		}
	}
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					add(n.Lhs[i], n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == len(n.Names) {
				for i := range n.Names {
					add(n.Names[i], n.Values[i])
				}
			}
		}
		return true
	})
	for _, a := range bounds[x] {
		for _, b := range bounds[y] {
			if a.args == b.args && a.fn != b.fn {
				return true
			}
		}
	}
	return false
}

// FilledFromMap returns the map whose iteration order fills the argument
// list of s (tx.Exec(q, args...) with args appended from the key or value
// of a `for k, v := range m` over a map), nil when there is none. Such a
// statement lists its rows in an order that changes from run to run.
func (f *Func) FilledFromMap(s *Site) types.Object {
	if !s.Call.Ellipsis.IsValid() || len(s.Args) == 0 || f.Body() == nil {
		return nil
	}
	target := refOf(f.info, s.Args[len(s.Args)-1])
	if !target.Valid() {
		return nil
	}
	var found types.Object
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || found != nil {
			return found == nil
		}
		t := f.info.TypeOf(rs.X)
		if t == nil {
			return true
		}
		if _, isMap := t.Underlying().(*types.Map); !isMap {
			return true
		}
		vars := map[types.Object]bool{}
		for _, e := range []ast.Expr{rs.Key, rs.Value} {
			if id, ok := e.(*ast.Ident); ok && f.info.ObjectOf(id) != nil {
				vars[f.info.ObjectOf(id)] = true
			}
		}
		ast.Inspect(rs.Body, func(m ast.Node) bool {
			as, ok := m.(*ast.AssignStmt)
			if !ok || found != nil || len(as.Lhs) != 1 || len(as.Rhs) != 1 || lhsRef(f.info, as.Lhs[0]) != target {
				return found == nil
			}
			call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || id.Name != "append" {
				return true
			}
			for _, a := range call.Args[1:] {
				if mentionsObj(f.info, a, vars) {
					found = objOf(f.info, rs.X)
					if found == nil {
						found = types.NewVar(rs.X.Pos(), nil, types.ExprString(rs.X), t)
					}
					return false
				}
			}
			return true
		})
		return found == nil
	})
	return found
}

// mentionsObj reports whether e reads one of vars.
func mentionsObj(info *types.Info, e ast.Expr, vars map[types.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && vars[info.ObjectOf(id)] {
			found = true
		}
		return !found
	})
	return found
}

// TestsZero reports whether the function compares a value s scanned into
// with zero (n > 0, n == 0, n != 0, 0 < n): for a COUNT, that is a check
// for a missing row, like testing for sql.ErrNoRows.
func (f *Func) TestsZero(s *Site) bool {
	if f.Body() == nil {
		return false
	}
	dests := map[types.Object]bool{}
	for _, o := range s.DestObjects(f.info) {
		dests[o] = true
	}
	if len(dests) == 0 {
		return false
	}
	isZero := func(e ast.Expr) bool {
		tv, ok := f.info.Types[e]
		return ok && tv.Value != nil && constant.Sign(tv.Value) == 0 && tv.Value.Kind() != constant.Unknown
	}
	isDest := func(e ast.Expr) bool {
		r := refOf(f.info, e)
		return r.Valid() && dests[r.Root]
	}
	found := false
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || found {
			return !found
		}
		switch b.Op {
		case token.EQL, token.NEQ, token.GTR, token.LSS, token.GEQ, token.LEQ:
			found = isDest(b.X) && isZero(b.Y) || isZero(b.X) && isDest(b.Y)
		}
		return !found
	})
	return found
}

// FromSorted reports whether placeholder param of s is bound to an element
// of a slice the function sorts (sort.Slice(ids, ...), slices.Sort(ids),
// then ids[0], ids[1]): its keys come in a fixed order.
func (f *Func) FromSorted(s *Site, param int) bool {
	e, _ := s.ParamArg(f.info, param)
	ix, ok := ast.Unparen(e).(*ast.IndexExpr)
	if !ok || f.Body() == nil {
		return false
	}
	r := refOf(f.info, ix.X)
	if !r.Valid() {
		return false
	}
	found := false
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || len(call.Args) == 0 {
			return !found
		}
		fn, ok := calleeFunc(f.info, call).(*types.Func)
		if ok && fn.Pkg() != nil && (fn.Pkg().Path() == "sort" || fn.Pkg().Path() == "slices") && refOf(f.info, call.Args[0]) == r {
			found = true
		}
		return !found
	})
	return found
}
