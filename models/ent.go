package models

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"github.com/locklint/locklint/schema"
)

// ent generates, from a project's schema package (its fields, their
// .Unique(), its index.Fields(...) and edges), a migrate package that
// describes every table as a *schema.Table literal: the columns, the
// primary key, the unique columns, the indexes and the foreign keys that
// ent's migration creates. That description is read here, as ent itself
// will create the tables; InnoDB adds an index for a foreign key that no
// index starts with, so one is added too (ground truth:
// TestUnindexedLock_ForeignKeyColumnIsIndexed).

// pkgEntSchema is the package of ent's table descriptions.
const pkgEntSchema = "entgo.io/ent/dialect/sql/schema"

// readEnt reads the tables a generated ent migrate package declares.
func readEnt(src Source, fset *token.FileSet) []Table {
	var out []Table
	lits := map[*types.Var]ast.Expr{}
	var tables []*types.Var
	for _, f := range src.Files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Names) != len(vs.Values) {
					continue
				}
				for i, name := range vs.Names {
					v, ok := src.Info.Defs[name].(*types.Var)
					if !ok {
						continue
					}
					lits[v] = vs.Values[i]
					if isEntSchemaType(v.Type(), "Table") {
						tables = append(tables, v)
					}
				}
			}
		}
	}
	for _, v := range tables {
		e := &entReader{info: src.Info, lits: lits}
		t, ok := e.table(lits[v])
		if !ok {
			continue
		}
		p := fset.Position(v.Pos())
		out = append(out, Table{
			Type:   v.Name(),
			Name:   schema.Key(t.Name),
			At:     fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line),
			Schema: t,
		})
	}
	return out
}

// isEntSchemaType reports whether t is *schema.<name> of ent.
func isEntSchemaType(t types.Type, name string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkgEntSchema && n.Obj().Name() == name
}

// entReader reads the literals of one migrate package.
type entReader struct {
	info *types.Info
	lits map[*types.Var]ast.Expr
}

// table reads &schema.Table{Name: ..., Columns: ..., PrimaryKey: ...,
// Indexes: ..., ForeignKeys: ...}. Anything it cannot read makes the
// table unknown.
func (r *entReader) table(e ast.Expr) (*schema.Table, bool) {
	lit, ok := unaddr(e).(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	t := &schema.Table{}
	var fks [][]string
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil, false
		}
		key, _ := kv.Key.(*ast.Ident)
		if key == nil {
			return nil, false
		}
		switch key.Name {
		case "Name":
			name, ok := r.str(kv.Value)
			if !ok {
				return nil, false
			}
			t.Name = name
		case "Columns":
			cols, ok := r.columnList(kv.Value)
			if !ok {
				return nil, false
			}
			for _, c := range cols {
				t.Columns = append(t.Columns, strings.ToLower(c.name))
				if c.unique {
					t.Indexes = append(t.Indexes, schema.Index{Name: c.name, Columns: []string{strings.ToLower(c.name)}, Unique: true})
				}
			}
		case "PrimaryKey":
			cols, ok := r.columnNames(kv.Value)
			if !ok {
				return nil, false
			}
			t.Indexes = append(t.Indexes, schema.Index{Name: "PRIMARY", Columns: cols, Unique: true, Primary: true})
		case "Indexes":
			idx, ok := r.indexes(kv.Value)
			if !ok {
				return nil, false
			}
			t.Indexes = append(t.Indexes, idx...)
		case "ForeignKeys":
			list, ok := unaddr(kv.Value).(*ast.CompositeLit)
			if !ok {
				return nil, false
			}
			for _, fk := range list.Elts {
				cols, ok := r.fieldOf(fk, "Columns")
				if !ok {
					return nil, false
				}
				names, ok := r.columnNames(cols)
				if !ok {
					return nil, false
				}
				fks = append(fks, names)
			}
		}
	}
	if t.Name == "" || len(t.Columns) == 0 {
		return nil, false
	}
	for i, cols := range fks {
		if !indexedPrefix(t.Indexes, cols) {
			t.Indexes = append(t.Indexes, schema.Index{Name: fmt.Sprintf("fk_%d", i), Columns: cols})
		}
	}
	return t, true
}

