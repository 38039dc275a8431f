package rules

import (
	"go/ast"
	"go/token"
	"strings"
	"testing"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
)

// These tests feed ddl-lock and table-lock hand-built migration files (a
// list of statements run in order on one connection), and
// ineffective-lock a hand-built statement: no Go source.

// sqlFile is a migration made of the given statements.
func sqlFile(stmts ...string) *SQLFile {
	fset := token.NewFileSet()
	f := &SQLFile{Name: "0001_change.sql", Tok: fset.AddFile("0001_change.sql", -1, 1000)}
	for _, s := range stmts {
		f.Stmts = append(f.Stmts, sqltext.Summarize(s))
	}
	return f
}

// fileMessages runs a file rule and returns its messages.
func fileMessages(c *Context, rule *Rule, f *SQLFile) []string {
	var out []string
	for _, fd := range rule.File(c, f) {
		out = append(out, fd.Message)
	}
	return out
}

func TestDDLLockOnFiles(t *testing.T) {
	c := &Context{Schema: ordersSchema(), Server: target.Server{}}
	for _, tc := range []struct {
		name  string
		stmts []string
		want  string // "" for silence
	}{
		{"ALTER of a table in use, no timeout", []string{"ALTER TABLE orders MODIFY COLUMN customer_id INT NOT NULL"}, "orders"},
		{"short lock_wait_timeout first", []string{"SET SESSION lock_wait_timeout = 5", "ALTER TABLE orders MODIFY COLUMN customer_id INT NOT NULL"}, ""},
		{"a table the file creates", []string{"CREATE TABLE notes (id BIGINT PRIMARY KEY)", "ALTER TABLE notes ADD COLUMN body TEXT"}, ""},
		// legacy predates the migrations: only what this file does to it is known.
		{"a column the file added, renamed keeping its type", []string{"ALTER TABLE legacy ADD COLUMN tags_new JSON", "ALTER TABLE legacy CHANGE COLUMN tags_new tags JSON NOT NULL"}, ""},
		{"a column the file added, given another type", []string{"ALTER TABLE legacy ADD COLUMN n INT", "ALTER TABLE legacy MODIFY COLUMN n BIGINT"}, "copies the table"},
		{"a column of unknown type", []string{"ALTER TABLE legacy CHANGE COLUMN tags_new tags JSON NOT NULL"}, "copies the table"},
	} {
		got := fileMessages(c, DDLLock, sqlFile(tc.stmts...))
		if tc.want == "" && len(got) != 0 || tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTableLockOnFiles(t *testing.T) {
	c := &Context{Schema: ordersSchema(), Server: target.Server{}}
	for _, tc := range []struct {
		name  string
		stmts []string
		want  string
	}{
		{"never released", []string{"LOCK TABLES orders WRITE", "UPDATE orders SET status = 'x'"}, "never runs UNLOCK TABLES"},
		{"released in the file", []string{"LOCK TABLES orders WRITE", "UPDATE orders SET status = 'x'", "UNLOCK TABLES"}, ""},
		{"no table lock", []string{"UPDATE orders SET status = 'x' WHERE id = 1"}, ""},
	} {
		got := fileMessages(c, TableLock, sqlFile(tc.stmts...))
		if tc.want == "" && len(got) != 0 || tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestIneffectiveLockOnStatements(t *testing.T) {
	c := &Context{Schema: ordersSchema()}
	dropped := stmt("SELECT * FROM orders WHERE id = ?", extract.HandleTx)
	dropped.Site.IgnoredLock = &extract.IgnoredLock{Call: &ast.CallExpr{Fun: ast.NewIdent("Set")}, Option: "FOR UPDATE"}
	if got := check(t, c, IneffectiveLock, dropped); len(got) != 1 || !strings.Contains(got[0], "GORM v2 ignores it") {
		t.Errorf("a dropped FOR UPDATE: got %q", got)
	}
	locked := stmt("SELECT * FROM orders WHERE id = ? FOR UPDATE", extract.HandleTx)
	if got := check(t, c, IneffectiveLock, locked); len(got) != 0 {
		t.Errorf("a lock the library sends: got %q", got)
	}
}
