package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/locklint/locklint/prove"
)

// singlechecker loads packages without build flags (its -tags is a
// deprecated no-op), and its -json lists a finding once per package that
// holds the file: a package with tests is loaded twice, as pkg and as
// "pkg [pkg.test]", so every finding of a non-test file came out twice.
// For -json and -sarif, main therefore runs the analysis itself through
// checker.Analyze, the engine under singlechecker, loading with the
// user's -tags; for the text output, which singlechecker already
// deduplicates, the tags reach its loader through GOFLAGS.

const tagsUsage = "comma-separated build tags: files they select are analyzed, as with go build -tags"

// driverFlags are the flags of locklint's own driver: the analyzer's,
// plus -test and -tags as go vet and go build spell them.
type driverFlags struct {
	fs    *flag.FlagSet
	tests *bool
	tags  *string
}

func newDriverFlags(a *analysis.Analyzer, stderr io.Writer) *driverFlags {
	fs := flag.NewFlagSet("locklint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	d := &driverFlags{
		fs:    fs,
		tests: fs.Bool("test", true, "analyze test files too"),
		tags:  fs.String("tags", "", tagsUsage),
	}
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	return d
}

// load loads the packages the patterns name, as singlechecker would, with
// the build tags of -tags.
func (d *driverFlags) load(a *analysis.Analyzer, patterns []string) ([]*packages.Package, error) {
	mode := packages.LoadSyntax | packages.NeedModule
	if needFacts(a) {
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	cfg := &packages.Config{Mode: mode, Tests: *d.tests}
	if tags := normalizeTags(*d.tags); tags != "" {
		cfg.BuildFlags = []string{"-tags=" + tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return pkgs, err
}

// normalizeTags accepts the old space-separated form of -tags too.
func normalizeTags(tags string) string {
	return strings.Join(strings.FieldsFunc(tags, func(r rune) bool { return r == ',' || r == ' ' }), ",")
}

// tagsArg returns the value of -tags on a command line, and whether it
// is there. Package patterns never start with "-".
func tagsArg(args []string) (string, bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "tags" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			value = args[i+1]
		}
		return value, true
	}
	return "", false
}

// passTagsToGo hands -tags to the go command that singlechecker's loader
// runs, through GOFLAGS, which go list reads like its own flags.
func passTagsToGo(args []string) {
	tags, ok := tagsArg(args)
	if tags = normalizeTags(tags); !ok || tags == "" {
		return
	}
	os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+tags))
}

// wantsJSON reports whether the command line asks for -json of the
// standalone driver: go vet, which runs the tool on one vet.cfg file per
// package, prints its own JSON.
func wantsJSON(args []string) bool {
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	return boolArg(args, "json") && !boolArg(args, "fix") && !boolArg(args, "diff")
}

// boolArg reports whether the boolean flag name is set on the command
// line. Package patterns never start with "-".
func boolArg(args []string, flagName string) bool {
	on := false
	for _, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != flagName {
			continue
		}
		on = true
		if hasValue {
			on = value == "1" || strings.EqualFold(value, "true") || value == "t" || value == "T"
		}
	}
	return on
}

// analyze loads the packages the command line names and runs a on them.
// It returns the result graph, nil when there is nothing to report, and
// the exit code so far: 1 when a package did not load or the analysis
// failed, 2 for a missing package list.
func (d *driverFlags) analyze(a *analysis.Analyzer, mode string, stderr io.Writer) (*checker.Graph, int) {
	if d.fs.NArg() == 0 {
		fmt.Fprintf(stderr, "usage: locklint %s [flags] packages\n", mode)
		return nil, 2
	}
	pkgs, err := d.load(a, d.fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "locklint: %v\n", err)
		return nil, 1
	}
	code := 0
	if packages.PrintErrors(pkgs) > 0 {
		code = 1
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		fmt.Fprintf(stderr, "locklint: %v\n", err)
		return nil, 1
	}
	return graph, code
}

