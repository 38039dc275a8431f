package main

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/locklint/locklint/analyzer"
	"github.com/locklint/locklint/rules"
)

// sarifSchema is the SARIF 2.1.0 JSON schema (OASIS, errata01) shipped in
// testdata/sarif, made absolute before any test changes directory.
var sarifSchema, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "sarif", "sarif-schema-2.1.0.json"))

// validateSARIF checks a log against the SARIF 2.1.0 JSON schema.
func validateSARIF(t *testing.T, log []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(sarifSchema)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, log)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("output does not validate against SARIF 2.1.0: %v\n%s", err, log)
	}
}

func TestWantsSARIF(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-sarif", "./..."}, true},
		{[]string{"-schema", "db", "--sarif", "./..."}, true},
		{[]string{"-sarif=true", "./..."}, true},
		{[]string{"-sarif=false", "./..."}, false},
		{[]string{"-json", "./..."}, false},
		{[]string{"-sarifx", "./..."}, false},
		{[]string{"--", "-sarif"}, false},
	} {
		if got := wantsSARIF(tc.args); got != tc.want {
			t.Errorf("wantsSARIF(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestSARIFFromFindings builds a log from made-up findings and
// checks the parts code scanning relies on.
func TestSARIFFromFindings(t *testing.T) {
	wd := t.TempDir()
	src := "package p\n\nvar s = \"é😀\"; var x = 1\n"
	file := filepath.Join(wd, "store", "p.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	tf := fset.AddFile(file, -1, len(src))
	tf.SetLinesForContent([]byte(src))
	// "x" on line 3 is at byte column 23, UTF-16 column 20: é is two
	// bytes and one unit, 😀 four bytes and two units.
	xOff := strings.Index(src, "x =")
	rule := rules.All()[0]
	posn := func(off int) string { return fset.Position(tf.Pos(off)).String() }
	diag := jsonDiagnostic{
		Posn:     posn(xOff),
		End:      posn(xOff + 1),
		Category: rule.ID,
		Message:  rule.ID + ": something",
		Related:  []jsonRelatedInfo{{Posn: posn(0), End: posn(0), Message: "the package clause"}},
	}
	malformed := jsonDiagnostic{Posn: posn(0), End: posn(0), Category: "ignore", Message: "locklint: bad directive"}
	findings, failures := merge([]pkgResult{
		{ID: "example.com/p", Diags: []jsonDiagnostic{diag, malformed}},
		// The package analyzed without its tests repeats the file's findings.
		{ID: "example.com/p", Diags: []jsonDiagnostic{diag}},
	})
	log := buildSARIF(findings, failures, wd)
	if len(failures) > 0 || !log.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Error("the run failed without failures")
	}
	out, err := json.Marshal(log)
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, out)

	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(rules.All())+1 {
		t.Errorf("%d rules, want every rule and one for %q", len(run.Tool.Driver.Rules), "ignore")
	}
	for i, r := range rules.All() {
		d := run.Tool.Driver.Rules[i]
		if d.ID != r.ID || d.ShortDescription.Text != r.Summary || d.HelpURI != analyzer.DocsURL+r.ID+".md" {
			t.Errorf("rule %d: %+v, want %s %q", i, d, r.ID, r.Summary)
		}
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2 (duplicate dropped): %+v", len(run.Results), run.Results)
	}
	res := run.Results[1]
	if res.RuleID != rule.ID || res.RuleIndex != 0 || res.Level != "warning" || res.Message.Text != diag.Message {
		t.Errorf("result: %+v", res)
	}
	loc := res.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "store/p.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifact location %+v, want store/p.go relative to %%SRCROOT%%", loc.ArtifactLocation)
	}
	if loc.Region != (sarifRegion{StartLine: 3, StartColumn: 20, EndLine: 3, EndColumn: 21}) {
		t.Errorf("region %+v, want line 3, UTF-16 columns 20-21", loc.Region)
	}
	if len(res.RelatedLocations) != 1 || res.RelatedLocations[0].Message.Text != "the package clause" ||
		res.RelatedLocations[0].PhysicalLocation.Region.StartLine != 1 {
		t.Errorf("related locations: %+v", res.RelatedLocations)
	}
	if got := run.Results[0].RuleID; got != "ignore" {
		t.Errorf("first result's rule %q, want ignore", got)
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("%%SRCROOT%% is %q, want a file URI ending in /", base)
	}
}

// TestSARIFEndToEnd runs the -sarif mode on the example module and
// validates what it writes.
func TestSARIFEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the example module; skipped with -short")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	if err != nil {
		t.Fatal(err)
	}
	// The standalone command runs go vet with the tool: build it.
	bin := filepath.Join(t.TempDir(), "locklint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	if code := runStandalone(analyzer.Analyzer, bin, sarifOutput, []string{"-sarif", "-schema=migrations", "./..."}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code %d\n%s", code, stderr.Bytes())
	}
	validateSARIF(t, stdout.Bytes())

	var log sarifLog
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	// Which findings the example has is e2e_test.go's business; here:
	// relative locations, rule IDs, and the related "begin" locations.
	results := log.Runs[0].Results
	if len(results) == 0 {
		t.Fatal("no results")
	}
	related := 0
	for _, r := range results {
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != srcRoot || strings.Contains(loc.ArtifactLocation.URI, ":") {
			t.Errorf("result location %+v is not relative to %s", loc.ArtifactLocation, srcRoot)
		}
		if !strings.HasPrefix(r.Message.Text, r.RuleID+": ") {
			t.Errorf("message %q does not start with its rule ID", r.Message.Text)
		}
		related += len(r.RelatedLocations)
	}
	if related == 0 {
		t.Error("no related locations (range-lock findings relate the transaction's begin)")
	}
}
