package analyzer

import (
	"fmt"
	"go/types"
	"io"
	"maps"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/schema"
)

// GORM models are a schema source: the tables, primary keys and indexes
// their gorm tags declare are what AutoMigrate creates. Each package's
// models are exported as a models.Fact, so a repository package sees the
// models of the package it imports. The -schema DDL, which the user
// controls, wins where both describe a table.

// exportModels reads the models the package declares and exports them.
// It runs for every package, database code or not: a package of plain
// model structs is exactly what other packages need to know.
func exportModels(pass *analysis.Pass) *models.Fact {
	deps := depModels(pass)
	fact := models.ReadWith(pass.Pkg, models.Source{Info: pass.TypesInfo, Files: pass.Files}, pass.Fset, inheritedXORM(deps))
	if fact != nil {
		pass.ExportPackageFact(fact)
	}
	if len(deps) > 0 {
		c := &models.Carried{}
		for _, path := range slices.Sorted(maps.Keys(deps)) {
			c.Pkgs = append(c.Pkgs, models.PkgFact{Path: path, Fact: *deps[path]})
		}
		pass.ExportPackageFact(c)
	}
	return fact
}

// depModels returns the models of every package the analyzed one
// depends on, directly or not, by path: the facts of the packages the
// driver gives and those they carry (models.Carried).
func depModels(pass *analysis.Pass) map[string]*models.Fact {
	out := map[string]*models.Fact{}
	for _, pf := range pass.AllPackageFacts() {
		if pf.Package == pass.Pkg {
			continue
		}
		switch f := pf.Fact.(type) {
		case *models.Fact:
			out[pf.Package.Path()] = f
		case *models.Carried:
			for i := range f.Pkgs {
				if _, ok := out[f.Pkgs[i].Path]; !ok {
					out[f.Pkgs[i].Path] = &f.Pkgs[i].Fact
				}
			}
		}
	}
	return out
}

// allModels returns the models of the package and of every package it
// depends on, sorted by package path.
func allModels(pass *analysis.Pass) (facts []*models.Fact, paths []string) {
	deps := depModels(pass)
	var own models.Fact
	if pass.ImportPackageFact(pass.Pkg, &own) {
		deps[pass.Pkg.Path()] = &own
	}
	for _, path := range slices.Sorted(maps.Keys(deps)) {
		facts = append(facts, deps[path])
		paths = append(paths, path)
	}
	return facts, paths
}

// inheritedXORM is the xorm mapper the package's imports agree on (the
// engine's SetMapper is usually in a db package the model packages
// import); unknown when none shows one or they differ.
func inheritedXORM(deps map[string]*models.Fact) models.XORMNames {
	var out models.XORMNames
	for _, path := range slices.Sorted(maps.Keys(deps)) {
		f := deps[path]
		if !f.XORM.Known {
			continue
		}
		if out.Known && out != f.XORM {
			return models.XORMNames{}
		}
		out = f.XORM
	}
	return out
}

// withModels returns the schema the package's rules see: ddl plus the
// model tables, of this package and of every package it imports, that ddl
// does not describe, except those the module's own .sql files create
// (undescribed; see moduleddl.go). ddl itself, shared by all packages, is
// not changed.
func withModels(pass *analysis.Pass, ddl *schema.Schema, undescribed map[string][]string) *schema.Schema {
	facts, paths := allModels(pass)
	// models.Tables settles tables that several models (or a model and a
	// many2many join) describe, whatever order the facts come in.
	tables, disputed := models.Tables(facts)
	if len(tables) == 0 && len(disputed) == 0 {
		return ddl
	}
	out := ddl.Clone()
	for _, t := range tables {
		if out.Table(t.Name) == nil && len(undescribed[schema.Key(t.Name)]) == 0 {
			c := *t
			out.Put(&c)
		}
	}
	own := ownTables(pass)
	for _, name := range disputed {
		if out.Table(name) != nil {
			continue
		}
		if t := own[schema.Key(name)]; t != nil && len(undescribed[schema.Key(name)]) == 0 && coversImported(pass, t, facts, paths) {
			c := *t
			out.Put(&c)
			continue
		}
		out.Dispute(name)
	}
	return out
}

