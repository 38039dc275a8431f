package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The standalone command, `locklint [flags] packages`, runs go vet with
// locklint as its tool and merges the per-package results into one
// report. Type checking a module and all its dependencies from source in
// one process, as an in-process driver does, needs several gigabytes on
// a large module; go vet's protocol gives each package its own process,
// its dependencies as export data and their facts as .vetx files, and
// caches every package's result, so an unchanged module is answered from
// go's cache. The tool's ID, which keys that cache, folds in the schema
// files, locklint.yaml and the live schema (printVersion).

// output is the form a standalone run writes.
type output int

const (
	textOutput output = iota
	jsonOutput
	sarifOutput
)

// standaloneFlags are the flags the standalone command takes besides the
// analyzer's, -test and -tags.
type standaloneFlags struct {
	*driverFlags
	context  *int
	summary  *bool
	progress *bool
}

func newStandaloneFlags(a *analysis.Analyzer, stderr io.Writer) *standaloneFlags {
	d := &standaloneFlags{driverFlags: newDriverFlags(a, stderr)}
	fs := d.fs
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s: %s\n\nUsage: locklint [flags] packages\n\nFlags:\n", a.Name, a.Doc)
		fs.PrintDefaults()
	}
	fs.Bool("json", false, "emit JSON output")
	fs.Bool("sarif", false, sarifUsage)
	// Listed for -help: a command line with them runs runProve instead.
	mode := proveMode("off")
	fs.Var(&mode, "prove", proveUsage)
	fs.String("prove-dsn", "", proveDSNUsage)
	d.context = fs.Int("c", -1, "display offending line with this many lines of context")
	d.summary = fs.Bool("summary", false, "after the findings, print on standard error how many each rule and each package has")
	d.progress = fs.Bool("progress", true, "report packages done on standard error when it is a terminal (text output only)")
	// Accepted, as the in-process driver accepted them, and ignored.
	fs.Bool("all", false, "no effect (deprecated)")
	fs.Bool("source", false, "no effect (deprecated)")
	fs.Bool("v", false, "no effect (deprecated)")
	return d
}

// inProcessFlags are the flags only the in-process driver
// (singlechecker) implements: applying fixes, and its debugging and
// profiling, -V). With one of them the command runs in one process, as
// before.
var inProcessFlags = []string{"fix", "diff", "debug", "cpuprofile", "memprofile", "trace", "V"}

// wantsInProcess reports whether the command line needs the in-process
// driver.
func wantsInProcess(args []string) bool {
	for _, f := range inProcessFlags {
		if hasFlag(args, f) {
			return true
		}
	}
	return false
}

// pkgResult is what one package's analysis gave: findings, or the
// error that stopped it.
type pkgResult struct {
	ID    string
	Diags []jsonDiagnostic
	Err   string
}

// runStandalone analyzes the packages through go vet with the tool at
// self and writes the merged findings. It returns the exit code, as the
// in-process driver did: for text, 3 when there are findings, 1 when a
// package did not load or its analysis failed (this wins), 0 otherwise;
// for JSON and SARIF, 1 on failure and 0 otherwise; 2 for a bad command
// line.
func runStandalone(a *analysis.Analyzer, self string, out output, args []string, stdout, stderr io.Writer) int {
	d := newStandaloneFlags(a, stderr)
	if err := d.fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if d.fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: locklint [flags] packages")
		return 2
	}
	// go vet loads every package with its tests and stops at the first
	// package or test that does not load (a module the proxy refuses,
	// mocks generated outside the repository). When it fails, the
	// analysis runs again in this process, which reports such packages
	// and analyzes the rest (with -test=false, without the tests), at
	// the memory cost of loading every package from source.
	var vetErr bytes.Buffer
	results, code, ok := d.throughVet(a, self, out, stderr, &vetErr)
	if ok && code == 0 {
		stderr.Write(vetErr.Bytes())
	} else {
		graph, c := d.analyze(a, "", stderr)
		if graph == nil {
			return c
		}
		results, code = graphResults(graph, nil), c
	}
	findings, failures := merge(results)
	if len(failures) > 0 {
		code = 1
	}
	switch out {
	case jsonOutput:
		data, err := json.MarshalIndent(jsonOf(findings, failures), "", "\t")
		if err != nil {
			fmt.Fprintf(stderr, "locklint: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", data)
	case sarifOutput:
		wd, _ := os.Getwd()
		log := buildSARIF(findings, failures, wd)
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(log); err != nil {
			fmt.Fprintf(stderr, "locklint: %v\n", err)
			return 1
		}
	default:
		for _, f := range failures {
			fmt.Fprintf(stderr, "locklint: %s: %s\n", f.ID, f.Err)
		}
		w := bufio.NewWriter(stderr)
		for _, f := range findings {
			printPlain(w, f.jsonDiagnostic, *d.context)
		}
		w.Flush()
		if code == 0 && len(findings) > 0 {
			code = 3
		}
	}
	if *d.summary {
		printSummary(stderr, findings)
	}
	return code
}

