package rules

import (
	"go/token"

	"github.com/locklint/locklint/schema"

	"github.com/locklint/locklint/sqltext"
)

// SQLFile is a SQL file a migration tool runs, one statement after the
// other on one connection: a migration embedded with //go:embed, or a file
// given to `locklint sql`.
type SQLFile struct {
	Name  string
	Stmts []*sqltext.Summary
	// Tok maps the statements' byte offsets to positions; it belongs to
	// the FileSet the findings are reported with.
	Tok *token.File
	// Prior is the schema the migrations before this file build (the
	// files of its directory that sort before it), nil when unknown: what
	// the tables are when the file runs, before its own statements.
	Prior *schema.Schema
}

// Pos is the position of statement s, for findings.
func (f *SQLFile) Pos(s *sqltext.Summary) token.Pos {
	if s.Offset < 0 || s.Offset > f.Tok.Size() {
		return f.Tok.Pos(0)
	}
	return f.Tok.Pos(s.Offset)
}
