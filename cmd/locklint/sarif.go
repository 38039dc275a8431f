package main

import (
	"fmt"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/locklint/locklint/analyzer"
	"github.com/locklint/locklint/prove"
	"github.com/locklint/locklint/rules"
)

// The -sarif mode writes the merged findings of a standalone run as one
// SARIF 2.1.0 log, for GitHub code scanning and other SARIF consumers.

const sarifUsage = "write findings as SARIF 2.1.0 to standard output (for GitHub code scanning); exits 0 whether or not there are findings"

// wantsSARIF reports whether the command line asks for -sarif. It looks
// at every argument: package patterns never start with "-".
func wantsSARIF(args []string) bool {
	on := false
	for _, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "sarif" {
			continue
		}
		on = true
		if hasValue {
			on, _ = strconv.ParseBool(value)
		}
	}
	return on
}

// The SARIF 2.1.0 object model, as much of it as locklint fills.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		Invocations        []sarifInvocation           `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		ColumnKind         string                      `json:"columnKind"`
		Results            []sarifResult               `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		HelpURI              string       `json:"helpUri"`
		DefaultConfiguration struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifResult struct {
		RuleID           string           `json:"ruleId"`
		RuleIndex        int              `json:"ruleIndex"`
		Level            string           `json:"level"`
		Message          sarifMessage     `json:"message"`
		Locations        []sarifLocation  `json:"locations"`
		RelatedLocations []sarifLocation  `json:"relatedLocations,omitempty"`
		Properties       *sarifProperties `json:"properties,omitempty"`
	}
	// sarifProperties carry a finding's verdict under -prove.
	sarifProperties struct {
		Prove *prove.Verdict `json:"prove,omitempty"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifMessage `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

// srcRoot is the base that relative artifact URIs are relative to: the
// working directory, which for code scanning is the repository's root.
const srcRoot = "%SRCROOT%"

// buildSARIF turns the merged findings into a log. The failures, packages
// whose analysis failed, are notifications of an unsuccessful run.
func buildSARIF(findings []finding, failures []pkgResult, wd string) sarifLog {
	driver := sarifDriver{
		Name:           "locklint",
		InformationURI: "https://github.com/locklint/locklint",
	}
	ruleIndex := map[string]int{}
	addRule := func(id, summary, help string) {
		r := sarifRule{ID: id, ShortDescription: sarifMessage{summary}, HelpURI: help}
		r.DefaultConfiguration.Level = "warning"
		ruleIndex[id] = len(driver.Rules)
		driver.Rules = append(driver.Rules, r)
	}
	for _, r := range rules.All() {
		addRule(r.ID, r.Summary, analyzer.DocsURL+r.ID+".md")
	}

	run := sarifRun{ColumnKind: "utf16CodeUnits", Results: []sarifResult{}}
	if wd != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{
			srcRoot: {URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(wd) + "/"}).String()},
		}
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, f := range failures {
		inv.ExecutionSuccessful = false
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:   "error",
			Message: sarifMessage{fmt.Sprintf("%s: %s", f.ID, f.Err)},
		})
	}
	lines := lineCache{}
	for _, d := range findings {
		rule := d.Category
		if rule == "" {
			rule = "locklint"
		}
		if _, ok := ruleIndex[rule]; !ok {
			// Not a rule: a malformed //locklint:ignore directive.
			addRule(rule, "locklint "+rule, analyzer.DocsURL+"README.md")
		}
		res := sarifResult{
			RuleID:    rule,
			RuleIndex: ruleIndex[rule],
			Level:     "warning",
			Message:   sarifMessage{d.Message},
			Locations: []sarifLocation{{PhysicalLocation: physical(wd, lines, parsePosn(d.Posn), parsePosn(d.End))}},
		}
		for i, r := range d.Related {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: physical(wd, lines, parsePosn(r.Posn), parsePosn(r.End)),
				Message:          &sarifMessage{r.Message},
			})
		}
		if d.Prove != nil {
			res.Properties = &sarifProperties{Prove: d.Prove}
		}
		run.Results = append(run.Results, res)
	}
	run.Tool.Driver = driver
	run.Invocations = []sarifInvocation{inv}
	return sarifLog{
		Schema:  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
}

// physical is the SARIF location of a source range. The URI is relative
// to the working directory when the file is under it; columns are
// counted in UTF-16 code units, as SARIF's default columnKind says, where
// go/token counts bytes.
func physical(wd string, lines lineCache, start, end token.Position) sarifPhysical {
	var loc sarifArtifactLoc
	if rel, err := filepath.Rel(wd, start.Filename); wd != "" && err == nil && filepath.IsLocal(rel) {
		loc = sarifArtifactLoc{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: srcRoot}
	} else {
		loc = sarifArtifactLoc{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(start.Filename)}).String()}
	}
	region := sarifRegion{StartLine: start.Line}
	if start.Line <= 0 {
		region.StartLine = 1 // a position without a line: the file as a whole
	}
	if start.Column > 0 {
		region.StartColumn = lines.utf16Column(start)
	}
	if end.IsValid() && end.Filename == start.Filename && end.Line >= start.Line && end.Column > 0 {
		region.EndLine = end.Line
		region.EndColumn = lines.utf16Column(end)
		if region.EndLine == region.StartLine && region.EndColumn < region.StartColumn {
			region.EndLine, region.EndColumn = 0, 0
		}
	}
	return sarifPhysical{ArtifactLocation: loc, Region: region}
}

// lineCache holds the lines of the files findings are in, to convert byte
// columns to UTF-16 ones.
type lineCache map[string][]string

func (c lineCache) utf16Column(p token.Position) int {
	lines, ok := c[p.Filename]
	if !ok {
		data, _ := os.ReadFile(p.Filename)
		lines = strings.Split(string(data), "\n")
		c[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return p.Column
	}
	line := lines[p.Line-1]
	prefix := line[:min(p.Column-1, len(line))]
	n := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRuneInString(prefix)
		prefix = prefix[size:]
		n += utf16.RuneLen(r)
	}
	return n + 1 + max(0, p.Column-1-len(line))
}
