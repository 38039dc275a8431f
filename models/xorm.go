package models

import (
	"go/ast"
	"go/types"
	"reflect"
	"strings"

	"github.com/locklint/locklint/schema"
)

// xorm (xorm.io/xorm and its github.com/xorm-io/xorm fork) maps structs
// to tables by `xorm:"..."` tags: space-separated words, each a keyword
// (pk, autoincr, index, unique(name), extends, ...), a SQL type
// (varchar(255)), or else the column's name ('name' or name). Names it is
// not told come from the engine's mapper, SnakeMapper by default:
// "UserID" becomes "user_i_d", no plural.

const (
	pkgXORM     = "xorm.io/xorm"
	pkgXORMFork = "github.com/xorm-io/xorm"
)

// XORMMapper is how an xorm engine names tables and columns it is not
// told.
type XORMMapper uint8

const (
	XORMSnake XORMMapper = iota // names.SnakeMapper, xorm's default
	XORMGonic                   // names.GonicMapper: initialisms kept together (UserID: user_id)
	XORMSame                    // names.SameMapper: the Go name as it is
)

// XORMNames is the mapper a package's xorm engine uses, as far as it is
// known: shown in the package (SetMapper), or in a package it imports.
type XORMNames struct {
	Table, Column XORMMapper
	Known         bool
}

