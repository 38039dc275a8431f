package sqltext

import (
	"fmt"
	"reflect"
	"slices"
)

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

// Equivalent reports whether two statements are the same as far as
// locking goes: same kind, tables, lock clause, predicates, order, limit
// and writes; they may differ in what they return (the select list) and in
// layout. Code that picks one of two texts at run time runs the same
// statement either way when they are equivalent.
func Equivalent(a, b *Summary) bool {
	if a == nil || b == nil {
		return false
	}
	x, y := *a, *b
	x.Offset, y.Offset, x.Line, y.Line = 0, 0, 0, 0
	// The select list does not change what a statement locks; which
	// column a scanned value holds is then unknown (see Columns).
	if !reflect.DeepEqual(x.Columns, y.Columns) {
		x.Columns, y.Columns = nil, nil
	}
	return reflect.DeepEqual(x, y)
}

// SameShape reports whether two statements are the same but for their
// WHERE clauses (and so their placeholders): same kind, tables, lock
// clause, order, limit and writes. A statement that code extends with
// optional conditions keeps its shape.
func SameShape(a, b *Summary) bool {
	if a == nil || b == nil {
		return false
	}
	x, y := *a, *b
	x.Where, y.Where = nil, nil
	x.Params, y.Params = 0, 0
	x.ParamNames, y.ParamNames = nil, nil
	return Equivalent(&x, &y)
}

// Positional returns text with its named placeholders (sqlx's :name,
// @name) written as ?, in the same order, for a driver that binds only ?.
// It returns false when the text has PostgreSQL $n placeholders, which
// are not MySQL's, or a placeholder it cannot rewrite.
func Positional(text string) (out string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			out, ok = "", false
		}
	}()
	n := normalize(text)
	var b []byte
	last := 0
	for i, off := range n.params {
		if off < last || off >= len(text) {
			return "", false
		}
		switch text[off] {
		case '?':
			continue
		case '$':
			return "", false
		case ':', '@':
		default:
			return "", false
		}
		end := off + 1 + len(n.names[i])
		if n.names[i] == "" || end > len(text) {
			return "", false
		}
		b = append(b, text[last:off]...)
		b = append(b, '?')
		last = end
	}
	return string(append(b, text[last:]...)), true
}

// Placeholders returns the byte offsets in text of its placeholders, in
// order: not the ? inside literals, comments or quoted identifiers. Nil
// when the text cannot be read.
func Placeholders(text string) (offs []int) {
	defer func() {
		if r := recover(); r != nil {
			offs = nil
		}
	}()
	return slices.Clone(normalize(text).params)
}
