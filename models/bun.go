package models

import (
	"go/types"
	"reflect"
	"strings"

	"github.com/locklint/locklint/schema"
)

// bun (github.com/uptrace/bun) maps structs to tables by `bun:"..."`
// tags: the first word names the column (or, on the embedded
// bun.BaseModel, the table), the rest are options (pk, unique,
// unique:group, soft_delete, table:name, alias:a). Untold names are the
// Go name in snake case ("UserID": user_id), tables plural ("users").
//
// Tags declare the primary and unique keys only: other indexes come from
// migrations (NewCreateIndex, SQL files). A bun model's table is
// therefore Partial: its keys are certain, the absence of an index is not.

const pkgBun = "github.com/uptrace/bun"

// IsBunModel reports whether the struct obj embeds bun.BaseModel or has
// a bun tag on some field.
func IsBunModel(obj *types.TypeName) bool {
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if isBunBaseModel(st.Field(i)) {
			return true
		}
		if _, ok := reflect.StructTag(st.Tag(i)).Lookup("bun"); ok {
			return true
		}
	}
	return false
}

// isBunBaseModel reports whether f is the embedded bun.BaseModel. bun
// declares it as an alias of schema.BaseModel, so the field's type names
// the schema package.
func isBunBaseModel(f *types.Var) bool {
	return f.Anonymous() && (isNamed(f.Type(), pkgBun, "BaseModel") || isNamed(f.Type(), pkgBun+"/schema", "BaseModel"))
}

// bunTag is a parsed bun tag: its name and options.
type bunTag struct {
	name    string
	options map[string]string
}

// parseBunTag splits `name,opt,opt:value` at the commas outside quotes
// and parentheses (type:decimal(10,2)).
func parseBunTag(tag string) bunTag {
	t := bunTag{options: map[string]string{}}
	var parts []string
	var cur strings.Builder
	quote, paren := false, 0
	for _, r := range tag {
		switch {
		case r == '\'' || r == '"':
			quote = !quote
		case r == '(' && !quote:
			paren++
		case r == ')' && !quote && paren > 0:
			paren--
		case r == ',' && !quote && paren == 0:
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	parts = append(parts, cur.String())
	for i, p := range parts {
		p = strings.TrimSpace(p)
		k, v, hasValue := strings.Cut(p, ":")
		if i == 0 && !hasValue {
			t.name = p
			continue
		}
		if p == "" {
			continue
		}
		t.options[k] = strings.Trim(v, `'"`)
	}
	return t
}

// BunUnderscore is bun's internal.Underscore: "UserID" -> "user_id",
// "HTTPServer" -> "http_server".
func BunUnderscore(s string) string {
	isUpper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	isLower := func(c byte) bool { return 'a' <= c && c <= 'z' }
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			if i > 0 && i+1 < len(s) && (isLower(s[i-1]) || isLower(s[i+1])) {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// BunTable returns the table and alias bun uses for the struct obj: its
// BaseModel's table: (or bare name) and alias: options, else the plural
// of its snake-case name and that name.
func BunTable(obj *types.TypeName) (table, alias string) {
	model := BunUnderscore(obj.Name())
	table, alias = plural(model), model
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok {
		return table, alias
	}
	for i := 0; i < st.NumFields(); i++ {
		if !isBunBaseModel(st.Field(i)) {
			continue
		}
		tag := parseBunTag(reflect.StructTag(st.Tag(i)).Get("bun"))
		if tag.name != "" {
			table = tag.name
		}
		if s, ok := tag.options["table"]; ok && s != "" {
			table = s
		}
		if s, ok := tag.options["alias"]; ok && s != "" {
			alias = s
		}
	}
	if i := strings.LastIndexByte(table, '.'); i >= 0 {
		table = table[i+1:] // "schema"."table"
	}
	return strings.Trim(table, "`\""), alias
}

// ParseBun reads the struct type t (or the struct a pointer or slice
// holds) as bun maps it. It returns nil when t is not a named struct.
func ParseBun(t types.Type) *Model {
	named := structNamed(t)
	if named == nil {
		return nil
	}
	table, _ := BunTable(named.Obj())
	p := &bunParser{m: &Model{Table: table, Partial: true}, uniques: map[string][]string{}}
	p.fields(named.Underlying().(*types.Struct), nil, "", 0)
	var out []schema.Index
	if pk := p.m.PrimaryKey(); len(pk) > 0 {
		out = append(out, schema.Index{Name: "primary", Columns: pk, Unique: true, Primary: true})
	}
	for _, name := range p.order {
		ix := schema.Index{Name: name, Columns: p.uniques[name], Unique: true}
		if !covered(out, ix) {
			out = append(out, ix)
		}
	}
	p.m.Indexes = out
	return p.m
}

type bunParser struct {
	m       *Model
	uniques map[string][]string
	order   []string
}

func (p *bunParser) fields(st *types.Struct, path []string, prefix string, depth int) {
	if depth > maxEmbed {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		raw, tagged := reflect.StructTag(st.Tag(i)).Lookup("bun")
		if raw == "-" || isBunBaseModel(f) {
			continue
		}
		tag := parseBunTag(raw)
		fpath := append(append([]string(nil), path...), f.Name())
		_, rel := tag.options["rel"]
		_, m2m := tag.options["m2m"]
		if rel || m2m {
			continue
		}
		if emb, ok := tag.options["embed"]; ok || f.Anonymous() {
			if s, isStruct := deref(f.Type()).Underlying().(*types.Struct); isStruct && !scalar(deref(f.Type())) {
				p.fields(s, fpath, prefix+emb, depth+1)
				continue
			}
		}
		if !f.Exported() {
			continue
		}
		if !xormColumnType(f.Type()) && !(tagged && tag.name != "") {
			continue
		}
		name := BunUnderscore(f.Name())
		if tag.name != "" {
			name = tag.name
		}
		if s, ok := tag.options["column"]; ok && s != "" {
			name = s
		}
		col := Column{Name: strings.ToLower(prefix + name), Path: fpath}
		_, col.Primary = tag.options["pk"]
		p.m.Columns = append(p.m.Columns, col)
		if _, ok := tag.options["soft_delete"]; ok && p.m.SoftDelete == "" {
			p.m.SoftDelete = col.Name
		}
		if u, ok := tag.options["unique"]; ok {
			for _, g := range strings.Split(u, ",") {
				key := g
				if g == "" {
					key = "\x00" + col.Name // a key of its own
				} else if prefix != "" {
					key = prefix + g
				}
				if _, seen := p.uniques[key]; !seen {
					p.order = append(p.order, key)
				}
				p.uniques[key] = append(p.uniques[key], col.Name)
			}
		}
	}
	if depth == 0 {
		for i, k := range p.order {
			if strings.HasPrefix(k, "\x00") {
				cols := p.uniques[k]
				delete(p.uniques, k)
				k = cols[0]
				p.order[i] = k
				p.uniques[k] = cols
			}
		}
	}
}