// Name maps a Go type or field name.
func (m XORMMapper) Name(goName string) string {
	switch m {
	case XORMGonic:
		return toDBName(goName)
	case XORMSame:
		return goName
	}
	var b strings.Builder
	for i := 0; i < len(goName); i++ {
		c := goName[i]
		if 'A' <= c && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// IsXORMModel reports whether the struct obj has an xorm tag on some
// field: only those are taken for xorm models (a plain struct could be a
// DTO of the same name).
func IsXORMModel(obj *types.TypeName) bool {
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if _, ok := reflect.StructTag(st.Tag(i)).Lookup("xorm"); ok {
			return true
		}
	}
	return false
}

// ParseXORM reads the struct type t as xorm maps it to table, naming
// untold columns with mapper. It returns nil when t is not a named struct.
//
// When the package does not show its engine's mapper (mapperKnown false),
// a column named by the mapper alone where SnakeMapper and GonicMapper
// disagree (UserID) cannot be told, and the model is nil: a wrong column
// name would make an index look missing.
func ParseXORM(t types.Type, table string, names XORMNames) *Model {
	mapper, mapperKnown := names.Column, names.Known
	named := structNamed(t)
	if named == nil {
		return nil
	}
	p := &xormParser{mapper: mapper, m: &Model{Table: table}, idx: map[string]*schema.Index{}}
	p.fields(named.Underlying().(*types.Struct), nil, 0)
	if p.ambiguous && !mapperKnown {
		return nil
	}
	if len(p.m.PrimaryKey()) == 0 && p.idField >= 0 {
		p.m.Columns[p.idField].Primary = true
	}
	var out []schema.Index
	if pk := p.m.PrimaryKey(); len(pk) > 0 {
		out = append(out, schema.Index{Name: "primary", Columns: pk, Unique: true, Primary: true})
	}
	for _, name := range p.order {
		if ix := *p.idx[name]; !covered(out, ix) {
			out = append(out, ix)
		}
	}
	p.m.Indexes = out
	return p.m
}

type xormParser struct {
	mapper XORMMapper
	m      *Model
	idx    map[string]*schema.Index
	order  []string
	// idField is the column of an untagged int64 field named ID, which
	// xorm makes the auto-increment primary key when nothing else is.
	idField int
	seenID  bool
	// ambiguous is set when a column is named by the mapper alone and
	// the mappers disagree on it.
	ambiguous bool
}

func (p *xormParser) fields(st *types.Struct, path []string, depth int) {
	if depth == 0 {
		p.idField = -1
	}
	if depth > maxEmbed {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Exported() {
			continue
		}
		tag, tagged := reflect.StructTag(st.Tag(i)).Lookup("xorm")
		words := xormWords(tag)
		fpath := append(append([]string(nil), path...), f.Name())
		if len(words) > 0 && words[0] == "-" {
			continue
		}
		extends := false
		for _, w := range words {
			if strings.EqualFold(w, "extends") {
				extends = true
			}
		}
		if extends || f.Anonymous() && !tagged {
			if s, ok := deref(f.Type()).Underlying().(*types.Struct); ok {
				p.fields(s, fpath, depth+1)
				continue
			}
		}
		if !xormColumnType(f.Type()) && !tagged {
			continue
		}
		col := Column{Name: p.mapper.Name(f.Name()), Path: fpath}
		named, deleted := false, false
		var indexes []string
		var uniques []string
		for j := 0; j < len(words); j++ {
			w := words[j]
			key, param := w, ""
			if k := strings.IndexByte(w, '('); k > 0 && strings.HasSuffix(w, ")") {
				key, param = w[:k], strings.Trim(w[k+1:len(w)-1], "' ")
			}
			switch up := strings.ToUpper(key); {
			case up == "PK":
				col.Primary = true
			case up == "INDEX":
				if param == "" {
					param = "\x00"
				}
				indexes = append(indexes, param)
			case up == "UNIQUE":
				if param == "" {
					param = "\x00"
				}
				uniques = append(uniques, param)
			case up == "DELETED":
				deleted = true
			case up == "DEFAULT":
				if param == "" {
					j++ // default takes the next word
				}
			case xormKeywords[up] || xormSQLTypes[up] || strings.HasPrefix(up, "UNSIGNED"):
			case strings.HasPrefix(w, "'") && strings.HasSuffix(w, "'") && len(w) >= 2:
				col.Name, named = w[1:len(w)-1], true
			default:
				col.Name, named = w, true
			}
		}
		if !named && XORMSnake.Name(f.Name()) != XORMGonic.Name(f.Name()) {
			p.ambiguous = true
		}
		col.Name = strings.ToLower(col.Name)
		if !tagged && !p.seenID && strings.EqualFold(f.Name(), "ID") {
			if b, ok := f.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Int64 {
				p.idField, p.seenID = len(p.m.Columns), true
			}
		}
		p.m.Columns = append(p.m.Columns, col)
		if deleted && p.m.SoftDelete == "" {
			p.m.SoftDelete = col.Name // Delete sets it, reads skip its rows
		}
		for _, name := range indexes {
			p.addIndex(name, col.Name, false)
		}
		for _, name := range uniques {
			p.addIndex(name, col.Name, true)
		}
	}
}

// addIndex adds col to the index name ("\x00": the column's own index).
func (p *xormParser) addIndex(name, col string, unique bool) {
	if name == "\x00" {
		name = col
	}
	key := strings.ToLower(name)
	if unique {
		key = "uqe_" + key
	} else {
		key = "idx_" + key
	}
	ix := p.idx[key]
	if ix == nil {
		ix = &schema.Index{Name: key, Unique: unique}
		p.idx[key] = ix
		p.order = append(p.order, key)
	}
	ix.Columns = append(ix.Columns, col)
}

// xormWords splits a tag into its words, keeping quoted text and
// parentheses together: `varchar(255) default ” comment('a b')`.
func xormWords(tag string) []string {
	var out []string
	var cur strings.Builder
	quote, paren := false, 0
	for _, r := range tag {
		switch {
		case r == '\'':
			quote = !quote
		case r == '(' && !quote:
			paren++
		case r == ')' && !quote && paren > 0:
			paren--
		case r == ' ' && !quote && paren == 0:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteRune(r)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// xormKeywords are xorm's tag keywords other than pk, index, unique and
// default, which the parser reads.
var xormKeywords = map[string]bool{
	"-": true, "<-": true, "->": true, "NULL": true, "NOT": true, "AUTOINCR": true,
	"CREATED": true, "UPDATED": true, "DELETED": true, "VERSION": true, "UTC": true,
	"LOCAL": true, "NOTNULL": true, "CACHE": true, "NOCACHE": true, "COMMENT": true,
	"EXTENDS": true, "UNSIGNED": true, "JSON": true,
}

// xormSQLTypes are the column types a tag may name.
var xormSQLTypes = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`BIT UNSIGNED TINYINT SMALLINT MEDIUMINT INT INTEGER BIGINT
		SERIAL BIGSERIAL INT4 INT8 FLOAT4 FLOAT8 CHAR VARCHAR NCHAR NVARCHAR TINYTEXT TEXT
		NTEXT MEDIUMTEXT LONGTEXT CLOB UUID UNIQUEIDENTIFIER SYSNAME JSON JSONB XML ENUM SET
		ARRAY DATE DATETIME SMALLDATETIME TIME TIMESTAMP TIMESTAMPZ YEAR DATETIME2
		DATETIMEOFFSET DECIMAL NUMERIC MONEY SMALLMONEY REAL FLOAT DOUBLE BINARY VARBINARY
		TINYBLOB BLOB MEDIUMBLOB LONGBLOB BYTEA BOOL BOOLEAN GEOMETRY CHAR16`) {
		xormSQLTypes[t] = true
	}
}

// xormColumnType reports whether an untagged field of type t is a column
// worth knowing: basic types, []byte, time, valuers and scanners.
func xormColumnType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return true
	case *types.Slice:
		if b, ok := u.Elem().(*types.Basic); ok && b.Kind() == types.Byte {
			return true
		}
	case *types.Pointer:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok {
			return b.Info()&types.IsUntyped == 0
		}
	}
	return scalar(t)
}

