package main

import (
	"bytes"
	"go/token"
	"strings"
	"testing"

	"github.com/locklint/locklint/analyzer"
)

func TestParsePosn(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want token.Position
	}{
		{"/a/b.go:12:3", token.Position{Filename: "/a/b.go", Line: 12, Column: 3}},
		{"/a/b.go:12", token.Position{Filename: "/a/b.go", Line: 12}},
		{"/a/b.go", token.Position{Filename: "/a/b.go"}},
		{`C:\x\b.go:7:1`, token.Position{Filename: `C:\x\b.go`, Line: 7, Column: 1}},
		{"/a/odd:name.go:1:2", token.Position{Filename: "/a/odd:name.go", Line: 1, Column: 2}},
		{"-", token.Position{}},
	} {
		if got := parsePosn(tc.in); got != tc.want {
			t.Errorf("parsePosn(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

// TestMerge: findings from several packages' runs come out once each,
// sorted by file, line (as a number), column, rule and message; a failed
// package is a failure, not a finding.
func TestMerge(t *testing.T) {
	d := func(posn, category string) jsonDiagnostic {
		return jsonDiagnostic{Posn: posn, End: posn, Category: category, Message: category + ": at " + posn}
	}
	findings, failures := merge([]pkgResult{
		{ID: "m/q", Diags: []jsonDiagnostic{d("/m/q/q.go:10:2", "range-lock"), d("/m/q/q.go:9:5", "unindexed-lock")}},
		{ID: "m/p", Diags: []jsonDiagnostic{d("/m/p/p.go:3:1", "lock-order"), d("/m/p/p.go:3:1", "check-then-insert")}},
		// The same package analyzed without its tests repeats a finding.
		{ID: "m/p", Diags: []jsonDiagnostic{d("/m/p/p.go:3:1", "lock-order")}},
		{ID: "m/r", Err: "failed prerequisites: inspect"},
		{ID: "m/q", Diags: []jsonDiagnostic{d("/m/q/q.go:10:2", "range-lock")}},
	})
	var got []string
	for _, f := range findings {
		got = append(got, f.Pkg+" "+f.Posn+" "+f.Category)
	}
	want := []string{
		"m/p /m/p/p.go:3:1 check-then-insert",
		"m/p /m/p/p.go:3:1 lock-order",
		"m/q /m/q/q.go:9:5 unindexed-lock",
		"m/q /m/q/q.go:10:2 range-lock",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("merged:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(failures) != 1 || failures[0].ID != "m/r" {
		t.Errorf("failures %+v, want m/r's", failures)
	}
	tree := jsonOf(findings, failures)
	if len(tree) != 3 || len(tree["m/p"]["locklint"].([]jsonDiagnostic)) != 2 {
		t.Errorf("JSON tree %+v", tree)
	}
}

// TestReadEnvelopes: the envelopes of a run, as go vet copies them one
// after another, give every package's results and each note once.
func TestReadEnvelopes(t *testing.T) {
	stream := `{"trees":[{"m/p":{"locklint":[{"posn":"/m/p/p.go:1:1","end":"/m/p/p.go:1:2","message":"x: y","category":"x"}]}},{}],"stderr":"locklint: note: a\n"}
{"trees":[{"m/q":{"locklint":{"error":"boom"}}}],"stderr":"locklint: note: a\nlocklint: note: b\n"}
{"trees":[{}]}
`
	var notes []string
	results, n, err := readEnvelopes(strings.NewReader(stream), func(fresh []string) { notes = append(notes, fresh...) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("%d envelopes, want 3", n)
	}
	if len(results) != 2 || results[0].ID != "m/p" || len(results[0].Diags) != 1 || results[1].Err != "boom" {
		t.Errorf("results %+v", results)
	}
	if strings.Join(notes, "|") != "locklint: note: a|locklint: note: b" {
		t.Errorf("notes %q, want each once", notes)
	}
}

// TestPrintPlain: the text form is the in-process driver's, related
// positions on their own lines with the message indented.
func TestPrintPlain(t *testing.T) {
	var buf bytes.Buffer
	printPlain(&buf, jsonDiagnostic{
		Posn: "/m/p.go:3:2", End: "/m/p.go:3:9", Message: "range-lock: m",
		Related: []jsonRelatedInfo{{Posn: "/m/p.go:1:1", End: "/m/p.go:1:1", Message: "the transaction begins here"}},
	}, -1)
	if want := "/m/p.go:3:2: range-lock: m\n/m/p.go:1:1: \tthe transaction begins here\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

func TestVetArgs(t *testing.T) {
	a := analyzer.New(analyzer.Config{})
	d := newStandaloneFlags(a, &bytes.Buffer{})
	if err := d.fs.Parse([]string{"-test=false", "-tags", "a b", "-engine=mariadb", "-summary", "./..."}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(vetArgs(a, d.driverFlags, "/bin/locklint"), " ")
	if want := "vet -vettool=/bin/locklint -json -tags=a,b -engine=mariadb -test=false -merge ./..."; got != want {
		t.Errorf("go %s\nwant go %s", got, want)
	}
}
