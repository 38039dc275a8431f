package analyzer

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/locklint/locklint/schema"
)

// HashInputs writes to w the names and contents of the files besides Go
// sources that decide locklint's results for a run from dir with the
// given schema patterns: the nearest locklint.yaml at or above dir and
// every schema file that it or the patterns name. Drivers that cache
// results by Go sources alone (go vet, golangci-lint) fold this into
// their cache key, so that editing a migration is not answered with
// stale findings. A locklint.yaml below dir, closer to some package, is
// not seen here. Without schema patterns, the module's sqlc
// configurations, the schema they name and its .sql files count too.
func HashInputs(w io.Writer, dir string, schemaPatterns []string) {
	patterns := make([]string, 0, len(schemaPatterns))
	for _, p := range schemaPatterns {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		patterns = append(patterns, p)
	}
	if path := FindConfigFile(dir); path != "" {
		hashFile(w, path)
		if f, err := ReadConfigFile(path); err == nil {
			patterns = append(patterns, f.Schema...)
		}
	}
	for _, file := range schemaFiles(patterns) {
		hashFile(w, file)
	}
	if len(patterns) == 0 {
		// Without a schema, the module's own files give one: the
		// schema its sqlc configurations name (sqlc.go), and its .sql
		// files, which decide whether a model's indexes are trusted
		// (moduleddl.go).
		if root := moduleRoot(dir); root != "" {
			isInput := func(name string) bool {
				return sqlcConfigNames[name] || strings.HasSuffix(strings.ToLower(name), ".sql")
			}
			walkModuleFiles(root, maxModuleSQLFiles+maxSqlcConfigs, isInput, func(path string) { hashFile(w, path) })
			for _, file := range schemaFiles(readSqlcConfigs(root)) {
				hashFile(w, file)
			}
		}
	}
}

func hashFile(w io.Writer, path string) {
	fmt.Fprintf(w, "%s\x00", path)
	if f, err := os.Open(path); err == nil {
		io.Copy(w, f)
		f.Close()
	}
	fmt.Fprintf(w, "\x00")
}

// schemaFiles are the files the patterns select, as loading the schema
// selects them (schema.Files), sorted: the files whose contents decide
// the schema.
func schemaFiles(patterns []string) []string {
	files, _ := schema.Files(patterns)
	sort.Strings(files)
	return files
}
