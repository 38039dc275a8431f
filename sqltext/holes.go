package sqltext

import "strings"

// The Go extractor writes Hole where fmt.Sprintf inserts text at run time.
// A hole usually stands for an identifier or a value and then parses as a
// column or table name. In a few common places it does not parse:
//
//	... LIMIT %d                    -> LIMIT 1
//	... IN %s, VALUES %s            -> IN (hole), VALUES (hole)
//	... VALUES (?, ?)%s             -> the rows added at run time are dropped
//	... WHERE a = ? %s              -> WHERE a = ? && hole
//	... ORDER BY created %s         -> the direction is dropped
//	UPDATE t SET %s [WHERE ...]     -> SET hole=0 [WHERE ...]
//	LOCK TABLES %s                  -> LOCK TABLES hole READ, lock type unknown
//	ALTER TABLE t %s[, ...]         -> an operation of its own kind, unknown
//
// repairHole makes such a repair at the hole the parser stopped at, so
// that the statement still yields what is known of it.

// maxRepairs bounds the parse-repair-parse loop.
const maxRepairs = 8

// holeShort is a shorter stand-in for Hole, used where a repair needs room
// for punctuation around it within Hole's length. It is read like Hole.
const holeShort = "__locklint_h__"

// isHole reports whether an identifier or literal contains run-time text.
func isHole(s string) bool {
	return strings.Contains(s, Hole) || strings.Contains(s, holeShort)
}

func isHoleWord(s *scanner, t token) bool {
	return t.kind == tokWord && strings.EqualFold(s.text(t), Hole)
}

// repairHole rewrites the hole at or just before offset off, where the
// parser failed, and reports whether it did.
func (n *normalized) repairHole(off int) bool {
	s := &scanner{src: n.text}
	var prev, prev2 token
	var prevKw, prev2Kw, prev3Kw kw
	clause := []kw{kwNone} // the clause being read, per parenthesis depth
	// Where an ALTER TABLE statement is: its operations start after the
	// table's name (a dotted run of names) and after each top-level comma.
	alter, atOperation := alterNone, false
	opStart := -1 // where the ALTER TABLE operation being read starts
	var cur token
	for {
		cur = s.next()
		if cur.kind == tokEOF || cur.end > off {
			break
		}
		if atOperation {
			opStart = cur.start
		}
		alter, atOperation = alter.next(s, cur, len(clause) == 1)
		k := kwNone
		switch cur.kind {
		case tokWord:
			k = keyword(s.text(cur))
			switch k {
			case kwSelect, kwFrom, kwWhere, kwSet, kwOrder, kwGroup, kwHaving,
				kwLimit, kwValues, kwValue, kwOn, kwUpdate, kwInto:
				clause[len(clause)-1] = k
			}
		case tokPunct:
			switch s.text(cur) {
			case "(":
				clause = append(clause, kwNone)
			case ")":
				if len(clause) > 1 {
					clause = clause[:len(clause)-1]
				}
			case ";":
				if len(clause) == 1 {
					clause[0] = kwNone
				}
			}
		}
		prev3Kw = prev2Kw
		prev2, prev2Kw = prev, prevKw
		prev, prevKw = cur, k
	}
	in := clause[len(clause)-1]

	if cur.kind == tokWord && (prev.kind == tokPunct && s.text(prev) == ")" || prev.kind == tokWord && prev2Kw == kwInto) {
		// INSERT ... (a, b) values%s: the rows, joined at run time,
		// follow the keyword with no space, which makes one word of the
		// two. The rows are unknown; the keyword and what comes before
		// it are not.
		w := strings.ToUpper(s.text(cur))
		for _, kw := range []string{"VALUES", "VALUE"} {
			if w == kw+strings.ToUpper(Hole) {
				n.edit(cur, kw+" ("+holeShort+")")
				return true
			}
		}
	}
	if isHoleWord(s, cur) && alter == alterOperations && !atOperation && opStart >= 0 && len(clause) == 1 {
		// ALTER TABLE t MODIFY id %s NOT NULL: a hole inside an
		// operation, where the parser wants a type or a keyword. The
		// whole operation becomes one of no known kind, as below; the
		// other operations stay as written.
		return n.replaceSpan(opStart, operationEnd(n.text, cur.end), "CHECKSUM=0")
	}
	if isHoleWord(s, cur) {
		switch {
		case atOperation:
			// The operation comes at run time: CHECKSUM=0 stands for it,
			// read as an operation of no known kind ("OTHER"), so that
			// the statement keeps its table and what the server does
			// for every ALTER TABLE, and claims nothing about the rest.
			n.edit(cur, "CHECKSUM=0")
		case prevKw == kwLimit || prevKw == kwOffset ||
			in == kwLimit && prev.kind == tokPunct && s.text(prev) == ",":
			n.edit(cur, "1")
		case prevKw == kwValues || prevKw == kwValue || prevKw == kwIn:
			n.edit(cur, "("+holeShort+")")
		case (in == kwValues || in == kwValue) && prev.kind == tokPunct && s.text(prev) == ")":
			n.edit(cur, "") // more rows, ",(?,?)" repeated at run time
		case in == kwOrder || in == kwGroup:
			n.edit(cur, "") // ASC / DESC chosen at run time
		case in == kwSet || in == kwUpdate || in == kwFrom:
			n.edit(cur, "") // more assignments, or the rest of the statement
			n.unknown = append(n.unknown, cur.start)
		case prev.kind != tokEOF:
			n.edit(cur, "&& "+holeShort) // one more condition
		default:
			return false
		}
		return true
	}
	if prev.kind != tokEOF && isHoleWord(s, prev) && prev3Kw == kwLock &&
		strings.Trim(n.text[prev.end:], "; \t\r\n") == "" &&
		(prev2Kw == kwTables || prev2Kw == kwTable) {
		// LOCK TABLES %s: tables and lock types all come at run time. The
		// hole ends the text, so a lock type appended to it moves nothing.
		n.text = n.text[:prev.end] + " READ" + n.text[prev.end:]
		n.unknown = append(n.unknown, prev.start)
		return true
	}
	if prev.kind != tokEOF && isHoleWord(s, prev) &&
		(prev2Kw == kwSet || in == kwSet && prev2.kind == tokPunct && s.text(prev2) == ",") {
		n.edit(prev, holeShort+"=0") // SET %s: the assignments are unknown
		return true
	}
	return false
}

