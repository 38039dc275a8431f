package sqltext

// Hole is the identifier the Go extractor writes where a fmt.Sprintf verb
// (%s, %d, %v) inserts text unknown until run time. A table named Hole is an
// unknown table (TableRef.Name == ""), and a value that is Hole has
// ValueOpaque kind.
const Hole = "__locklint_hole__"

// Parse summarizes every statement in text. Placeholders (?, $1, :name,
// @name) are normalized first. Text that does not parse returns an error
// whose message names the 1-based line and column it failed at; it never
// panics, whatever the input.
//
// func Parse(text string) ([]*Summary, error)

// Summarize returns the summary of text when it holds exactly one statement
// that parses, and nil otherwise: unknown SQL is not an error for callers
// that lint Go code.
//
// func Summarize(text string) *Summary
