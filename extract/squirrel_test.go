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

// squirrelSrc is a function whose every `_ = ... .ToSql()` line carries,
// in the comment after it, the text extraction must render (or "unknown").
const squirrelSrc = `package p

import sq "github.com/Masterminds/squirrel"

var pg = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

func f(id, owner int64, ids []int64, table string, lock bool, cond sq.Sqlizer) {
	q1, _, _ := sq.Select("id", "email").From("accounts").Where(sq.Eq{"owner_id": owner, "email": "x"}).Suffix("FOR UPDATE").ToSql() // SELECT id, email FROM accounts WHERE (email = ? AND owner_id = ?) FOR UPDATE
	q2, _, _ := sq.Update("accounts").Set("balance", sq.Expr("balance - ?", 5)).Where("id = ?", id).ToSql() // UPDATE accounts SET balance = balance - ? WHERE id = ?
	q3, _, _ := sq.Insert("accounts").Columns("id", "email").Values(id, "x").Suffix("ON DUPLICATE KEY UPDATE email = VALUES(email)").ToSql() // INSERT INTO accounts (id, email) VALUES (?, ?) ON DUPLICATE KEY UPDATE email = VALUES(email)
	q4, _, _ := sq.Delete("jobs").Where(sq.Or{sq.Lt{"run_at": 1}, sq.Eq{"worker": nil}}).ToSql() // DELETE FROM jobs WHERE (run_at < ? OR worker IS NULL)
	q5, _, _ := sq.Select("id").From("jobs").Where(sq.Eq{"id": ids}).OrderBy("id").Limit(10).ToSql() // SELECT id FROM jobs WHERE id IN (?) ORDER BY id LIMIT 10
	q6, _, _ := pg.Select("id").From("jobs").Where(sq.Eq{"id": id}).Where("status = ?", 1).ToSql() // SELECT id FROM jobs WHERE id = $1 AND status = $2
	q7, _, _ := sq.Select("id").From(table).Where(cond).ToSql() // SELECT id FROM HOLE WHERE HOLE
	b := sq.Select("id").From("orders").Where("region = ?", "eu").Suffix("FOR UPDATE")
	if owner > 0 {
		b = b.Where(sq.Eq{"customer_id": owner})
	}
	q8, _, _ := b.ToSql() // SELECT id FROM orders WHERE region = ? HOLE FOR UPDATE
	c := sq.Select("id").From("orders").Where("id = ?", id)
	if lock {
		c = c.Suffix("FOR UPDATE")
	}
	q9, _, _ := c.ToSql() // unknown
	q10, _, _ := sq.Update("jobs").SetMap(map[string]interface{}{"worker": "w", "status": 1}).Where(sq.Eq{"id": id}).Limit(1).ToSql() // UPDATE jobs SET status = ?, worker = ? WHERE id = ? LIMIT 1
	eq := sq.Eq{}
	eq["status"] = 1
	q11, _, _ := sq.Select("id").From("jobs").Where(eq).Suffix("FOR UPDATE").ToSql() // SELECT id FROM jobs WHERE HOLE FOR UPDATE
	or := sq.Or{}
	for _, x := range ids {
		or = append(or, sq.Eq{"id": x})
	}
	q12, _, _ := sq.Delete("jobs").Where(or).ToSql() // DELETE FROM jobs WHERE HOLE
	r := sq.Select("id").From("orders").Where(sq.Eq{"region": "eu"}).OrderBy("id").Limit(5).Suffix("FOR UPDATE")
	if owner > 0 {
		r = r.Where(sq.Eq{"customer_id": owner})
	}
	if id > 0 {
		r = r.Where(sq.Gt{"id": id})
	}
	q13, _, _ := r.ToSql() // SELECT id FROM orders WHERE region = ? HOLE ORDER BY id LIMIT 5 FOR UPDATE
	_, _, _, _, _, _, _, _, _, _, _, _, _ = q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13
	_, a14, _ := sq.Select("id").From("jobs").Where(table, id).Where("status = ?", 1).ToSql() // SELECT id FROM jobs WHERE HOLE AND status = ?
	_, a15, _ := sq.Select("id").From("jobs").Where("worker = ?", table).Where(sq.Eq{"status": 1}).ToSql() // SELECT id FROM jobs WHERE worker = ? AND status = ?
	_, _ = a14, a15
	m := sq.Delete("jobs").Where(sq.Eq{"id": id})
	if id > 0 {
		m = m.Where(sq.Eq{"c0": id})
	}
	if id > 1 {
		m = m.Where(sq.Eq{"c1": id})
	}
	if id > 2 {
		m = m.Where(sq.Eq{"c2": id})
	}
	if id > 3 {
		m = m.Where(sq.Eq{"c3": id})
	}
	if id > 4 {
		m = m.Where(sq.Eq{"c4": id})
	}
	if id > 5 {
		m = m.Where(sq.Eq{"c5": id})
	}
	if id > 6 {
		m = m.Where(sq.Eq{"c6": id})
	}
	if id > 7 {
		m = m.Where(sq.Eq{"c7": id})
	}
	if id > 8 {
		m = m.Where(sq.Eq{"c8": id})
	}
	if id > 9 {
		m = m.Where(sq.Eq{"c9": id})
	}
	if id > 10 {
		m = m.Where(sq.Eq{"c10": id})
	}
	if id > 11 {
		m = m.Where(sq.Eq{"c11": id})
	}
	if id > 12 {
		m = m.Where(sq.Eq{"c12": id})
	}
	if id > 13 {
		m = m.Where(sq.Eq{"c13": id})
	}
	if id > 14 {
		m = m.Where(sq.Eq{"c14": id})
	}
	if id > 15 {
		m = m.Where(sq.Eq{"c15": id})
	}
	if id > 16 {
		m = m.Where(sq.Eq{"c16": id})
	}
	if id > 17 {
		m = m.Where(sq.Eq{"c17": id})
	}
	if id > 18 {
		m = m.Where(sq.Eq{"c18": id})
	}
	if id > 19 {
		m = m.Where(sq.Eq{"c19": id})
	}
	if id > 20 {
		m = m.Where(sq.Eq{"c20": id})
	}
	if id > 21 {
		m = m.Where(sq.Eq{"c21": id})
	}
	if id > 22 {
		m = m.Where(sq.Eq{"c22": id})
	}
	if id > 23 {
		m = m.Where(sq.Eq{"c23": id})
	}
	q16, _, _ := m.ToSql() // DELETE FROM jobs WHERE id = ? HOLE
	_ = q16
}
`

