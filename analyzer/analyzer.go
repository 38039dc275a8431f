package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/rules"
	"github.com/locklint/locklint/txflow"
)

const doc = `find SQL lock risks: unindexed and range locks, locks outside transactions

locklint reads the SQL that Go code sends through database/sql, sqlx and
GORM, places each statement in its transaction, and reports what InnoDB
will lock, until when, and how to fix it. Give it the schema with -schema
(DDL files, migration directories, JSON snapshots) so it can tell which
WHERE clauses can use an index; a table it does not know is never reported
as unindexed.`

// DocsURL is where each rule's documentation lives, as DocsURL + id + ".md".
const DocsURL = "https://github.com/locklint/locklint/blob/main/docs/rules/"

// Analyzer is locklint with its default configuration and flags.
var Analyzer = New(Config{})

// New returns a locklint analyzer configured by cfg. Its flags start from
// cfg's values and change a copy of it, so two analyzers never share state.
func New(cfg Config) *analysis.Analyzer {
	c := cfg
	a := &analysis.Analyzer{
		Name: "locklint",
		Doc:  doc,
		URL:  DocsURL + "README.md",
		Run:  func(pass *analysis.Pass) (any, error) { return run(pass, &c) },
	}
	c.register(&a.Flags)
	return a
}

func run(pass *analysis.Pass, c *Config) (any, error) {
	if !touchesDatabase(pass.Pkg) {
		return nil, nil
	}
	s, err := c.resolve()
	if err != nil {
		return nil, err
	}
	ctx := &rules.Context{Schema: loadSchema(c.Schema, packageDir(pass)), Server: s.server}
	var findings []rules.Finding
	for _, file := range pass.Files {
		if ast.IsGenerated(file) {
			continue // its SQL is fixed where it is generated from
		}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			for _, f := range extract.Decl(pass.TypesInfo, fd) {
				if len(f.Sites) == 0 && len(f.Events) == 0 {
					continue
				}
				tf := txflow.Analyze(f, cfg.New(f.Body(), mayReturn(pass.TypesInfo)))
				findings = append(findings, check(ctx, s.rules, tf)...)
			}
		}
	}
	report(pass, findings)
	return nil, nil
}

// check runs the rules on one function.
func check(ctx *rules.Context, enabled []*rules.Rule, f *txflow.Func) []rules.Finding {
	var out []rules.Finding
	for _, r := range enabled {
		if r.Stmt != nil {
			for _, st := range f.Stmts {
				out = append(out, r.Stmt(ctx, st)...)
			}
		}
		if r.Tx != nil {
			for _, tx := range f.Txs {
				out = append(out, r.Tx(ctx, tx)...)
			}
		}
		if r.Func != nil {
			out = append(out, r.Func(ctx, f)...)
		}
	}
	return out
}

// databasePackages are the imports that mean a package may talk to a
// database; a package importing none of them is skipped at no cost.
var databasePackages = map[string]bool{
	"database/sql":            true,
	"github.com/jmoiron/sqlx": true,
	"gorm.io/gorm":            true,
	"github.com/jinzhu/gorm":  true,
}

func touchesDatabase(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if databasePackages[imp.Path()] {
			return true
		}
	}
	return false
}

// mayReturn tells the CFG builder which calls never return, so that code
// after log.Fatal or panic is not a path.
func mayReturn(info *types.Info) func(*ast.CallExpr) bool {
	return func(call *ast.CallExpr) bool {
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			if b, ok := info.Uses[fun].(*types.Builtin); ok && b.Name() == "panic" {
				return false
			}
		}
		fn, ok := extractCallee(info, call)
		if !ok {
			return true
		}
		switch fn {
		case "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln", "runtime.Goexit":
			return false
		}
		return true
	}
}

func extractCallee(info *types.Info, call *ast.CallExpr) (string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Type().(*types.Signature).Recv() != nil {
		return "", false
	}
	return fn.Pkg().Path() + "." + fn.Name(), true
}

// report sorts findings, drops duplicates and suppressed ones, and reports
// the rest.
func report(pass *analysis.Pass, findings []rules.Finding) {
	sort.SliceStable(findings, func(i, j int) bool {
		if findings[i].Pos != findings[j].Pos {
			return findings[i].Pos < findings[j].Pos
		}
		return findings[i].Rule.ID < findings[j].Rule.ID
	})
	ignores := collectIgnores(pass)
	var last rules.Finding
	for i, f := range findings {
		if i > 0 && f.Pos == last.Pos && f.Rule == last.Rule {
			continue
		}
		last = f
		if ignores.suppresses(pass.Fset, f) {
			continue
		}
		d := analysis.Diagnostic{
			Pos:            f.Pos,
			Category:       f.Rule.ID,
			Message:        f.Rule.ID + ": " + f.Message,
			URL:            DocsURL + f.Rule.ID + ".md",
			SuggestedFixes: f.Fixes,
		}
		for _, r := range f.Related {
			if r.Pos != token.NoPos {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.Pos, Message: r.Message})
			}
		}
		pass.Report(d)
	}
	ignores.reportMalformed(pass)
}
