package extract

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/locklint/locklint/models"
)

// RowColumns lists the columns a whole-row write (RowValue: GORM's Save of
// a struct) stores with what the flow's read returned: fields written back
// as they were read, and fields assigned from values derived from them
// (acc.Balance += n counts: its new value derives from the old one).
// Fields the function assigns after the read from other values (the
// caller's, parameters) are left out, as are the primary key, which
// selects the row, and the columns GORM maintains itself (CreatedAt,
// UpdatedAt, the soft-delete column). ok is false when the written value's
// model cannot be told: then every column may carry the read.
func (fl *Flow) RowColumns(dst *Site) (cols []string, ok bool) {
	if fl == nil {
		return nil, false
	}
	e := dst.RowValue()
	if e == nil {
		return nil, false
	}
	root := lhsRef(fl.f.info, e)
	m := fl.f.rowModel(dst, e)
	if !root.Valid() || m == nil {
		return nil, false
	}
	edges := afterRead(fl.f.Body(), collectEdges(fl.f.info, fl.f.Body()), fl.read)
	for _, c := range m.Columns {
		field := c.Path[len(c.Path)-1]
		if c.Primary || c.Name == m.SoftDelete || field == "CreatedAt" || field == "UpdatedAt" {
			continue
		}
		// The field's own assignments decide; without one, assignments of
		// the whole value (a range over the rows read) do: a field set
		// from the caller's values after the row was loaded carries
		// nothing of the read, whatever the whole value came from.
		assigned, carried := false, false
		whole, wholeCarried := false, false
		for _, ed := range edges {
			if ed.to.Root != root.Root || !strings.HasPrefix(ed.to.Path, root.Path) {
				continue
			}
			rest := ed.to.Path[len(root.Path):]
			if rest != "" && !strings.HasSuffix(rest, "."+field) {
				continue // another field (promoted fields are named without their embedding)
			}
			// The read itself, when a getter's result is assigned
			// (m, err := getMilestone(e, id)), gives what it read.
			from := fl.mentions(ed.from) || ed.self && fl.has(ed.to) || fl.isRead(ed.from)
			if rest == "" {
				whole, wholeCarried = true, wholeCarried || from
				continue
			}
			assigned = true
			carried = carried || from
		}
		if !assigned && whole {
			assigned, carried = true, wholeCarried
		}
		if !assigned {
			carried = fl.has(Ref{Root: root.Root, Path: root.Path + "." + field})
		}
		if carried {
			cols = append(cols, c.Name)
		}
	}
	return cols, true
}

// isRead reports whether e is the call that reads the flow's rows.
func (fl *Flow) isRead(e ast.Expr) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && c.Pos() == fl.read
}

// KeyFromRead reports whether placeholder param of dst, a key the write
// finds its row by, is bound to a value derived from the flow's read. A
// struct bound whole (GORM's Save(&x) or Model(&x), which bind the value
// for its key) stands for its primary-key field alone: a struct whose
// other fields were set from a read of another row still names its own.
func (fl *Flow) KeyFromRead(dst *Site, param int) bool {
	if fl == nil {
		return false
	}
	e, path := dst.ParamArg(fl.f.info, param)
	if e == nil {
		return false
	}
	if path == "" {
		d := models.V2
		if dst.Framework == GORMv1 {
			d = models.V1
		}
		if m := models.Parse(fl.f.info.TypeOf(e), "", d); m != nil {
			if r := lhsRef(fl.f.info, e); r.Valid() {
				for _, c := range m.Columns {
					if c.Primary && fl.has(Ref{Root: r.Root, Path: r.Path + "." + c.Path[len(c.Path)-1]}) {
						return true
					}
				}
				return false
			}
		}
	}
	return fl.Reaches(dst, param)
}

// SameBinding reports whether placeholder pa of a and placeholder pb of b
// are bound to the same variable or field (`id` and `id`, `req.ID` and
// `req.ID`): the same value unless the function assigns it in between.
func (f *Func) SameBinding(a *Site, pa int, b *Site, pb int) bool {
	ea, patha := a.ParamArg(f.info, pa)
	eb, pathb := b.ParamArg(f.info, pb)
	if ea == nil || eb == nil {
		return false
	}
	ra, rb := refOf(f.info, ea), refOf(f.info, eb)
	return ra.Valid() && ra.Root == rb.Root && ra.Path+patha == rb.Path+pathb
}