// coversImported reports whether the package's own table t is a fuller
// description of its table than every other model of it: it names every
// column the other names, as a service's model does beside a client's
// copy of it; or, against a model of another module (an API client,
// which lags or leads the server by a column or two), it names more
// columns. A migration step's struct listing the few columns it touches
// is neither.
func coversImported(pass *analysis.Pass, t *schema.Table, facts []*models.Fact, paths []string) bool {
	for i, f := range facts {
		if paths[i] == pass.Pkg.Path() {
			continue
		}
		for _, o := range f.Tables {
			if o.Schema == nil || schema.Key(o.Name) != schema.Key(t.Name) {
				continue
			}
			if namesEvery(t.Columns, o.Schema.Columns) {
				continue
			}
			if sameModulePath(pass, paths[i]) || len(t.Columns) <= len(o.Schema.Columns) {
				return false
			}
		}
	}
	return true
}

// namesEvery reports whether cols contains every column of other.
func namesEvery(cols, other []string) bool {
	for _, c := range other {
		if !slices.Contains(cols, c) {
			return false
		}
	}
	return true
}

// ownTables are the tables the package's own models describe, when they
// agree among themselves. Where they and an imported package's models
// disagree on a table, the package's own are the ones its statements
// mean: the code that declares a model beside its queries is the code
// that migrates it, while an imported struct for the same table is often
// a client's copy (an API SDK's type named after the server's table, with
// fewer indexes). It wins only when it is the fuller description
// (coversImported). Two imported packages that disagree leave the table
// unknown.
func ownTables(pass *analysis.Pass) map[string]*schema.Table {
	var f models.Fact
	if !pass.ImportPackageFact(pass.Pkg, &f) {
		return nil
	}
	tables, _ := models.Tables([]*models.Fact{&f})
	out := map[string]*schema.Table{}
	for _, t := range tables {
		out[schema.Key(t.Name)] = t
	}
	return out
}

// modelTableNames returns the table of a model declared in another
// package, as that package's fact names it, for extract.Func.NameModels.
func modelTableNames(pass *analysis.Pass) func(*types.TypeName) string {
	facts := map[*types.Package]*models.Fact{}
	return func(obj *types.TypeName) string {
		if obj.Pkg() == nil || obj.Pkg() == pass.Pkg {
			return ""
		}
		f, seen := facts[obj.Pkg()]
		if !seen {
			f = new(models.Fact)
			if !pass.ImportPackageFact(obj.Pkg(), f) {
				// An indirect dependency's, which go vet's driver
				// gives only as carried.
				f = depModels(pass)[obj.Pkg().Path()]
			}
			facts[obj.Pkg()] = f
		}
		if t := f.Lookup(obj.Name()); t != nil {
			return t.Name
		}
		return ""
	}
}

// notedModels remembers the disagreement notes already printed by this
// process, so each is printed once however many analyzers and packages
// run in it.
var notedModels sync.Map // string -> struct{}

// noteDisagreements tells, on standard error and once per process, which
// of the package's models describe a table with other indexes than the
// -schema DDL. It is a note and not a finding: nothing in the code is
// wrong, the two sources are, and locklint uses the DDL. It is printed
// where the model is declared, so a driver that runs one process per
// package (go vet) prints it once too.
func noteDisagreements(w io.Writer, pass *analysis.Pass, ddl *schema.Schema, fact *models.Fact) {
	if fact == nil || ddl.Len() == 0 {
		return
	}
	for _, t := range fact.Tables {
		if t.Schema == nil {
			continue
		}
		d := ddl.Table(t.Name)
		if d == nil {
			continue
		}
		diff := models.Disagreement(t.Schema, d)
		if diff == "" {
			continue
		}
		kind := "gorm"
		if t.Schema.Partial {
			kind = "bun"
		}
		note := fmt.Sprintf("locklint: note: %s model %s.%s (%s) and the -schema DDL disagree on the indexes of table %s; locklint uses the DDL: %s",
			kind, pass.Pkg.Path(), t.Type, t.At, t.Name, diff)
		if _, dup := notedModels.LoadOrStore(note, struct{}{}); !dup {
			fmt.Fprintln(w, note)
		}
	}
}
