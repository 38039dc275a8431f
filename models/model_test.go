package models

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"testing"

	"github.com/locklint/locklint/schema"
)

// check type-checks src (package m) with stub gorm packages and returns
// its package, syntax and type information.
func check(t *testing.T, src string) (*types.Package, Source, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	files := map[string]string{
		"gorm.io/gorm": `package gorm
import "time"
type DeletedAt struct{ Time time.Time; Valid bool }
func (n *DeletedAt) Scan(value interface{}) error { return nil }
type Model struct {
	ID        uint ` + "`gorm:\"primarykey\"`" + `
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt DeletedAt ` + "`gorm:\"index\"`" + `
}
type DB struct{}
type Config struct{ NamingStrategy interface{} }
`,
		"gorm.io/gorm/schema": `package schema
type NamingStrategy struct {
	TablePrefix string
	SingularTable bool
	NoLowerCase bool
}
`,
		"github.com/jinzhu/gorm": `package gorm
import "time"
type Model struct {
	ID        uint ` + "`gorm:\"primary_key\"`" + `
	CreatedAt time.Time
	DeletedAt *time.Time ` + "`sql:\"index\"`" + `
}
type DB struct{}
func (s *DB) SingularTable(enable bool) {}
`,
		"xorm.io/xorm/names": `package names
type Mapper interface{ Obj2Table(string) string }
type SnakeMapper struct{}
func (SnakeMapper) Obj2Table(s string) string { return s }
type GonicMapper map[string]bool
func (GonicMapper) Obj2Table(s string) string { return s }
type PrefixMapper struct{ Mapper Mapper; Prefix string }
func (PrefixMapper) Obj2Table(s string) string { return s }
`,
		"entgo.io/ent/dialect/sql/schema": `package schema
type Table struct {
	Name        string
	Columns     []*Column
	PrimaryKey  []*Column
	ForeignKeys []*ForeignKey
	Indexes     []*Index
}
type Column struct {
	Name   string
	Unique bool
	Nullable bool
}
type Index struct {
	Name    string
	Unique  bool
	Columns []*Column
}
type ForeignKey struct {
	Symbol  string
	Columns []*Column
}
`,
		// bun declares BaseModel as an alias of schema.BaseModel.
		"github.com/uptrace/bun": `package bun
import "github.com/uptrace/bun/schema"
type BaseModel = schema.BaseModel
`,
		"github.com/uptrace/bun/schema": `package schema
type BaseModel struct{}
`,
		"xorm.io/xorm": `package xorm
import "xorm.io/xorm/names"
type Engine struct{}
func (e *Engine) SetMapper(m names.Mapper) {}
func (e *Engine) SetTableMapper(m names.Mapper) {}
func (e *Engine) SetColumnMapper(m names.Mapper) {}
`,
	}
	pkgs := map[string]*types.Package{}
	var imp types.ImporterFrom
	imp = importerFunc(func(path string) (*types.Package, error) {
		if p, ok := pkgs[path]; ok {
			return p, nil
		}
		if src, ok := files[path]; ok {
			f, err := parser.ParseFile(fset, path+".go", src, 0)
			if err != nil {
				return nil, err
			}
			p, err := (&types.Config{Importer: imp}).Check(path, fset, []*ast.File{f}, nil)
			pkgs[path] = p
			return p, err
		}
		return importer.Default().Import(path)
	})
	f, err := parser.ParseFile(fset, "m.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: imp}).Check("m", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, Source{Info: info, Files: []*ast.File{f}}, fset
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
func (f importerFunc) ImportFrom(path, _ string, _ types.ImportMode) (*types.Package, error) {
	return f(path)
}

func tables(t *testing.T, src string) map[string]*Table {
	t.Helper()
	pkg, s, fset := check(t, src)
	fact := Read(pkg, s, fset)
	out := map[string]*Table{}
	if fact == nil {
		return out
	}
	for i := range fact.Tables {
		out[fact.Tables[i].Type] = &fact.Tables[i]
	}
	return out
}

func indexes(tb *Table) string {
	var parts []string
	for _, ix := range tb.Schema.Indexes {
		s := ix.Name + "(" + strings.Join(ix.Columns, ",") + ")"
		if ix.Primary {
			s += " primary"
		} else if ix.Unique {
			s += " unique"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func TestReadV2Tags(t *testing.T) {
	got := tables(t, `package m

import "gorm.io/gorm"

type Wallet struct {
	ID      int64
	OwnerID int64  `+"`gorm:\"index\"`"+`
	Number  string `+"`gorm:\"uniqueIndex\"`"+`
	Region  string `+"`gorm:\"index:idx_kind_region,priority:2\"`"+`
	Kind    string `+"`gorm:\"index:idx_kind_region,priority:1\"`"+`
	Code    string `+"`gorm:\"column:wallet_code;unique\"`"+`
	Seq     int    `+"`gorm:\"index:,unique\"`"+`
	Skip    string `+"`gorm:\"-\"`"+`
	Body    string `+"`gorm:\"index:,class:FULLTEXT\"`"+`
	Owner   *Person
	Tags    []string
}

type Address struct {
	City string `+"`gorm:\"index\"`"+`
	Zip  string
}

type Person struct {
	gorm.Model
	Home  Address `+"`gorm:\"embedded;embeddedPrefix:home_\"`"+`
	Email string  `+"`gorm:\"uniqueIndex:uk_email\"`"+`
}

type Seat struct {
	Hall string `+"`gorm:\"primaryKey\"`"+`
	Row  int    `+"`gorm:\"primaryKey;index:idx_row\"`"+`
	Note string `+"`gorm:\"size:10\"`"+`
}

type Plain struct {
	ID   int64
	Name string
}

type Named struct {
	ID int64
}

func (Named) TableName() string { return "legacy_named" }
`)
	if _, ok := got["Plain"]; ok {
		t.Errorf("an untagged struct without TableName was taken for a model")
	}
	w := got["Wallet"]
	if w == nil {
		t.Fatalf("no Wallet: %v", got)
	}
	if want := "primary(id) primary; idx_kind_region(kind,region); idx_wallets_number(number) unique; idx_wallets_owner_id(owner_id); idx_wallets_seq(seq) unique; uni_wallets_wallet_code(wallet_code) unique"; indexes(w) != want {
		t.Errorf("Wallet indexes:\n got %s\nwant %s", indexes(w), want)
	}
	if want := []string{"id", "owner_id", "number", "region", "kind", "wallet_code", "seq", "body"}; !reflect.DeepEqual(w.Schema.Columns, want) {
		t.Errorf("Wallet columns: got %v, want %v", w.Schema.Columns, want)
	}
	p := got["Person"]
	if want := "primary(id) primary; idx_people_city(home_city); idx_people_deleted_at(deleted_at); uk_email(email) unique"; p == nil || indexes(p) != want {
		t.Errorf("Person (table people) indexes:\n got %v\nwant %s", p, want)
	} else if p.Name != "people" {
		t.Errorf("Person's table: %s", p.Name)
	}
	s := got["Seat"]
	if want := "primary(hall,row) primary; idx_row(row)"; s == nil || indexes(s) != want {
		t.Errorf("Seat indexes: got %v, want %s", s, want)
	}
	n := got["Named"]
	if n == nil || n.Name != "legacy_named" || n.Schema != nil {
		t.Errorf("Named: got %+v, want its name only", n)
	}
}

func TestReadV1Tags(t *testing.T) {
	got := tables(t, `package m

import "github.com/jinzhu/gorm"

type Order struct {
	gorm.Model
	CustomerID int64  `+"`gorm:\"index:idx_customer_status\"`"+`
	Status     string `+"`gorm:\"index:idx_customer_status\"`"+`
	Ref        string `+"`gorm:\"unique_index\"`"+`
	Region     string `+"`sql:\"index\"`"+`
}

var _ = func(db *gorm.DB) { db.SingularTable(true) }
`)
	o := got["Order"]
	if o == nil {
		t.Fatalf("no Order: %v", got)
	}
	if o.Name != "order" {
		t.Errorf("SingularTable(true): table %q, want order", o.Name)
	}
	if want := "primary(id) primary; idx_customer_status(customer_id,status); idx_order_deleted_at(deleted_at); idx_order_region(region); uix_order_ref(ref) unique"; indexes(o) != want {
		t.Errorf("v1 indexes:\n got %s\nwant %s", indexes(o), want)
	}
}

func TestNamingStrategyLiteral(t *testing.T) {
	got := tables(t, `package m

import (
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

var cfg = gorm.Config{NamingStrategy: schema.NamingStrategy{TablePrefix: "app_"}}

type UserProfile struct {
	ID int64 `+"`gorm:\"primaryKey\"`"+`
}
`)
	if u := got["UserProfile"]; u == nil || u.Name != "app_user_profiles" {
		t.Errorf("got %+v, want table app_user_profiles", u)
	}
	got = tables(t, `package m

import "gorm.io/gorm/schema"

var ns = schema.NamingStrategy{NoLowerCase: true}

type UserProfile struct {
	ID int64 `+"`gorm:\"primaryKey\"`"+`
}
`)
	if u, ok := got["UserProfile"]; ok {
		t.Errorf("NoLowerCase: naming is unknown, got table %q", u.Name)
	}
}

func TestDisagreement(t *testing.T) {
	model := &schema.Table{Name: "accounts", Indexes: []schema.Index{
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
		{Name: "idx_accounts_owner_id", Columns: []string{"owner_id"}},
		{Name: "idx_accounts_email", Columns: []string{"email"}, Unique: true},
	}}
	ddl := &schema.Table{Name: "accounts", Indexes: []schema.Index{
		{Name: "PRIMARY", Columns: []string{"id"}, Unique: true, Primary: true},
		{Name: "idx_owner", Columns: []string{"owner_id"}},
		{Name: "uk_email", Columns: []string{"email"}, Unique: true},
	}}
	if d := Disagreement(model, ddl); d != "" {
		t.Errorf("same indexes under other names: %q", d)
	}
	ddl.Indexes = append(ddl.Indexes[:2], schema.Index{Name: "idx_status", Columns: []string{"status"}})
	want := "only the DDL has index idx_status (status); only the model's tags have unique index idx_accounts_email (email)"
	if d := Disagreement(model, ddl); d != want {
		t.Errorf("got  %q\nwant %q", d, want)
	}
}
