package analyzer

import (
	"bytes"
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/rules"
	"github.com/locklint/locklint/schema"
)

// SQL files are linted by the rules that have a File check (table-lock,
// ddl-lock), in two places:
//
//   - by the analyzer, for the .sql files a package embeds with //go:embed:
//     the package that embeds a migration is the code that runs it, and
//     only that package reports it, so each file is reported once per run
//     whichever driver runs (go vet runs each package in its own process;
//     no driver offers a "once per run" hook, and analyzers keep no
//     global state). Files given to -schema that no analyzed package
//     embeds are read for the schema only: a schema dump is not a
//     migration, and no package can tell it is the one to report it;
//   - by `locklint sql FILE...` (LintSQLFiles), for pre-commit hooks and CI
//     steps on migration directories, embedded or not.

// checkSQLFile runs the enabled rules' File checks on one SQL file and
// returns their findings, positioned in fset (the file is added to it).
// Statements after one that does not parse are not checked: unknown SQL
// is never a finding.
func checkSQLFile(ctx *rules.Context, enabled []*rules.Rule, fset *token.FileSet, path string, data []byte, prior *priorSchemas) ([]rules.Finding, error) {
	stmts, perr := schema.ParseMigration(path, data)
	tf := fset.AddFile(path, -1, len(data))
	tf.SetLinesForContent(data)
	file := &rules.SQLFile{Name: path, Stmts: stmts, Tok: tf, Prior: prior.before(path)}
	ignores := sqlIgnores(data)
	var out []rules.Finding
	for _, r := range enabled {
		if r.File == nil {
			continue
		}
		for _, f := range r.File(ctx, file) {
			f.Rule = r
			if !ignores.suppress(fset.Position(f.Pos).Line, r.ID) {
				out = append(out, f)
			}
		}
	}
	return out, perr
}

// priorSchemas answers, for a migration file, the schema the files that
// run before it build: the files of its directory that a migration tool
// applies first, in the order -schema reads a directory. Each directory
// is read once, file after file.
type priorSchemas struct {
	dirs map[string]map[string]*schema.Schema // directory -> file -> schema before it
}

// before is the schema before path, nil when path is not one of its
// directory's migration files.
func (p *priorSchemas) before(path string) *schema.Schema {
	if p == nil {
		return nil
	}
	dir := filepath.Dir(path)
	if p.dirs == nil {
		p.dirs = map[string]map[string]*schema.Schema{}
	}
	byFile, ok := p.dirs[dir]
	if !ok {
		byFile = map[string]*schema.Schema{}
		files, _ := schema.Files([]string{dir})
		running := schema.New()
		for _, f := range files {
			byFile[filepath.Clean(f)] = running.Clone()
			_ = running.LoadFile(f) // a file that fails costs its own statements only
		}
		p.dirs[dir] = byFile
	}
	return byFile[filepath.Clean(path)]
}

// sqlIgnoreDirectives maps a line to the rule IDs a `-- locklint:ignore
// <rule-id>[,<rule-id>] <reason>` comment on it names (also after # or
// inside /* */). As in Go files, it covers its own line and the next, and
// a directive without a reason is not one.
type sqlIgnoreDirectives map[int][]string

func sqlIgnores(data []byte) sqlIgnoreDirectives {
	out := sqlIgnoreDirectives{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		_, rest, ok := bytes.Cut(line, []byte("locklint:ignore"))
		if !ok {
			continue
		}
		before := string(line[:len(line)-len(rest)-len("locklint:ignore")])
		if !strings.Contains(before, "--") && !strings.Contains(before, "#") && !strings.Contains(before, "/*") {
			continue
		}
		fields := strings.Fields(strings.TrimSuffix(strings.TrimSpace(string(rest)), "*/"))
		if len(fields) < 2 {
			continue
		}
		out[i+1] = strings.Split(fields[0], ",")
	}
	return out
}

func (d sqlIgnoreDirectives) suppress(line int, id string) bool {
	for _, l := range []int{line, line - 1} {
		for _, r := range d[l] {
			if r == id {
				return true
			}
		}
	}
	return false
}

// embeddedSQL returns the .sql files the package's //go:embed directives
// select, resolved as the go command does: patterns relative to the
// package directory, directories embedded with everything below them
// except names starting with . or _ (kept under an all: prefix).
// golang-migrate's *.down.sql files are left out, as the schema loader
// leaves them out: they undo a migration rather than apply one.
func embeddedSQL(pass *analysis.Pass) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		name := strings.ToLower(filepath.Base(p))
		if strings.HasSuffix(name, ".sql") && !strings.HasSuffix(name, ".down.sql") && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, f := range pass.Files {
		if !importsEmbed(f) {
			continue
		}
		dir := filepath.Dir(pass.Fset.File(f.FileStart).Name())
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				args, ok := strings.CutPrefix(c.Text, "//go:embed")
				if !ok || args == "" || (args[0] != ' ' && args[0] != '\t') {
					continue
				}
				for _, pattern := range embedPatterns(args) {
					for _, file := range embedMatches(dir, pattern) {
						add(file)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func importsEmbed(f *ast.File) bool {
	for _, imp := range f.Imports {
		if imp.Path.Value == `"embed"` {
			return true
		}
	}
	return false
}

// embedMatches returns the files one //go:embed pattern selects.
func embedMatches(dir, pattern string) []string {
	all := strings.HasPrefix(pattern, "all:")
	pattern = strings.TrimPrefix(pattern, "all:")
	matches, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
	var out []string
	for _, m := range matches {
		fi, err := os.Stat(m)
		if err != nil {
			continue
		}
		if !fi.IsDir() {
			out = append(out, m)
			continue
		}
		filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			hidden := strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")
			switch {
			case p != m && hidden && !all && d.IsDir():
				return filepath.SkipDir
			case p != m && hidden && !all, d.IsDir():
			default:
				out = append(out, p)
			}
			return nil
		})
	}
	return out
}

// lintEmbedded checks the SQL files the package embeds.
func lintEmbedded(pass *analysis.Pass, ctx *rules.Context, s *settings, checkTests bool, files []string) []rules.Finding {
	var out []rules.Finding
	dir := packageDir(pass)
	prior := &priorSchemas{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the go command has already said why
		}
		enabled := s.rules
		if rel, err := filepath.Rel(dir, path); err == nil && extract.IsTestdataPath(rel) && !checkTests {
			// Fixtures a test embeds from testdata.
			enabled = s.outsideTests
		}
		found, _ := checkSQLFile(ctx, enabled, pass.Fset, path, data, prior)
		out = append(out, found...)
	}
	return out
}

// embedPatterns splits the arguments of a //go:embed directive: patterns
// separated by spaces, each possibly a double-quoted or back-quoted Go
// string.
func embedPatterns(args string) []string {
	var out []string
	for args = strings.TrimSpace(args); args != ""; args = strings.TrimSpace(args) {
		switch args[0] {
		case '"', '`':
			end := strings.IndexByte(args[1:], args[0])
			if end < 0 {
				return out
			}
			out = append(out, strings.ReplaceAll(args[1:end+1], `\\`, `\`))
			args = args[end+2:]
		default:
			end := strings.IndexAny(args, " \t")
			if end < 0 {
				end = len(args)
			}
			out = append(out, args[:end])
			args = args[end:]
		}
	}
	return out
}
