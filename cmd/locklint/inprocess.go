package main

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// The prove command runs the analysis in this process, not through go
// vet: replaying a finding needs the statements behind it (the
// analyzer's result), which go vet's protocol does not carry back.

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

// needFacts reports whether a or an analyzer it requires uses facts, in
// which case dependencies must be loaded from source too.
func needFacts(a *analysis.Analyzer) bool {
	if len(a.FactTypes) > 0 {
		return true
	}
	for _, r := range a.Requires {
		if needFacts(r) {
			return true
		}
	}
	return false
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
