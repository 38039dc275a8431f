package main

import (
	"flag"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/prove"
)

// The flags of the standalone command and the command-line parsing its
// modes share. With a flag only singlechecker implements (-fix, -diff,
// profiling), the command runs singlechecker, whose loader ignores its
// own -tags: the tags reach it through GOFLAGS.

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