// throughVet runs go vet with the tool at self on the packages and reads
// the per-package results it prints; what go itself prints goes to
// goStderr. ok is false when there is nothing to merge; code is then the
// exit code.
func (d *standaloneFlags) throughVet(a *analysis.Analyzer, self string, out output, stderr, goStderr io.Writer) (results []pkgResult, code int, ok bool) {
	goArgs := vetArgs(a, d.driverFlags, self)
	cmd := exec.Command("go", goArgs...)
	cmd.Env = append(os.Environ(), toolFlagsEnv+"="+strings.Join(goArgs, "\n"))
	cmd.Stderr = goStderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintf(stderr, "locklint: %v\n", err)
		return nil, 1, false
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "locklint: go vet: %v\n", err)
		return nil, 1, false
	}
	prog := newProgress(stderr, out == textOutput && *d.progress)
	var packages int
	var decodeErr error
	results, packages, decodeErr = readEnvelopes(pipe, func(notes []string) {
		prog.clear()
		for _, n := range notes {
			fmt.Fprintln(stderr, n)
		}
		prog.step()
	})
	io.Copy(io.Discard, pipe)
	waitErr := cmd.Wait()
	prog.clear()
	code = 0
	if waitErr != nil || decodeErr != nil {
		if decodeErr != nil {
			fmt.Fprintf(stderr, "locklint: reading go vet's output: %v\n", decodeErr)
		}
		code = 1
	} else if packages == 0 {
		fmt.Fprintf(stderr, "locklint: %s matched no packages\n", strings.Join(d.fs.Args(), " "))
		return nil, 1, false
	}
	if roots, err := d.roots(); err == nil {
		results = slices.DeleteFunc(results, func(r pkgResult) bool { return !roots.names(r.ID) })
	}
	return results, code, true
}

// rootSet is the import paths the command line's patterns name.
type rootSet map[string]bool

// names reports whether the package of a result (a unitchecker package
// ID: "p", "p [p.test]", "p_test [p.test]") is one of the roots: go
// replays a cached envelope of a package it vets only as a dependency
// now, and runs its own packages in full as dependencies too (see
// prepareVetRun), so the envelopes go prints are a superset.
func (r rootSet) names(id string) bool {
	path, _, _ := strings.Cut(id, " [")
	return r[path] || r[strings.TrimSuffix(path, "_test")]
}

// roots lists the packages the patterns name, with the build tags go
// vet is given.
func (d *standaloneFlags) roots() (rootSet, error) {
	args := []string{"list", "-e", "-f", "{{.ImportPath}}"}
	if tags := normalizeTags(*d.tags); tags != "" {
		args = append(args, "-tags="+tags)
	}
	out, err := exec.Command("go", append(args, d.fs.Args()...)...).Output()
	if err != nil {
		return nil, err
	}
	set := rootSet{}
	for _, line := range strings.Fields(string(out)) {
		set[line] = true
	}
	return set, nil
}

// vetArgs is the go vet command line for the standalone one: build tags,
// the analyzer's flags the user set, -test=false, -merge, the patterns.
func vetArgs(a *analysis.Analyzer, d *driverFlags, self string) []string {
	// -json: go vet copies the tool's output as it is, rather than
	// reading it as diagnostics to print.
	args := []string{"vet", "-vettool=" + self, "-json"}
	if tags := normalizeTags(*d.tags); tags != "" {
		args = append(args, "-tags="+tags)
	}
	d.fs.Visit(func(f *flag.Flag) {
		if a.Flags.Lookup(f.Name) == nil {
			return
		}
		v := f.Value.String()
		if f.Name == "schema" {
			v = absPatterns(v)
		}
		args = append(args, "-"+f.Name+"="+v)
	})
	if !*d.tests {
		args = append(args, "-test=false")
	}
	args = append(args, "-"+mergeFlag)
	return append(args, d.fs.Args()...)
}

// absPatterns makes the -schema entries that name a path under the
// working directory absolute: go vet runs the tool in each package's
// directory, and the in-process driver read such a path from the working
// directory. Others (globs, paths found from the package's directory up)
// are kept.
func absPatterns(list string) string {
	parts := strings.Split(list, ",")
	for i, p := range parts {
		if p == "" || filepath.IsAbs(p) {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			if abs, err := filepath.Abs(p); err == nil {
				parts[i] = abs
			}
		}
	}
	return strings.Join(parts, ",")
}

// readEnvelopes decodes the envelopes go vet copies from the tool's runs,
// one per root package, calling done after each with the notes not seen
// before. It returns the packages' results and how many envelopes there
// were.
func readEnvelopes(r io.Reader, done func(notes []string)) (results []pkgResult, envelopes int, err error) {
	seen := map[string]bool{}
	dec := json.NewDecoder(r)
	for dec.More() {
		var env envelope
		if err := dec.Decode(&env); err != nil {
			return results, envelopes, err
		}
		envelopes++
		var fresh []string
		for _, line := range strings.Split(strings.TrimRight(env.Stderr, "\n"), "\n") {
			if line != "" && !seen[line] {
				seen[line] = true
				fresh = append(fresh, line)
			}
		}
		for _, tree := range env.Trees {
			rs, err := decodeTree(tree)
			if err != nil {
				return results, envelopes, err
			}
			results = append(results, rs...)
		}
		if done != nil {
			done(fresh)
		}
	}
	return results, envelopes, nil
}

