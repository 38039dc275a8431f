package sqltext

import "strings"

// Dialect is what a statement's own syntax says about the database it is
// written for. Placeholder normalization makes `$1` parse as `?`, so a
// statement written for PostgreSQL would otherwise be summarized (and
// judged) as if MySQL ran it.
type Dialect struct {
	// Foreign names the first piece of syntax MySQL does not accept but
	// PostgreSQL or SQLite do ("$1 placeholders", "ON CONFLICT", ...);
	// empty when there is none.
	Foreign string
	// QuestionMarks is true when the statement binds its arguments with
	// `?` placeholders, as MySQL drivers do (SQLite's do too).
	QuestionMarks bool
}

// DialectOf reads the dialect markers of text. String literals, quoted
// identifiers and comments are skipped, so `'$1'` or `-- ON CONFLICT` say
// nothing. RETURNING counts as foreign although MariaDB accepts it after
// INSERT and DELETE: staying silent on such a statement is a miss at
// worst, never a false finding.
func DialectOf(text string) Dialect {
	var d Dialect
	s := scanner{src: text}
	var prev, prev2 token
	foreign := func(what string) {
		if d.Foreign == "" {
			d.Foreign = what
		}
	}
	word := func(t token) string {
		if t.kind != tokWord {
			return ""
		}
		return strings.ToUpper(text[t.start:t.end])
	}
	for {
		t := s.next()
		if t.kind == tokEOF {
			return d
		}
		w := word(t)
		switch {
		case t.kind == tokWord && len(w) > 1 && w[0] == '$' && allDigits(w[1:]):
			foreign("$1 placeholders")
		case t.kind == tokPunct && text[t.start:t.end] == "?":
			d.QuestionMarks = true
		case t.kind == tokPunct && text[t.start:t.end] == ":" && prev.kind == tokPunct && prev.end == t.start && text[prev.start:prev.end] == ":":
			foreign(":: casts")
		case t.kind == tokString && text[t.start] == '"' && tableKeyword(word(prev)):
			// FROM "events": MySQL reads "..." as a string, which cannot
			// name a table; PostgreSQL quotes identifiers so.
			foreign("double-quoted table names")
		case w == "ILIKE":
			foreign("ILIKE")
		case w == "CONFLICT" && word(prev) == "ON":
			foreign("ON CONFLICT")
		case w == "RETURNING":
			foreign("RETURNING")
		case w == "KEY" && word(prev) == "NO" && word(prev2) == "FOR",
			w == "SHARE" && word(prev) == "KEY" && word(prev2) == "FOR":
			foreign("FOR NO KEY UPDATE / FOR KEY SHARE")
		}
		prev2, prev = prev, t
	}
}

// tableKeyword reports whether a table name follows the keyword w.
func tableKeyword(w string) bool {
	switch w {
	case "FROM", "INTO", "UPDATE", "JOIN", "TABLE":
		return true
	}
	return false
}
