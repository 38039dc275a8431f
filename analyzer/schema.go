package analyzer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/schema"
)

// schemas caches the schema of each -schema setting for the life of the
// process: a driver that analyzes many packages in one process reads the
// files once. It is a read-through cache of immutable values, so sharing it
// between analyzers is safe.
var schemas sync.Map // key string -> *schemaEntry

type schemaEntry struct {
	once   sync.Once
	schema *schema.Schema
}

// loadSchema returns the schema the patterns describe. Relative patterns
// are resolved from the working directory or, when they do not exist
// there, from the package's directory and its parents up to the module
// root: go vet runs its tool in each package's directory. Load errors (a
// file that does not parse, a pattern that matches nothing) are printed
// once per process on standard error and the rest of the schema is used.
func loadSchema(patterns []string, pkgDir string) *schema.Schema {
	if len(patterns) == 0 {
		return schema.New()
	}
	resolved := make([]string, len(patterns))
	for i, p := range patterns {
		resolved[i] = resolvePattern(p, pkgDir)
	}
	key := strings.Join(resolved, "\x00")
	v, _ := schemas.LoadOrStore(key, &schemaEntry{})
	e := v.(*schemaEntry)
	e.once.Do(func() {
		s, errs := schema.Load(resolved)
		for _, err := range errs {
			fmt.Fprintf(os.Stderr, "locklint: schema: %v\n", err)
		}
		e.schema = s
	})
	return e.schema
}

func resolvePattern(p, pkgDir string) string {
	if filepath.IsAbs(p) || pkgDir == "" || exists(p) {
		return p
	}
	for dir := pkgDir; ; {
		if exists(filepath.Join(dir, p)) {
			return filepath.Join(dir, p)
		}
		if exists(filepath.Join(dir, "go.mod")) {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return p
		}
		dir = parent
	}
}

func exists(p string) bool {
	if strings.ContainsAny(p, "*?[") {
		m, _ := filepath.Glob(p)
		return len(m) > 0
	}
	_, err := os.Stat(p)
	return err == nil
}

// packageDir is the directory of the package's first file.
func packageDir(pass *analysis.Pass) string {
	if len(pass.Files) == 0 {
		return ""
	}
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	if abs, err := filepath.Abs(filepath.Dir(name)); err == nil {
		return abs
	}
	return filepath.Dir(name)
}