// squirrelImporter type-checks the squirrel stub of the golden packages
// and takes everything else from the standard library's sources.
type squirrelImporter struct {
	fset *token.FileSet
	std  types.Importer
	sq   *types.Package
}

func (im *squirrelImporter) Import(path string) (*types.Package, error) {
	if path != pkgSquirrel {
		return im.std.Import(path)
	}
	if im.sq != nil {
		return im.sq, nil
	}
	file := filepath.Join("..", "testdata", "src", "github.com", "Masterminds", "squirrel", "squirrel.go")
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(im.fset, file, src, 0)
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: im.std}
	im.sq, err = conf.Check(path, im.fset, []*ast.File{f}, nil)
	return im.sq, err
}

// squirrelBound says, for some lines of squirrelSrc, whether the builder's
// arguments must be known one by one.
var squirrelBound = map[int]bool{8: true, 9: true, 10: true, 12: false, 13: true, 25: true, 43: false, 44: true}

func TestSquirrelRender(t *testing.T) {
	fset, info, fn, d, want := renderFixture(t, squirrelSrc, func(fset *token.FileSet) types.Importer {
		return &squirrelImporter{fset: fset, std: importer.ForCompiler(fset, "source", nil)}
	})
	n := 0
	ast.Inspect(fn.Body, func(node ast.Node) bool {
		call, ok := node.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "ToSql" {
			return true
		}
		n++
		line := fset.Position(call.Pos()).Line
		text, args, _, ok := squirrelToSQL(info, d, call)
		got := "unknown"
		if ok {
			got = strings.ReplaceAll(text, sqltext.Hole, "HOLE")
			// Arguments are bound one by one only when each placeholder's
			// value is known.
			if args != nil && len(args) != strings.Count(text, "?")+strings.Count(text, "$") {
				t.Errorf("line %d: %d arguments for %q", line, len(args), got)
			}
			if wantArgs, ok := squirrelBound[line]; ok && (args != nil) != wantArgs {
				t.Errorf("line %d: arguments bound = %v, want %v", line, args != nil, wantArgs)
			}
		}
		if got != want[line] {
			t.Errorf("line %d: rendered\n\t%s\nwant\n\t%s", line, got, want[line])
		}
		return true
	})
	if n != 16 {
		t.Errorf("saw %d ToSql calls, want 16", n)
	}
}

// renderFixture type-checks src, a package whose function f sends builder
// chains with, in a comment on each chain's line, the text it renders. It
// returns what a render test needs: the positions, the types, f, f's
// definitions, and the wanted text by line.
func renderFixture(t *testing.T, src string, imp func(*token.FileSet) types.Importer) (*token.FileSet, *types.Info, *ast.FuncDecl, defs, map[int]string) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits: map[ast.Node]types.Object{}, Scopes: map[ast.Node]*types.Scope{},
	}
	pkg, err := (&types.Config{Importer: imp(fset)}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	p := NewPackage(pkg, info, []*ast.File{f})
	var fn *ast.FuncDecl
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Name.Name == "f" {
			fn = fd
		}
	}
	want := map[int]string{}
	for _, cg := range f.Comments {
		want[fset.Position(cg.Pos()).Line] = strings.TrimSpace(strings.TrimPrefix(cg.Text(), "//"))
	}
	return fset, info, fn, p.defs[fn], want
}

func TestNumberPlaceholders(t *testing.T) {
	if got := numberPlaceholders("a = ? AND b ?? c AND d = ?", "$"); got != "a = $1 AND b ? c AND d = $2" {
		t.Errorf("numberPlaceholders = %q", got)
	}
}