// runJSON analyzes the packages and writes the findings as go vet's JSON
// does ({"pkg": {"locklint": [...]}}), each finding once: under the
// package itself rather than under its test variant. It returns the exit
// code: 0 when the analysis ran, as with singlechecker's -json; 1 when
// packages did not load or the analysis failed; 2 for a bad command line.
func runJSON(a *analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	d := newDriverFlags(a, stderr)
	d.fs.Bool("json", false, "emit JSON output")
	if err := d.fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	graph, code := d.analyze(a, "-json", stderr)
	if graph == nil {
		return code
	}
	tree, failed := jsonTree(graph, nil)
	if failed {
		code = 1
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		fmt.Fprintf(stderr, "locklint: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", data)
	return code
}

// jsonDiagnostic is one finding in go vet's JSON schema.
type jsonDiagnostic struct {
	Category       string            `json:"category,omitempty"`
	Posn           string            `json:"posn"`
	End            string            `json:"end"`
	Message        string            `json:"message"`
	SuggestedFixes []jsonFix         `json:"suggested_fixes,omitempty"`
	Related        []jsonRelatedInfo `json:"related,omitempty"`
	// Prove is the finding's verdict under -prove.
	Prove *prove.Verdict `json:"prove,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonRelatedInfo struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// jsonTree builds the output: package ID -> analyzer -> findings or
// {"error": ...}. The root packages are visited plain packages first, so
// a finding in a file a test variant shares is listed under the package.
func jsonTree(graph *checker.Graph, pv *proofs) (tree map[string]map[string]any, failed bool) {
	tree = map[string]map[string]any{}
	roots := append([]*checker.Action(nil), graph.Roots...)
	sort.SliceStable(roots, func(i, j int) bool {
		return !isTestVariant(roots[i].Package) && isTestVariant(roots[j].Package)
	})
	type key struct {
		posn     string
		category string
		message  string
	}
	seen := map[key]bool{}
	add := func(id, name string, v any) {
		if tree[id] == nil {
			tree[id] = map[string]any{}
		}
		tree[id][name] = v
	}
	for _, act := range roots {
		if act.Err != nil {
			failed = true
			add(act.Package.ID, act.Analyzer.Name, struct {
				Err string `json:"error"`
			}{act.Err.Error()})
			continue
		}
		fset := act.Package.Fset
		var diags []jsonDiagnostic
		for _, d := range act.Diagnostics {
			jd := toJSON(fset, d)
			k := key{jd.Posn, jd.Category, jd.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			v, keep := pv.verdict(jd.Posn, jd.Category)
			if !keep {
				continue
			}
			jd.Prove = v
			diags = append(diags, jd)
		}
		if len(diags) > 0 {
			add(act.Package.ID, act.Analyzer.Name, diags)
		}
	}
	return tree, failed
}

// isTestVariant reports whether p is a package recompiled with its tests
// ("pkg [pkg.test]") or a test main.
func isTestVariant(p *packages.Package) bool { return strings.Contains(p.ID, " [") }

func toJSON(fset *token.FileSet, d analysis.Diagnostic) jsonDiagnostic {
	jd := jsonDiagnostic{
		Category: d.Category,
		Posn:     fset.Position(d.Pos).String(),
		End:      fset.Position(cmp.Or(d.End, d.Pos)).String(),
		Message:  d.Message,
	}
	for _, fix := range d.SuggestedFixes {
		jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
		for _, e := range fix.TextEdits {
			jf.Edits = append(jf.Edits, jsonEdit{
				Filename: fset.Position(e.Pos).Filename,
				Start:    fset.Position(e.Pos).Offset,
				End:      fset.Position(e.End).Offset,
				New:      string(e.NewText),
			})
		}
		jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
	}
	for _, r := range d.Related {
		jd.Related = append(jd.Related, jsonRelatedInfo{
			Posn:    fset.Position(r.Pos).String(),
			End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
			Message: r.Message,
		})
	}
	return jd
}
