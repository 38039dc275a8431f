package sqltext

import "strings"

// NamePattern is an identifier of which only a part is known: a table
// name a method formats, `events_%s`, written with a Hole for the
// run-time part.
type NamePattern struct {
	Start, End     int    // byte range of the identifier in the text, quotes included
	Prefix, Suffix string // the known parts, lower case
	Hole           int    // which hole of the text it holds, counting from 0
}

// Matches reports whether name (lower case, unqualified) fits the pattern:
// the known parts around at least one character.
func (p NamePattern) Matches(name string) bool {
	return len(name) > len(p.Prefix)+len(p.Suffix) && strings.HasPrefix(name, p.Prefix) && strings.HasSuffix(name, p.Suffix)
}

// NamePatterns finds the identifiers of text that hold one hole next to
// known characters. Whole holes and holes inside string literals are not
// patterns.
func NamePatterns(text string) []NamePattern {
	var out []NamePattern
	holes := 0
	inString := byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		if inString != 0 {
			if c == inString {
				inString = 0
			}
			if strings.HasPrefix(text[i:], Hole) {
				holes++
				i += len(Hole) - 1
			}
			continue
		}
		if c == '\'' || c == '"' {
			inString = c
			continue
		}
		if !strings.HasPrefix(text[i:], Hole) {
			continue
		}
		start, end := i, i+len(Hole)
		for start > 0 && identByte(text[start-1]) {
			start--
		}
		for end < len(text) && identByte(text[end]) && !strings.HasPrefix(text[end:], Hole) {
			end++
		}
		prefix, suffix := text[start:i], text[i+len(Hole):end]
		if strings.Contains(prefix, Hole) || end < len(text) && strings.HasPrefix(text[end:], Hole) {
			holes++
			i += len(Hole) - 1
			continue // two holes in one name
		}
		qs, qe := start, end
		if qs > 0 && text[qs-1] == '`' && qe < len(text) && text[qe] == '`' {
			qs, qe = qs-1, qe+1
		}
		if prefix != "" || suffix != "" {
			out = append(out, NamePattern{Start: qs, End: qe, Prefix: strings.ToLower(prefix), Suffix: strings.ToLower(suffix), Hole: holes})
		}
		holes++
		i += len(Hole) - 1
	}
	return out
}

func identByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// ColumnsOf lists the columns the statement names for table (lower
// case): in its predicates, as the target's inserted or assigned columns,
// and as the result columns of a SELECT that reads only that table at its
// top level.
func (s *Summary) ColumnsOf(table string) []string {
	var out []string
	var walk func(c *Cond)
	walk = func(c *Cond) {
		if c == nil {
			return
		}
		if c.Pred != nil && c.Pred.Table == table {
			out = append(out, c.Pred.Column)
		}
		for _, a := range c.Args {
			walk(a)
		}
	}
	walk(s.Where)
	if len(s.Tables) > 0 && s.Tables[0].Name == table && (s.Kind == KindInsert || s.Kind == KindUpdate) {
		out = append(out, s.InsertColumns...)
		for _, a := range s.Set {
			out = append(out, a.Column)
		}
	}
	top := 0
	for _, t := range s.Tables {
		if !t.Nested {
			top++
		}
	}
	if s.Kind == KindSelect && top == 1 && len(s.Tables) > 0 && s.Tables[0].Name == table && !s.Tables[0].Nested {
		for _, c := range s.Columns {
			if c != "" && c != "*" {
				out = append(out, c)
			}
		}
	}
	return out
}

// TableHoles returns which holes of text (counting from 0, in text order)
// stand in a table's name: in the dotted name after TABLE, TABLES, FROM,
// INTO or UPDATE (IF [NOT] EXISTS skipped). A message about a table named
// at run time names what fills those, not a value's hole elsewhere in the
// statement (`ALTER TABLE %s.%s AUTO_INCREMENT=%d`). Nil when no hole
// does.
func TableHoles(text string) []int {
	s := &scanner{src: text}
	var out []int
	holes := 0
	expect := false // the next name part is a table's
	inName := false // the last token was a part of a table's name
	for {
		t := s.next()
		if t.kind == tokEOF {
			return out
		}
		n := 0
		if t.kind == tokWord || t.kind == tokQuoted {
			n = strings.Count(s.text(t), Hole) + strings.Count(s.text(t), holeShort)
		}
		k := kwNone
		if t.kind == tokWord && n == 0 {
			k = keyword(s.text(t))
		}
		switch {
		case expect && (k == kwIf || k == kwNot || k == kwExists):
			// DROP TABLE IF EXISTS t: the name is still to come.
		case expect && (t.kind == tokWord && k == kwNone || t.kind == tokQuoted):
			for i := 0; i < n; i++ {
				out = append(out, holes+i)
			}
			expect, inName = false, true
		case inName && t.kind == tokPunct && s.text(t) == ".":
			expect, inName = true, false
		default:
			expect, inName = false, false
			switch k {
			case kwTable, kwTables, kwFrom, kwInto, kwUpdate:
				expect = true
			}
		}
		holes += n
	}
}