// alterState follows an ALTER TABLE statement up to its operations.
type alterState uint8

const (
	alterNone       alterState = iota
	alterKeyword               // ALTER [ONLINE] [IGNORE]
	alterTableName             // TABLE, or a dot inside the name: a name part comes next
	alterNamePart              // a part of the table's name was read
	alterOperations            // past the name
	alterOther                 // another statement
)

// next moves the state over token t (at the top level when top), and reports whether
// the token after t starts an operation of the ALTER TABLE.
func (a alterState) next(s *scanner, t token, top bool) (alterState, bool) {
	word := t.kind == tokWord || t.kind == tokQuoted
	k := kwNone
	if t.kind == tokWord {
		k = keyword(s.text(t))
	}
	switch a {
	case alterNone:
		if k == kwAlter {
			return alterKeyword, false
		}
		return alterOther, false
	case alterKeyword:
		switch {
		case k == kwTable:
			return alterTableName, false
		case word && (strings.EqualFold(s.text(t), "online") || strings.EqualFold(s.text(t), "ignore")):
			return alterKeyword, false
		}
		return alterOther, false
	case alterTableName:
		if word {
			return alterNamePart, true
		}
		return alterOther, false
	case alterNamePart:
		if t.kind == tokPunct && s.text(t) == "." {
			return alterTableName, false
		}
		return alterOperations, false
	case alterOperations:
		return alterOperations, top && t.kind == tokPunct && s.text(t) == ","
	}
	return a, false
}

// operationEnd is where the ALTER TABLE operation that goes on at from
// ends: at the next comma outside parentheses, a semicolon, or the end.
func operationEnd(text string, from int) int {
	s := &scanner{src: text, pos: from}
	depth := 0
	for {
		t := s.next()
		if t.kind == tokEOF {
			return len(text)
		}
		if t.kind != tokPunct {
			continue
		}
		switch s.text(t) {
		case "(":
			depth++
		case ")":
			if depth == 0 {
				return t.start
			}
			depth--
		case ",", ";":
			if depth == 0 {
				return t.start
			}
		}
	}
}

// replaceSpan replaces text[start:end] by with, padded with spaces to
// the span's length, and reports whether the span was long enough.
func (n *normalized) replaceSpan(start, end int, with string) bool {
	if end-start < len(with) {
		return false
	}
	n.put(start, end, with)
	return true
}

// edit replaces the hole token t by with, padded with spaces to its length.
func (n *normalized) edit(t token, with string) { n.put(t.start, t.end, with) }

// put replaces text[start:end] by with, padded with spaces to the span's
// length, so that offsets after it stay where they were.
func (n *normalized) put(start, end int, with string) {
	var b strings.Builder
	b.Grow(len(n.text))
	b.WriteString(n.text[:start])
	b.WriteString(with)
	for i := len(with); i < end-start; i++ {
		b.WriteByte(' ')
	}
	b.WriteString(n.text[end:])
	n.text = b.String()
}
