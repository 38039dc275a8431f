package analyzer

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/models"
	"github.com/locklint/locklint/schema"
)

// GORM models often declare fewer indexes than the table has: a unique
// key added by a migration, an index the DBA created. Judged from the
// models alone, a lock through such a column looks unindexed. When no
// schema was given (-schema, schema: in locklint.yaml, -dsn) and the
// module holds .sql files that create a model's table, locklint says once
// which files describe it and treats the table as unknown, rather than
// trusting the models' indexes.

// maxModuleSQLFiles bounds the .sql files read from one module.
const maxModuleSQLFiles = 2000

// moduleDDLs caches, per module root, the tables the module's .sql files
// create, for the life of the process.
var moduleDDLs sync.Map // root string -> *moduleDDLEntry

type moduleDDLEntry struct {
	once   sync.Once
	tables map[string][]string // schema.Key(table) -> files, relative to the root
}

// moduleDDL returns, for the module of the package, the tables its .sql
// files create and the files that create each.
func moduleDDL(pass *analysis.Pass) (root string, tables map[string][]string) {
	root = projectRoot(pass)
	if root == "" {
		return "", nil
	}
	v, _ := moduleDDLs.LoadOrStore(root, &moduleDDLEntry{})
	e := v.(*moduleDDLEntry)
	e.once.Do(func() { e.tables = readModuleDDL(root) })
	return root, e.tables
}

// projectRoot is the package's module root; in GOPATH mode, which has no
// module, the directory of the project its import path starts with
// (src/example.com/team/svc for example.com/team/svc/store, src/svc for
// svc/store).
func projectRoot(pass *analysis.Pass) string {
	dir := packageDir(pass)
	if pass.Module != nil && pass.Module.Path != "" || dir == "" {
		return moduleRoot(dir)
	}
	path := pass.Pkg.Path()
	if !strings.HasSuffix(filepath.ToSlash(dir), "/"+path) {
		return ""
	}
	src := dir[:len(dir)-len(path)]
	elems := strings.Split(path, "/")
	n := 1
	if strings.Contains(elems[0], ".") {
		n = 3
	}
	return filepath.Join(src, filepath.Join(elems[:min(n, len(elems))]...))
}

// moduleRoot is the nearest directory at or above dir with a go.mod.
func moduleRoot(dir string) string {
	for dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	return ""
}

// readModuleDDL reads every .sql file of the module (not of nested
// modules, vendor trees or hidden directories), each on its own.
func readModuleDDL(root string) map[string][]string {
	out := map[string][]string{}
	isUpSQL := func(name string) bool {
		lower := strings.ToLower(name)
		return strings.HasSuffix(lower, ".sql") && !strings.HasSuffix(lower, ".down.sql")
	}
	walkModuleFiles(root, maxModuleSQLFiles, isUpSQL, func(path string) {
		s, _ := schema.Load([]string{path})
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = path
		}
		for _, t := range s.Tables() {
			k := schema.Key(t.Name)
			out[k] = append(out[k], filepath.ToSlash(rel))
		}
	})
	return out
}

// undescribedModels returns the model tables the rules must not take from
// the models: those the schema does not describe but the module's .sql
// files create, with those files. Nil when a schema was given.
func undescribedModels(pass *analysis.Pass, schemaGiven bool, sch *schema.Schema) map[string][]string {
	if schemaGiven || isDependency(pass) {
		return nil
	}
	var names []string
	facts, _ := allModels(pass)
	for _, f := range facts {
		for _, t := range f.Tables {
			if t.Schema != nil && sch.Table(t.Name) == nil {
				names = append(names, t.Name)
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	_, tables := moduleDDL(pass)
	out := map[string][]string{}
	for _, name := range names {
		if files := tables[schema.Key(name)]; len(files) > 0 {
			out[schema.Key(name)] = files
		}
	}
	return out
}

// notedDDL remembers the notes printed by this process.
var notedDDL sync.Map // string -> struct{}

// noteUndescribed tells, on standard error, once per process and only in
// the package that declares the model (so go vet, one process per
// package, prints it once too), which files describe a model's table.
func noteUndescribed(w io.Writer, pass *analysis.Pass, own *models.Fact, undescribed map[string][]string) {
	if own == nil || len(undescribed) == 0 {
		return
	}
	for _, t := range own.Tables {
		files := undescribed[schema.Key(t.Name)]
		if t.Schema == nil || len(files) == 0 {
			continue
		}
		files = append([]string(nil), files...)
		sort.Strings(files)
		note := fmt.Sprintf("locklint: note: table %s is described by gorm model %s.%s (%s) and by DDL in %s, which no -schema names: locklint does not trust the model's indexes alone and treats %s as unknown; give the DDL with -schema (or schema: in %s) to judge its locks",
			t.Name, pass.Pkg.Path(), t.Type, t.At, strings.Join(files, ", "), t.Name, ConfigFileName)
		if _, dup := notedDDL.LoadOrStore(note, struct{}{}); !dup {
			fmt.Fprintln(w, note)
		}
	}
}

// walkModuleFiles calls visit for each file of the module at root whose
// name wants, at most max of them: not in nested modules, vendor trees,
// node_modules or directories whose name starts with "." or "_", which go
// build ignores too.
func walkModuleFiles(root string, max int, wants func(name string) bool, visit func(path string)) {
	n := 0
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !wants(d.Name()) {
			return nil
		}
		if n++; n > max {
			return filepath.SkipAll
		}
		visit(path)
		return nil
	})
}
