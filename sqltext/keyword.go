package sqltext

import "strings"

// kw identifies the few keywords the normalizer and the hole repairs react
// to. Everything else is kwNone.
type kw uint8

const (
	kwNone kw = iota
	kwAdd
	kwAfter
	kwAlter
	kwAnd
	kwAs
	kwBetween
	kwChange
	kwColumn
	kwCreate
	kwDrop
	kwElse
	kwExport
	kwFlush
	kwExists
	kwFor
	kwFrom
	kwGroup
	kwHaving
	kwIf
	kwIn
	kwInsert
	kwInto
	kwLike
	kwLimit
	kwLoad
	kwLock
	kwLowPriority
	kwModify
	kwMode
	kwNoWait
	kwNot
	kwOffset
	kwOn
	kwOptimize
	kwOr
	kwOrder
	kwRead
	kwRename
	kwReplace
	kwSelect
	kwSet
	kwShare
	kwSkip
	kwTable
	kwTables
	kwThen
	kwTruncate
	kwUpdate
	kwValue
	kwValues
	kwWait
	kwWhen
	kwWhere
	kwWrite
)

// keyword returns the keyword w spells, in any case, without allocating.
// A switch, which the compiler turns into a search on length and bytes,
// costs a fraction of a map lookup's hashing; the normalizer asks it of
// every word of every new text.
func keyword(w string) kw {
	const max = len("low_priority")
	if len(w) < 2 || len(w) > max {
		return kwNone
	}
	var buf [max]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(w)]) {
	case "add":
		return kwAdd
	case "after":
		return kwAfter
	case "alter":
		return kwAlter
	case "and":
		return kwAnd
	case "as":
		return kwAs
	case "between":
		return kwBetween
	case "change":
		return kwChange
	case "column":
		return kwColumn
	case "create":
		return kwCreate
	case "drop":
		return kwDrop
	case "else":
		return kwElse
	case "exists":
		return kwExists
	case "export":
		return kwExport
	case "flush":
		return kwFlush
	case "for":
		return kwFor
	case "from":
		return kwFrom
	case "group":
		return kwGroup
	case "having":
		return kwHaving
	case "if":
		return kwIf
	case "in":
		return kwIn
	case "insert":
		return kwInsert
	case "into":
		return kwInto
	case "like":
		return kwLike
	case "limit":
		return kwLimit
	case "load":
		return kwLoad
	case "lock":
		return kwLock
	case "low_priority":
		return kwLowPriority
	case "mode":
		return kwMode
	case "modify":
		return kwModify
	case "not":
		return kwNot
	case "nowait":
		return kwNoWait
	case "offset":
		return kwOffset
	case "on":
		return kwOn
	case "optimize":
		return kwOptimize
	case "or":
		return kwOr
	case "order":
		return kwOrder
	case "read":
		return kwRead
	case "rename":
		return kwRename
	case "replace":
		return kwReplace
	case "select":
		return kwSelect
	case "set":
		return kwSet
	case "share":
		return kwShare
	case "skip":
		return kwSkip
	case "table":
		return kwTable
	case "tables":
		return kwTables
	case "then":
		return kwThen
	case "truncate":
		return kwTruncate
	case "update":
		return kwUpdate
	case "value":
		return kwValue
	case "values":
		return kwValues
	case "wait":
		return kwWait
	case "when":
		return kwWhen
	case "where":
		return kwWhere
	case "write":
		return kwWrite
	}
	return kwNone
}

// LooksLikeStatement reports, cheaply and without parsing, whether text
// starts like a SQL statement that can take a lock or change the schema:
// its first word is SELECT, INSERT, REPLACE, UPDATE, DELETE, LOCK, ALTER,
// CREATE, DROP, RENAME, TRUNCATE or FLUSH, followed by more text. It lets
// a package that only builds SQL (query objects, templates) be read for
// the text its callers send.
func LooksLikeStatement(text string) bool {
	s := scanner{src: text}
	t := s.next()
	if t.kind != tokWord {
		return false
	}
	switch keyword(text[t.start:t.end]) {
	case kwSelect, kwInsert, kwReplace, kwUpdate, kwLock, kwAlter, kwCreate, kwDrop, kwRename, kwTruncate, kwFlush:
	default:
		if !strings.EqualFold(text[t.start:t.end], "delete") {
			return false
		}
	}
	return s.next().kind != tokEOF
}