// Column narrows the flow to one column of what the read returned: the
// flow of the field that holds col in the read's model-struct
// destination (GORM's First(&acc) fills acc.Balance from balance; xorm's
// Get and Find by the bean's xorm tags). It is
// nil when the destination is not a model struct whose columns are known,
// and known is then false; a model without that column gives a nil flow
// with known true: the read did not return col at all.
func (fl *Flow) Column(src *Site, col string) (narrow *Flow, known bool) {
	if fl == nil || len(src.Dest) != 1 {
		return nil, false
	}
	dest := src.Dest[0]
	r := lhsRef(fl.f.info, dest)
	var m *models.Model
	switch src.Framework {
	case GORM:
		m = models.Parse(fl.f.info.TypeOf(dest), "", models.V2)
	case GORMv1:
		m = models.Parse(fl.f.info.TypeOf(dest), "", models.V1)
	case XORM:
		m = models.ParseXORM(fl.f.info.TypeOf(dest), "", fl.f.xormNames())
	default:
		return nil, false
	}
	if !r.Valid() || m == nil {
		return nil, false
	}
	var field []string
	for _, c := range m.Columns {
		if c.Name == col {
			field = c.Path
		}
	}
	if field == nil {
		return nil, true
	}
	out := &Flow{f: fl.f, tainted: map[types.Object][]string{}, read: fl.read}
	// A promoted field is selected by its own name (acc.ID), a field of a
	// named embedded struct by the whole path (acc.Home.City): seed both.
	out.add(Ref{Root: r.Root, Path: r.Path + "." + strings.Join(field, ".")})
	out.add(Ref{Root: r.Root, Path: r.Path + "." + field[len(field)-1]})
	edges := afterRead(fl.f.Body(), collectEdges(fl.f.info, fl.f.Body()), fl.read)
	for changed := true; changed; {
		changed = false
		for _, e := range edges {
			if e.to.Valid() && !out.has(e.to) && out.carries(e) {
				changed = true
			}
			if e.alias.Valid() && !out.has(e.alias) && out.has(e.to) {
				out.add(e.alias)
				changed = true
			}
		}
	}
	return out, true
}

// carries adds what the assignment e takes from the narrowed flow: a
// copy of a value (x := rows, for _, r := range rows, rows = rows[:0])
// whose tainted part
// is a field inside it gets that field, at the same path below the
// copy, not the whole copy; any other value that mentions the flow
// taints the whole target. It reports whether it added anything.
func (fl *Flow) carries(e edge) bool {
	// A slice of the rows (rows[:n]), an element (rows[i]) and the
	// address of either hold the same fields.
	from := lhsRef(fl.f.info, e.from)
	if !from.Valid() || fl.has(from) {
		if fl.mentions(e.from) {
			fl.add(e.to)
			return true
		}
		return false
	}
	added := false
	for _, p := range fl.tainted[from.Root] {
		if pathWithin(p, from.Path) && p != from.Path {
			r := Ref{Root: e.to.Root, Path: e.to.Path + p[len(from.Path):]}
			if !fl.has(r) {
				fl.add(r)
				added = true
			}
		}
	}
	return added
}

// rowModel is the model of the value e that dst writes whole.
func (f *Func) rowModel(dst *Site, e ast.Expr) *models.Model {
	switch dst.Framework {
	case XORM:
		// xorm's Update writes the bean's non-zero fields: its columns
		// as the package's mapper names them.
		return models.ParseXORM(f.info.TypeOf(e), "", f.xormNames())
	case GORMv1:
		return models.Parse(f.info.TypeOf(e), "", models.V1)
	}
	return models.Parse(f.info.TypeOf(e), "", models.V2)
}

