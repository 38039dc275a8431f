package analyzer

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"
)

// sqlc generates its Go code from a schema the project already keeps:
// sqlc.yaml (or sqlc.yml, sqlc.json) names the DDL files or migration
// directories of each MySQL package it generates. When no schema is given
// (-schema, schema: in locklint.yaml, -dsn), those paths are the schema:
// they are the tables sqlc type-checked the queries against.

// sqlcConfigNames are the file names sqlc reads its configuration from.
var sqlcConfigNames = map[string]bool{"sqlc.yaml": true, "sqlc.yml": true, "sqlc.json": true}

// maxSqlcConfigs bounds the sqlc configurations read from one module.
const maxSqlcConfigs = 64

// sqlcSchemas caches, per project root, the schema paths its sqlc
// configurations name.
var sqlcSchemas sync.Map // root string -> *sqlcEntry

type sqlcEntry struct {
	once  sync.Once
	paths []string
}

// sqlcSchema returns the schema paths, absolute, of the MySQL packages
// that the sqlc configurations of the package's project generate.
func sqlcSchema(pass *analysis.Pass) []string {
	root := projectRoot(pass)
	if root == "" {
		return nil
	}
	v, _ := sqlcSchemas.LoadOrStore(root, &sqlcEntry{})
	e := v.(*sqlcEntry)
	e.once.Do(func() { e.paths = readSqlcConfigs(root) })
	return e.paths
}

// readSqlcConfigs finds the sqlc configurations of the project at root
// (not of nested modules, vendor trees or hidden directories) and returns
// the schema paths of their MySQL entries, sorted and without duplicates.
func readSqlcConfigs(root string) []string {
	seen := map[string]bool{}
	walkModuleFiles(root, maxSqlcConfigs, func(name string) bool { return sqlcConfigNames[name] }, func(path string) {
		data, err := os.ReadFile(path)
		if err != nil {
			return
		}
		for _, p := range sqlcSchemaPaths(data) {
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(path), p)
			}
			seen[filepath.Clean(p)] = true
		}
	})
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// sqlcConfig is the part of a sqlc configuration locklint reads: version
// 2 lists packages under sql, version 1 under packages. JSON is YAML, so
// one decoder reads both formats.
type sqlcConfig struct {
	SQL      []sqlcPackage `yaml:"sql"`
	Packages []sqlcPackage `yaml:"packages"`
}

type sqlcPackage struct {
	Engine string `yaml:"engine"`
	// Schema is one path or a list of them.
	Schema yaml.Node `yaml:"schema"`
}

// sqlcSchemaPaths returns the schema paths of a configuration's MySQL
// packages, as written (relative to the file's directory). A file that
// does not parse names none.
func sqlcSchemaPaths(data []byte) []string {
	var cfg sqlcConfig
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return nil
	}
	var out []string
	for _, p := range append(cfg.SQL, cfg.Packages...) {
		// Version 1 defaults to PostgreSQL: only an entry that says MySQL
		// is MySQL's schema.
		if !strings.EqualFold(strings.TrimSpace(p.Engine), "mysql") {
			continue
		}
		switch p.Schema.Kind {
		case yaml.ScalarNode:
			if p.Schema.Value != "" {
				out = append(out, p.Schema.Value)
			}
		case yaml.SequenceNode:
			for _, n := range p.Schema.Content {
				if n.Kind == yaml.ScalarNode && n.Value != "" {
					out = append(out, n.Value)
				}
			}
		}
	}
	return out
}
