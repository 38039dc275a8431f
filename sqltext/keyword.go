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

var keywords = map[string]kw{
	"add":          kwAdd,
	"after":        kwAfter,
	"alter":        kwAlter,
	"and":          kwAnd,
	"as":           kwAs,
	"between":      kwBetween,
	"change":       kwChange,
	"column":       kwColumn,
	"create":       kwCreate,
	"drop":         kwDrop,
	"else":         kwElse,
	"export":       kwExport,
	"flush":        kwFlush,
	"exists":       kwExists,
	"for":          kwFor,
	"from":         kwFrom,
	"group":        kwGroup,
	"having":       kwHaving,
	"if":           kwIf,
	"in":           kwIn,
	"insert":       kwInsert,
	"into":         kwInto,
	"like":         kwLike,
	"limit":        kwLimit,
	"load":         kwLoad,
	"lock":         kwLock,
	"low_priority": kwLowPriority,
	"modify":       kwModify,
	"mode":         kwMode,
	"nowait":       kwNoWait,
	"not":          kwNot,
	"offset":       kwOffset,
	"on":           kwOn,
	"optimize":     kwOptimize,
	"or":           kwOr,
	"order":        kwOrder,
	"read":         kwRead,
	"rename":       kwRename,
	"replace":      kwReplace,
	"select":       kwSelect,
	"set":          kwSet,
	"share":        kwShare,
	"skip":         kwSkip,
	"table":        kwTable,
	"tables":       kwTables,
	"then":         kwThen,
	"truncate":     kwTruncate,
	"update":       kwUpdate,
	"value":        kwValue,
	"values":       kwValues,
	"wait":         kwWait,
	"when":         kwWhen,
	"where":        kwWhere,
	"write":        kwWrite,
}

// keyword returns the keyword w spells, in any case, without allocating.
func keyword(w string) kw {
	const max = len("low_priority")
	if len(w) > max {
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
	return keywords[string(buf[:len(w)])]
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
