package extract

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/locklint/locklint/sqltext"
)

// sqlbuilderSrc is a function whose every `... .Build()` line carries, in
// the comment after it, the text extraction must render (or "unknown"),
// and after " | " how many arguments are bound one by one ("-": not
// known).
const sqlbuilderSrc = `package p

import "github.com/huandu/go-sqlbuilder"

func f(id, owner int64, ids []interface{}, table string, lock bool, rows [][2]int64, fl sqlbuilder.Flavor) {
	s1 := sqlbuilder.NewSelectBuilder()
	s1.Select("id", "email").From("accounts").Where(s1.Equal("owner_id", owner), s1.GreaterThan("id", id))
	s1.OrderBy("id").Limit(10).ForUpdate()
	_, _ = s1.Build() // SELECT id, email FROM accounts WHERE owner_id = ? AND id > ? ORDER BY id LIMIT ? FOR UPDATE | 3
	u1 := sqlbuilder.MySQL.NewUpdateBuilder()
	u1.Update("accounts")
	u1.Set(u1.Assign("email", "x"), u1.Incr("version"))
	u1.Where(u1.Equal("id", id))
	_, _ = u1.Build() // UPDATE accounts SET email = ?, version = version + 1 WHERE id = ? | 2
	d1 := sqlbuilder.NewDeleteBuilder()
	d1.DeleteFrom("links")
	d1.Where(d1.In("owner_id", ids...))
	_, _ = d1.Build() // DELETE FROM links WHERE owner_id IN (?) | -
	d2 := sqlbuilder.NewDeleteBuilder()
	d2.DeleteFrom("links")
	d2.Where(d2.Or(d2.Equal("a", 1), d2.IsNull("b")), "c = 2")
	_, _ = d2.Build() // DELETE FROM links WHERE (a = ? OR b IS NULL) AND c = 2 | 1
	i1 := sqlbuilder.NewInsertBuilder()
	i1.InsertInto("links")
	i1.Cols("owner_id", "tag_id")
	for _, r := range rows {
		i1.Values(r[0], r[1])
	}
	_, _ = i1.Build() // INSERT INTO links (owner_id, tag_id) VALUES (?, ?) | -
	i2 := sqlbuilder.InsertIgnoreInto("links").Cols("owner_id", "tag_id").Values(owner, id)
	_, _ = i2.Build() // INSERT IGNORE INTO links (owner_id, tag_id) VALUES (?, ?) | 2
	s2 := sqlbuilder.PostgreSQL.NewSelectBuilder()
	s2.Select("id").From("accounts").Where(s2.Equal("id", id))
	_, _ = s2.Build() // unknown
	s3 := sqlbuilder.NewSelectBuilder()
	s3.Select("id").From("orders").Where(s3.Equal("region", "eu"))
	if owner > 0 {
		s3.Where(s3.Equal("customer_id", owner))
	}
	s3.ForUpdate()
	_, _ = s3.Build() // SELECT id FROM orders WHERE region = ? HOLE FOR UPDATE | -
	s4 := sqlbuilder.NewSelectBuilder()
	s4.Select("id").From("orders").Where(s4.Equal("id", id))
	if lock {
		s4.ForUpdate()
	}
	_, _ = s4.Build() // unknown
	s5 := sqlbuilder.NewSelectBuilder()
	s5.Select("id").From(table).Where(s5.Equal("id", id))
	_, _ = s5.Build() // SELECT id FROM HOLE WHERE id = ? | 1
	s6 := sqlbuilder.NewSelectBuilder()
	s6.Select("id").From("orders")
	helper(s6)
	_, _ = s6.Build() // unknown
	s7 := sqlbuilder.NewSelectBuilder()
	s7.Select("id").From("orders")
	s8 := s7
	_, _ = s8.Build() // unknown
	s9 := sqlbuilder.NewSelectBuilder()
	s9.Select("id").From("orders")
	for range rows {
		_, _ = s9.Build() // SELECT id FROM orders | 0
	}
	s10 := sqlbuilder.NewSelectBuilder()
	for range rows {
		s10.Select("id").From("orders")
		_, _ = s10.Build() // unknown
	}
	s11 := sqlbuilder.NewSelectBuilder()
	s11.SQL("/* x */").Select("id").From("orders")
	_, _ = s11.Build() // unknown
	s12 := sqlbuilder.Select("id").From("orders")
	s12.Where(s12.Equal("id", id))
	_, _ = s12.BuildWithFlavor(sqlbuilder.MySQL) // SELECT id FROM orders WHERE id = ? | 1
	_, _ = s12.BuildWithFlavor(sqlbuilder.SQLite) // unknown
	s13 := fl.NewSelectBuilder()
	s13.Select("id").From("orders")
	_, _ = s13.Build() // unknown
	other := sqlbuilder.NewSelectBuilder()
	s14 := sqlbuilder.NewSelectBuilder()
	s14.Select("id").From("orders").Where(other.Equal("id", id))
	_, _ = s14.Build() // SELECT id FROM orders WHERE HOLE | -
	s15 := sqlbuilder.NewSelectBuilder()
	s15.Select("o.id").From("orders o").JoinWithOption(sqlbuilder.LeftJoin, "lines l", "l.order_id = o.id").Where(s15.Equal("o.id", id)).GroupBy("o.id")
	_, _ = s15.Build() // SELECT o.id FROM orders o LEFT JOIN lines l ON l.order_id = o.id WHERE o.id = ? GROUP BY o.id | 1
	d3 := sqlbuilder.NewDeleteBuilder()
	d3.DeleteFrom("links").Where("price > $0")
	_, _ = d3.Build() // DELETE FROM links WHERE HOLE | -
	u2 := sqlbuilder.NewUpdateBuilder()
	u2.Update("accounts").Set(u2.Assign("n", 1))
	_, _ = u2.Build() // UPDATE accounts SET n = ? | 1
	u2.Where(u2.Equal("id", id))
}

func helper(sb *sqlbuilder.SelectBuilder) {}
`