// indexedPrefix reports whether an index starts with cols.
func indexedPrefix(idx []schema.Index, cols []string) bool {
	for _, ix := range idx {
		if len(ix.Columns) < len(cols) {
			continue
		}
		same := true
		for i, c := range cols {
			if ix.Columns[i] != c {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// indexes reads []*schema.Index{{Name: ..., Unique: ..., Columns: ...}}.
func (r *entReader) indexes(e ast.Expr) ([]schema.Index, bool) {
	list, ok := unaddr(e).(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var out []schema.Index
	for _, elt := range list.Elts {
		lit, ok := unaddr(elt).(*ast.CompositeLit)
		if !ok {
			return nil, false
		}
		ix := schema.Index{}
		for _, f := range lit.Elts {
			kv, ok := f.(*ast.KeyValueExpr)
			if !ok {
				return nil, false
			}
			key, _ := kv.Key.(*ast.Ident)
			if key == nil {
				return nil, false
			}
			switch key.Name {
			case "Name":
				ix.Name, _ = r.str(kv.Value)
			case "Unique":
				tv, ok := r.info.Types[kv.Value]
				if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
					return nil, false
				}
				ix.Unique = constant.BoolVal(tv.Value)
			case "Columns":
				cols, ok := r.columnNames(kv.Value)
				if !ok {
					return nil, false
				}
				ix.Columns = cols
			}
		}
		if len(ix.Columns) == 0 {
			return nil, false
		}
		out = append(out, ix)
	}
	return out, true
}

// entColumn is one column literal.
type entColumn struct {
	name   string
	unique bool
}

// columnList reads the columns variable (UsersColumns) or a literal list.
func (r *entReader) columnList(e ast.Expr) ([]entColumn, bool) {
	if id, ok := e.(*ast.Ident); ok {
		v, ok := r.info.Uses[id].(*types.Var)
		if !ok || r.lits[v] == nil {
			return nil, false
		}
		e = r.lits[v]
	}
	list, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var out []entColumn
	for _, elt := range list.Elts {
		c, ok := r.column(elt)
		if !ok {
			return nil, false
		}
		out = append(out, c)
	}
	return out, true
}

// column reads {Name: "email", Type: field.TypeString, Unique: true}.
func (r *entReader) column(e ast.Expr) (entColumn, bool) {
	lit, ok := unaddr(e).(*ast.CompositeLit)
	if !ok {
		return entColumn{}, false
	}
	var c entColumn
	for _, f := range lit.Elts {
		kv, ok := f.(*ast.KeyValueExpr)
		if !ok {
			return entColumn{}, false
		}
		key, _ := kv.Key.(*ast.Ident)
		if key == nil {
			return entColumn{}, false
		}
		switch key.Name {
		case "Name":
			if c.name, ok = r.str(kv.Value); !ok {
				return entColumn{}, false
			}
		case "Unique":
			tv, ok := r.info.Types[kv.Value]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
				return entColumn{}, false
			}
			c.unique = constant.BoolVal(tv.Value)
		}
	}
	return c, c.name != ""
}

// columnNames reads []*schema.Column{UsersColumns[1], UsersColumns[2]}.
func (r *entReader) columnNames(e ast.Expr) ([]string, bool) {
	list, ok := unaddr(e).(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var out []string
	for _, elt := range list.Elts {
		ix, ok := elt.(*ast.IndexExpr)
		if !ok {
			c, ok := r.column(elt)
			if !ok {
				return nil, false
			}
			out = append(out, strings.ToLower(c.name))
			continue
		}
		cols, ok := r.columnList(ix.X)
		if !ok {
			return nil, false
		}
		tv, ok := r.info.Types[ix.Index]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
			return nil, false
		}
		i, ok := constant.Int64Val(tv.Value)
		if !ok || i < 0 || int(i) >= len(cols) {
			return nil, false
		}
		out = append(out, strings.ToLower(cols[i].name))
	}
	return out, len(out) > 0
}

// fieldOf returns the value of the key field in the struct literal e.
func (r *entReader) fieldOf(e ast.Expr, field string) (ast.Expr, bool) {
	lit, ok := unaddr(e).(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	for _, f := range lit.Elts {
		if kv, ok := f.(*ast.KeyValueExpr); ok {
			if key, _ := kv.Key.(*ast.Ident); key != nil && key.Name == field {
				return kv.Value, true
			}
		}
	}
	return nil, false
}

// str is the constant string value of e.
func (r *entReader) str(e ast.Expr) (string, bool) {
	tv, ok := r.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// unaddr strips & and parentheses.
func unaddr(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return ast.Unparen(u.X)
	}
	return e
}
