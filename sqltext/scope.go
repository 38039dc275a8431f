package sqltext

import "github.com/pingcap/tidb/pkg/parser/ast"

// scope is the FROM clause of one query block, against which column
// qualifiers resolve to real tables.
type scope struct {
	b     *builder
	local []tableRef // the block's own FROM entries, derived tables included
}

// scope returns the scope of a FROM clause (or a DML target list).
func (b *builder) scope(from *ast.TableRefsClause) *scope {
	sc := &scope{b: b}
	if from != nil && from.TableRefs != nil {
		sc.join(from.TableRefs)
	}
	return sc
}

func (sc *scope) join(n ast.ResultSetNode) {
	switch n := n.(type) {
	case *ast.Join:
		if n.Left != nil {
			sc.join(n.Left)
		}
		if n.Right != nil {
			sc.join(n.Right)
		}
	case *ast.TableSource:
		alias := n.AsName.L
		if isHole(alias) {
			alias = ""
		}
		r := tableRef{alias: alias}
		if tn, ok := n.Source.(*ast.TableName); ok {
			r.tn = tn
			if !isHole(tn.Name.L) && !(tn.Schema.L == "" && sc.b.ctes[tn.Name.L]) {
				r.name = tn.Name.L
			}
		}
		sc.local = append(sc.local, r)
	}
}

func (r *tableRef) named(q string) bool {
	if r.alias != "" {
		return r.alias == q
	}
	return r.name == q && q != ""
}

// ref returns the reference a column qualifier names, or for an unqualified
// column the block's only table; nil if that cannot be told. A qualifier not
// of this block may name a table of an enclosing block (a correlated
// subquery) or of another part of the statement.
func (sc *scope) ref(q string) *tableRef {
	if q == "" {
		if len(sc.local) == 1 {
			return &sc.local[0]
		}
		return nil
	}
	for i := range sc.local {
		if sc.local[i].named(q) {
			return &sc.local[i]
		}
	}
	for i := range sc.b.refs {
		if sc.b.refs[i].named(q) {
			return &sc.b.refs[i]
		}
	}
	return nil
}

// table returns the real table a column qualifier denotes, "" if unknown.
// An unqualified column belongs to the block's table when the block reads
// just one (a self-join reads one table twice).
func (sc *scope) table(q string) string {
	if q == "" {
		name := ""
		for i, r := range sc.local {
			if r.name == "" || i > 0 && r.name != name {
				return ""
			}
			name = r.name
		}
		return name
	}
	if r := sc.ref(q); r != nil {
		return r.name
	}
	return ""
}

// same reports whether two column qualifiers denote the same table
// reference (not just the same table: a self-join has two).
func (sc *scope) same(q1, q2 string) bool {
	if q1 == q2 && (q1 != "" || len(sc.local) == 1) {
		return true
	}
	r1, r2 := sc.ref(q1), sc.ref(q2)
	return r1 != nil && r1 == r2
}
