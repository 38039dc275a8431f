package sqltext

import "fmt"

// Hole is the identifier the Go extractor writes where a fmt.Sprintf verb
// (%s, %d, %v) inserts text unknown until run time. A table named Hole is an
// unknown table (TableRef.Name == ""), and a value that is Hole has
// ValueOpaque kind.
const Hole = "__locklint_hole__"

// Parse summarizes every statement in text. Placeholders (?, $1, :name,
// @name) are normalized first. Text that does not parse returns an error
// whose message names the 1-based line and column it failed at; it never
// panics, whatever the input.
func Parse(text string) (sums []*Summary, err error) {
	defer func() {
		// The TiDB parser has panicked on odd input before; a linter must
		// not crash on the SQL of the code it checks.
		if r := recover(); r != nil {
			sums, err = nil, fmt.Errorf("sqltext: internal error: %v", r)
		}
	}()
	return parse(text)
}

// Summarize returns the summary of text when it holds exactly one statement
// that parses, and nil otherwise: unknown SQL is not an error for callers
// that lint Go code.
func Summarize(text string) *Summary {
	sums, err := Parse(text)
	if err != nil || len(sums) != 1 {
		return nil
	}
	return sums[0]
}
