package prove

import (
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
)

// Case is what the prover needs of one finding.
type Case struct {
	Rule string
	// Posn is the finding's position as file:line:col, which ties the
	// case to the diagnostic.
	Posn string
	// Stmts are the statements the finding names: the one at its
	// position first, then those at its related positions in order. A
	// position where no statement runs (a Begin) has none; a position
	// where a helper runs several has each.
	Stmts []Stmt
	// Tables are the schema's tables the statements use; a table the
	// schema does not know is missing here.
	Tables []*schema.Table
}

// Stmt is one statement of a finding.
type Stmt struct {
	Posn string
	// Related is the index of the related position the statement is at,
	// -1 for the finding's own position.
	Related int
	// Text is the SQL as the code sends it; empty when only a summary
	// is known (an ORM chain).
	Text string
	SQL  *sqltext.Summary
	// Isolation is the level of the statement's transaction as the
	// rules saw it: the one the code requests, or the server's default.
	Isolation sqltext.Isolation
}