// Bumped lists the columns of the value dst writes whole whose field the
// function (after the flow's read), or the helper that writes it
// (FactStmt.RowBumped), changes from its own old value: t.NumRepos++,
// m.NumIssues += n, a.Balance = a.Balance + n. These are the counters a
// concurrent writer's change of would be lost; a column written back as
// it was read only undoes a concurrent edit of it.
func (fl *Flow) Bumped(dst *Site) []string {
	if fl == nil {
		return nil
	}
	return fl.f.bumpedColumns(dst, fl.read)
}

// bumpedColumns are the columns s, a write of a whole row, bumps: those
// its helper bumped (viaBumped) and those the function bumps after pos.
func (f *Func) bumpedColumns(s *Site, pos token.Pos) []string {
	cols := slices.Clone(s.viaBumped)
	if e := s.RowValue(); e != nil {
		for _, c := range f.bumped(s, e, pos) {
			if !slices.Contains(cols, c) {
				cols = append(cols, c)
			}
		}
	}
	return cols
}

// bumped lists the columns of the model of e, written whole by dst, whose
// field the function changes from its own value after pos.
func (f *Func) bumped(dst *Site, e ast.Expr, pos token.Pos) []string {
	root := lhsRef(f.info, e)
	m := f.rowModel(dst, e)
	if !root.Valid() || m == nil || f.Body() == nil {
		return nil
	}
	fields := map[string]bool{}
	field := func(x ast.Expr) (string, bool) {
		r := lhsRef(f.info, x)
		if r.Root != root.Root || !strings.HasPrefix(r.Path, root.Path+".") {
			return "", false
		}
		return r.Path[len(root.Path)+1:], true
	}
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		if n != nil && n.End() < pos {
			return false // before the read
		}
		switch n := n.(type) {
		case *ast.IncDecStmt:
			if name, ok := field(n.X); ok {
				fields[name] = true
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				name, ok := field(l)
				if !ok {
					continue
				}
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					fields[name] = true // x.N += k
					continue
				}
				// x.N = x.N + k: arithmetic on the old value. A value cut
				// or cleaned (x.S = x.S[:255], strings.TrimSpace(x.S))
				// is a normal form of it, not a counter.
				if b, ok := ast.Unparen(n.Rhs[i]).(*ast.BinaryExpr); ok && arithmetic(b.Op) {
					for _, operand := range []ast.Expr{b.X, b.Y} {
						if other, ok := field(operand); ok && other == name {
							fields[name] = true
						}
					}
				}
			}
		}
		return true
	})
	var out []string
	for _, c := range m.Columns {
		if fields[c.Path[len(c.Path)-1]] {
			out = append(out, c.Name)
		}
	}
	return out
}

// arithmetic reports whether op computes a number (or joins strings).
func arithmetic(op token.Token) bool {
	switch op {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.SHL, token.SHR, token.AND_NOT:
		return true
	}
	return false
}

// ThroughHelpers reports whether s is a statement of a helper whose rows
// are the caller's (a getter's read, FactStmt.IntoResult, or a write of
// the struct the caller passes, FactStmt.WritesRow).
func (s *Site) ThroughHelpers() bool {
	return s.viaRows != nil || s.viaRow != nil
}

// ModelKey reads t (or what it points to) as a model struct of table,
// by the xorm or the GORM naming: the Go field that holds the table's
// one-column primary key. ok is false for anything else (a request
// struct, another table's model, a composite key).
func (f *Func) ModelKey(t types.Type, table string) (field string, ok bool) {
	obj := models.StructOf(t)
	if obj == nil {
		return "", false
	}
	xormTable, _ := models.XORMTableName(obj, *f.gorm().source(f.info).Source, f.xormNames())
	if !strings.EqualFold(f.modelTable(t), table) && !strings.EqualFold(xormTable, table) {
		return "", false
	}
	for _, m := range []*models.Model{models.ParseXORM(t, "", f.xormNames()), models.Parse(t, "", models.V2)} {
		if m == nil {
			continue
		}
		var key []string
		for _, c := range m.Columns {
			if c.Primary {
				key = append(key, c.Path[len(c.Path)-1])
			}
		}
		if len(key) == 1 {
			return key[0], true
		}
	}
	return "", false
}