// stubImporter type-checks the stand-in of one library from the golden
// packages and takes everything else from the standard library's sources.
type stubImporter struct {
	fset *token.FileSet
	std  types.Importer
	path string
	dir  string
	pkg  *types.Package
}

func (im *stubImporter) Import(path string) (*types.Package, error) {
	if path != im.path {
		return im.std.Import(path)
	}
	if im.pkg != nil {
		return im.pkg, nil
	}
	matches, err := filepath.Glob(filepath.Join(im.dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, m := range matches {
		src, err := os.ReadFile(m)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(im.fset, m, src, 0)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: im.std}
	im.pkg, err = conf.Check(path, im.fset, files, nil)
	return im.pkg, err
}

func TestSQLBuilderRender(t *testing.T) {
	fset, info, fn, d, want := renderFixture(t, sqlbuilderSrc, func(fset *token.FileSet) types.Importer {
		return &stubImporter{fset: fset, std: importer.ForCompiler(fset, "source", nil), path: pkgSQLBuilder,
			dir: filepath.Join("..", "testdata", "src", "github.com", "huandu", "go-sqlbuilder")}
	})
	n := 0
	ast.Inspect(fn.Body, func(node ast.Node) bool {
		call, ok := node.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !strings.HasPrefix(sel.Sel.Name, "Build") {
			return true
		}
		line := fset.Position(call.Pos()).Line
		if _, ok := want[line]; !ok {
			return true
		}
		n++
		text, args, _, ok := sqlbuilderBuild(info, d, call)
		got := "unknown"
		if ok {
			got = strings.ReplaceAll(text, sqltext.Hole, "HOLE")
			bound := "-"
			if args != nil {
				bound = string(rune('0' + len(args)))
				if len(args) != strings.Count(text, "?") {
					t.Errorf("line %d: %d arguments for %q", line, len(args), got)
				}
			}
			got += " | " + bound
		}
		if got != want[line] {
			t.Errorf("line %d: rendered\n\t%s\nwant\n\t%s", line, got, want[line])
		}
		return true
	})
	if n != 22 {
		t.Errorf("saw %d Build calls, want 22", n)
	}
}
