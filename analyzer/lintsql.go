package analyzer

import (
	"flag"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/locklint/locklint/rules"
	"github.com/locklint/locklint/schema"
)

// SQLFinding is one finding in a SQL file, as `locklint sql` prints it.
type SQLFinding struct {
	Pos     token.Position
	Rule    string
	Message string // with the rule ID prefix, as diagnostics have it
}

func (f SQLFinding) String() string {
	return fmt.Sprintf("%s: %s", f.Pos, f.Message)
}

// LintSQLFiles runs the SQL-file checks of table-lock and ddl-lock on
// migration files: the files, directories (their *.sql files, without
// *.down.sql) and globs in patterns, or, when there are none, the schema
// patterns of cfg and of the locklint.yaml found from dir. It returns the
// findings sorted by position, and problems that did not stop the run (a
// file that does not parse is checked up to where it stops parsing). An
// error means nothing could be checked: a bad configuration, or patterns
// that select no SQL file.
func LintSQLFiles(cfg Config, dir string, patterns []string) ([]SQLFinding, []error, error) {
	c, err := cfg.withConfigFile(dir)
	if err != nil {
		return nil, nil, err
	}
	s, err := c.resolve()
	if err != nil {
		return nil, nil, err
	}
	if len(patterns) == 0 {
		patterns = c.Schema
	}
	if len(patterns) == 0 {
		return nil, nil, fmt.Errorf("no SQL files given, and no -schema patterns or %s schema to take them from", ConfigFileName)
	}
	files, problems := schema.Files(patterns)
	// The statements of earlier migrations are the schema later ones run
	// against; the rules do not need it yet, so only the server is set.
	ctx := &rules.Context{Schema: schema.New(), Server: s.server, Fset: token.NewFileSet()}
	var out []SQLFinding
	checked := 0
	prior := &priorSchemas{}
	for _, path := range files {
		if !strings.EqualFold(filepath.Ext(path), ".sql") {
			continue // a JSON snapshot holds no statements
		}
		data, err := os.ReadFile(path)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		checked++
		found, perr := checkSQLFile(ctx, s.rules, ctx.Fset, path, data, prior)
		if perr != nil {
			problems = append(problems, fmt.Errorf("%v (statements from there on are not checked)", perr))
		}
		for _, f := range found {
			out = append(out, SQLFinding{Pos: ctx.Fset.Position(f.Pos), Rule: f.Rule.ID, Message: f.Rule.ID + ": " + f.Message})
		}
	}
	if checked == 0 {
		return nil, problems, fmt.Errorf("no SQL file to check in %s", strings.Join(patterns, ", "))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
	return out, problems, nil
}

// RegisterFlags binds the configuration's fields to flags, as the
// analyzer's own flags are bound: -schema, -engine, -isolation, -enable,
// -disable. Commands other than the analysis driver (`locklint sql`) use it.
func (c *Config) RegisterFlags(fs *flag.FlagSet) { c.register(fs) }
