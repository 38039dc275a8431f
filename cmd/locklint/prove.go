package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/locklint/locklint/analyzer"
	"github.com/locklint/locklint/prove"
)

// `locklint prove [flags] ./...`, or -prove on a normal run: the analysis
// runs as for -json, then each finding is replayed on the scratch
// database of -prove-dsn (package prove), and its verdict is printed
// under it in text, or attached as a "prove" property in -json and
// -sarif.

const (
	proveUsage    = `replay each finding on the scratch database of -prove-dsn and attach the server's verdict: "on", or "strict" to drop findings that were not reproduced`
	proveDSNUsage = "MySQL DSN of a scratch database that locklint may create and drop tables in (default $" + proveDSNEnv + "); never the -dsn server"
	proveDSNEnv   = "LOCKLINT_PROVE_DSN"
)

// proveMode is the value of -prove: off, on or strict. A bare -prove is on.
type proveMode string

func (m *proveMode) String() string   { return string(*m) }
func (m *proveMode) IsBoolFlag() bool { return true }
func (m *proveMode) Set(v string) error {
	switch strings.ToLower(v) {
	case "true", "1", "on", "t":
		*m = "on"
	case "false", "0", "off", "f", "":
		*m = "off"
	case "strict":
		*m = "strict"
	default:
		return fmt.Errorf("want on, off or strict")
	}
	return nil
}

// wantsProve reports whether the command line asks for prove: the prove
// subcommand, -prove other than off, or -prove-dsn.
func wantsProve(args []string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") {
			continue
		}
		if name == "prove-dsn" || name == "prove" && (!hasValue || !strings.EqualFold(value, "off") && !strings.EqualFold(value, "false")) {
			return true
		}
	}
	return false
}

// proofs are the verdicts of a run, by finding.
type proofs struct {
	verdicts map[proofKey]prove.Verdict
	strict   bool
}

type proofKey struct{ posn, rule string }

// verdict returns the finding's verdict, and whether the finding is
// reported at all: -prove=strict drops those not reproduced.
func (p *proofs) verdict(posn, rule string) (*prove.Verdict, bool) {
	if p == nil {
		return nil, true
	}
	v, ok := p.verdicts[proofKey{posn, rule}]
	if !ok {
		return nil, true
	}
	return &v, !p.strict || v.Outcome != prove.NotReproduced
}

// runProve parses the command line (locklint's flags, -prove,
// -prove-dsn, -json, -sarif, -test, -tags), analyzes, proves and prints.
// sub is set for the prove subcommand, where proving is on by default. It
// returns the exit code: 3 when text findings were printed, as with the
// plain run; 0 for -json and -sarif; 1 when the analysis or the scratch
// database failed; 2 for a bad command line.
func runProve(a *analysis.Analyzer, args []string, sub bool, stdout, stderr io.Writer) int {
	d := newDriverFlags(a, stderr)
	mode := proveMode("off")
	if sub {
		mode = "on"
	}
	d.fs.Var(&mode, "prove", proveUsage)
	dsn := d.fs.String("prove-dsn", os.Getenv(proveDSNEnv), proveDSNUsage)
	asJSON := d.fs.Bool("json", false, "emit JSON output")
	asSARIF := d.fs.Bool("sarif", false, sarifUsage)
	if err := d.fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if mode == "off" {
		fmt.Fprintln(stderr, "locklint: -prove-dsn is given but -prove is off")
		return 2
	}
	if *dsn == "" {
		fmt.Fprintf(stderr, "locklint: prove needs -prove-dsn (or $%s): a scratch database that locklint may create tables in\n", proveDSNEnv)
		return 2
	}
	liveDSN := os.Getenv(analyzer.DSNEnv)
	if f := d.fs.Lookup("dsn"); f != nil && f.Value.String() != "" {
		liveDSN = f.Value.String()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The scratch database is checked before the analysis, which may take
	// minutes, so that a wrong DSN fails at once.
	pr, err := prove.Open(ctx, *dsn, liveDSN)
	if err != nil {
		fmt.Fprintf(stderr, "locklint: prove: %v\n", err)
		return 1
	}
	defer func() {
		if err := pr.Close(); err != nil {
			fmt.Fprintf(stderr, "locklint: prove: dropping the scratch tables: %v\n", err)
		}
	}()
	graph, code := d.analyze(a, "prove", stderr)
	if graph == nil {
		return code
	}
	pv := proveAll(ctx, pr, graph)
	pv.strict = mode == "strict"
	switch {
	case *asSARIF:
		wd, _ := os.Getwd()
		findings, failures := merge(graphResults(graph, pv))
		if len(failures) > 0 {
			code = 1
		}
		log := buildSARIF(findings, failures, wd)
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(log); err != nil {
			fmt.Fprintf(stderr, "locklint: %v\n", err)
			return 1
		}
		return code
	case *asJSON:
		tree, failed := jsonTree(graph, pv)
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
	if printProved(stderr, graph, pv) && code == 0 {
		code = 3
	}
	return code
}

// proveAll replays every finding of the root packages once.
func proveAll(ctx context.Context, pr *prove.Prover, graph *checker.Graph) *proofs {
	pv := &proofs{verdicts: map[proofKey]prove.Verdict{}}
	for _, act := range graph.Roots {
		cases, _ := act.Result.(analyzer.Cases)
		for _, c := range cases {
			k := proofKey{c.Posn, c.Rule}
			if _, done := pv.verdicts[k]; done {
				continue
			}
			if ctx.Err() != nil {
				pv.verdicts[k] = prove.Verdict{Outcome: prove.NotProvable, Detail: "interrupted"}
				continue
			}
			pv.verdicts[k] = pr.Prove(ctx, c)
		}
	}
	return pv
}

// printProved prints the findings as the plain run does, each with its
// verdict on an indented line under it, and reports whether it printed
// any.
func printProved(w io.Writer, graph *checker.Graph, pv *proofs) bool {
	type key struct{ posn, rule, message string }
	seen := map[key]bool{}
	printed := false
	for _, act := range graph.Roots {
		if act.Err != nil {
			fmt.Fprintf(w, "%s: %v\n", act.Analyzer.Name, act.Err)
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			posn := fset.Position(d.Pos).String()
			k := key{posn, d.Category, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			v, keep := pv.verdict(posn, d.Category)
			if !keep {
				continue
			}
			printed = true
			fmt.Fprintf(w, "%s: %s\n", posn, d.Message)
			if v != nil {
				fmt.Fprintf(w, "\t%s\n", v)
			}
			for _, r := range d.Related {
				fmt.Fprintf(w, "%s: \t%s\n", fset.Position(r.Pos), r.Message)
			}
		}
	}
	return printed
}

// graphResults lists the root packages' findings as the standalone
// command's per-package results, each with its verdict; under
// -prove=strict without the findings that were not reproduced.
func graphResults(graph *checker.Graph, pv *proofs) []pkgResult {
	var out []pkgResult
	for _, act := range graph.Roots {
		r := pkgResult{ID: act.Package.ID}
		if act.Err != nil {
			r.Err = act.Err.Error()
			out = append(out, r)
			continue
		}
		for _, d := range act.Diagnostics {
			jd := toJSON(act.Package.Fset, d)
			v, keep := pv.verdict(jd.Posn, jd.Category)
			if !keep {
				continue
			}
			jd.Prove = v
			r.Diags = append(r.Diags, jd)
		}
		out = append(out, r)
	}
	return out
}