// XORMMapperIn returns the mappers the package gives its engine:
// SetMapper sets both, SetTableMapper and SetColumnMapper one each, and
// the other keeps xorm's default, SnakeMapper. Known is false when the
// package calls none, or calls them with a prefix or suffix mapper or
// with different mappers for one side.
func XORMMapperIn(src Source) XORMNames {
	var table, column *XORMMapper
	unknown := false
	set := func(side **XORMMapper, m XORMMapper) {
		if *side != nil && **side != m {
			unknown = true
		}
		*side = &m
	}
	for _, f := range src.Files {
		if !imports(f, pkgXORM) && !imports(f, pkgXORMFork) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			switch sel.Sel.Name {
			case "SetMapper", "SetTableMapper", "SetColumnMapper":
			default:
				return true
			}
			fn, ok := src.Info.Uses[sel.Sel].(*types.Func)
			if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgXORM && fn.Pkg().Path() != pkgXORMFork {
				return true
			}
			var m XORMMapper
			switch _, name := namedOf(src.Info.TypeOf(call.Args[0])); name {
			case "SnakeMapper":
				m = XORMSnake
			case "GonicMapper":
				m = XORMGonic
			case "SameMapper":
				m = XORMSame
			default:
				unknown = true
				return true
			}
			if sel.Sel.Name != "SetColumnMapper" {
				set(&table, m)
			}
			if sel.Sel.Name != "SetTableMapper" {
				set(&column, m)
			}
			return true
		})
	}
	if unknown || table == nil && column == nil {
		return XORMNames{}
	}
	out := XORMNames{Known: true}
	if table != nil {
		out.Table = *table
	}
	if column != nil {
		out.Column = *column
	}
	return out
}

func namedOf(t types.Type) (pkg, name string) {
	if t == nil {
		return "", ""
	}
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", ""
	}
	return n.Obj().Pkg().Path(), n.Obj().Name()
}

// XORMTableName returns the table xorm uses for the struct obj: a
// constant TableName() result, else the table mapper's name for the type.
// known is false when neither can be told.
func XORMTableName(obj *types.TypeName, src Source, names XORMNames) (string, bool) {
	mapper, mapperKnown := names.Table, names.Known
	if fn := tableNameMethod(obj); fn != nil {
		decl := src.FuncDecl(fn)
		if decl == nil || decl.Body == nil {
			return "", false
		}
		return constantReturn(src.Info, decl.Body)
	}
	if !mapperKnown && XORMSnake.Name(obj.Name()) != XORMGonic.Name(obj.Name()) {
		return "", false
	}
	return mapper.Name(obj.Name()), true
}
