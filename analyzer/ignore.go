package analyzer

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/rules"
)

const ignorePrefix = "//locklint:ignore"

// ignore is one //locklint:ignore directive.
type ignore struct {
	pos   token.Pos
	file  string
	line  int
	rules []string
	// problem is why the directive is malformed, "" if it is not.
	problem string
}

type ignores []ignore

// collectIgnores reads the //locklint:ignore <rule-id>[,<rule-id>] <reason>
// directives of the package.
func collectIgnores(pass *analysis.Pass) ignores {
	var out ignores
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, ignorePrefix) {
					continue
				}
				rest := strings.TrimPrefix(c.Text, ignorePrefix)
				if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
					continue // //locklint:ignoreX is not ours
				}
				fields := strings.Fields(rest)
				p := pass.Fset.Position(c.Slash)
				ig := ignore{pos: c.Slash, file: p.Filename, line: p.Line}
				switch {
				case len(fields) == 0:
					ig.problem = "//locklint:ignore needs a rule ID and a reason: //locklint:ignore <rule-id> <reason>"
				case len(fields) == 1:
					ig.problem = "//locklint:ignore " + fields[0] + " needs a reason after the rule ID"
				}
				if len(fields) > 0 {
					for _, id := range strings.Split(fields[0], ",") {
						if rules.ByID(id) == nil && ig.problem == "" {
							ig.problem = "//locklint:ignore names unknown rule " + id
						}
						ig.rules = append(ig.rules, id)
					}
				}
				out = append(out, ig)
			}
		}
	}
	return out
}

// suppresses reports whether a well-formed directive on the finding's line,
// or on the line above it, names the finding's rule.
func (igs ignores) suppresses(fset *token.FileSet, f rules.Finding) bool {
	p := fset.Position(f.Pos)
	for _, ig := range igs {
		if ig.problem != "" || ig.file != p.Filename || (ig.line != p.Line && ig.line != p.Line-1) {
			continue
		}
		for _, id := range ig.rules {
			if id == f.Rule.ID {
				return true
			}
		}
	}
	return false
}

// reportMalformed reports directives without a reason or with an unknown
// rule: an ignore that silences nothing, or silences without saying why,
// is a problem of its own.
func (igs ignores) reportMalformed(pass *analysis.Pass) {
	for _, ig := range igs {
		if ig.problem != "" {
			pass.Report(analysis.Diagnostic{Pos: ig.pos, Category: "ignore", Message: "locklint: " + ig.problem})
		}
	}
}