// decodeTree reads unitchecker's JSON output: package ID -> analyzer ->
// findings or {"error": ...}.
func decodeTree(data []byte) ([]pkgResult, error) {
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, err
	}
	var out []pkgResult
	for id, byAnalyzer := range tree {
		for _, raw := range byAnalyzer {
			r := pkgResult{ID: id}
			if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
				var e struct {
					Err string `json:"error"`
				}
				if err := json.Unmarshal(raw, &e); err != nil {
					return nil, err
				}
				r.Err = e.Err
			} else if err := json.Unmarshal(raw, &r.Diags); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// finding is one merged finding and the package it is listed under.
type finding struct {
	Pkg string
	jsonDiagnostic
}

// merge lists every finding once, sorted by file, line, column, rule and
// message. A finding several analyses give (a package with and without
// its tests) is listed under the first package ID in sorted order; the
// failures are sorted by package.
func merge(results []pkgResult) (findings []finding, failures []pkgResult) {
	type key struct{ posn, end, category, message string }
	seen := map[key]bool{}
	sorted := slices.Clone(results)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, r := range sorted {
		if r.Err != "" {
			failures = append(failures, r)
			continue
		}
		for _, d := range r.Diags {
			k := key{d.Posn, d.End, d.Category, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			findings = append(findings, finding{r.ID, d})
		}
	}
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := parsePosn(findings[i].Posn), parsePosn(findings[j].Posn)
		if c := cmp.Or(cmp.Compare(a.Filename, b.Filename), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column)); c != 0 {
			return c < 0
		}
		if findings[i].Category != findings[j].Category {
			return findings[i].Category < findings[j].Category
		}
		return findings[i].Message < findings[j].Message
	})
	return findings, failures
}

// parsePosn reads a position as token.Position.String writes it:
// file:line:col, file:line, or file (whose name may hold colons).
func parsePosn(s string) token.Position {
	var p token.Position
	rest := s
	var nums []int
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		rest = rest[:i]
	}
	p.Filename = rest
	if len(nums) > 0 {
		p.Line = nums[0]
	}
	if len(nums) > 1 {
		p.Column = nums[1]
	}
	if s == "-" {
		p.Filename = ""
	}
	return p
}

// jsonOf is the -json output: package ID -> "locklint" -> findings, or
// {"error": ...} for a package whose analysis failed.
func jsonOf(findings []finding, failures []pkgResult) map[string]map[string]any {
	tree := map[string]map[string]any{}
	byPkg := map[string][]jsonDiagnostic{}
	for _, f := range findings {
		byPkg[f.Pkg] = append(byPkg[f.Pkg], f.jsonDiagnostic)
	}
	for id, diags := range byPkg {
		tree[id] = map[string]any{"locklint": diags}
	}
	for _, f := range failures {
		tree[f.ID] = map[string]any{"locklint": struct {
			Err string `json:"error"`
		}{f.Err}}
	}
	return tree
}

// printPlain writes a finding as the in-process driver did: "posn:
// message", each related position on its own line with the message
// indented, and with -c N the lines around each.
func printPlain(w io.Writer, d jsonDiagnostic, contextLines int) {
	print := func(posn, end, message string) {
		fmt.Fprintf(w, "%s: %s\n", posn, message)
		if contextLines < 0 {
			return
		}
		start, stop := parsePosn(posn), parsePosn(end)
		if stop.Line < start.Line {
			stop = start
		}
		data, _ := os.ReadFile(start.Filename)
		lines := strings.Split(string(data), "\n")
		for i := start.Line - contextLines; i <= stop.Line+contextLines; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	print(d.Posn, d.End, d.Message)
	for _, r := range d.Related {
		print(r.Posn, r.End, "\t"+r.Message)
	}
}

// printSummary writes how many findings each rule and each package has.
func printSummary(w io.Writer, findings []finding) {
	byRule, byPkg := map[string]int{}, map[string]int{}
	for _, f := range findings {
		byRule[cmp.Or(f.Category, "locklint")]++
		byPkg[f.Pkg]++
	}
	write := func(title string, counts map[string]int) {
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if counts[keys[i]] != counts[keys[j]] {
				return counts[keys[i]] > counts[keys[j]]
			}
			return keys[i] < keys[j]
		})
		fmt.Fprintf(w, "%s:\n", title)
		for _, k := range keys {
			fmt.Fprintf(w, "%6d  %s\n", counts[k], k)
		}
	}
	fmt.Fprintf(w, "locklint: %d findings\n", len(findings))
	if len(findings) > 0 {
		write("by rule", byRule)
		write("by package", byPkg)
	}
}
