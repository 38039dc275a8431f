package sqltext

import (
	"strings"
	"testing"
)

// keywordNames are the words keyword knows, as the normalizer relies on them.
var keywordNames = map[string]kw{
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

func TestKeyword(t *testing.T) {
	for w, k := range keywordNames {
		for _, v := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
			if got := keyword(v); got != k {
				t.Errorf("keyword(%q) = %v, want %v", v, got, k)
			}
		}
		if got := keyword(w + "x"); got != kwNone {
			t.Errorf("keyword(%q) = %v, want none", w+"x", got)
		}
		if got := keyword(w[:len(w)-1]); got != kwNone && keywordNames[w[:len(w)-1]] != got {
			t.Errorf("keyword(%q) = %v", w[:len(w)-1], got)
		}
	}
	for _, w := range []string{"", "a", "x", "accounts", "low_priorityx", "selectx", "sel", "ÀS"} {
		if got := keyword(w); got != kwNone {
			t.Errorf("keyword(%q) = %v, want none", w, got)
		}
	}
}

// TestPunctLen compares punctLen with a plain search of the operators it
// knows, longest first.
func TestPunctLen(t *testing.T) {
	ops := []string{"<=>", "->>", "<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>", "->"}
	want := func(s string) int {
		for _, p := range ops {
			if strings.HasPrefix(s, p) {
				return len(p)
			}
		}
		return 1
	}
	chars := []byte("<=>-!:|&;?(),.*+/%^~@ a1")
	var try func(prefix []byte)
	try = func(prefix []byte) {
		if len(prefix) > 0 {
			s := string(prefix)
			if got := punctLen(s); got != want(s) {
				t.Errorf("punctLen(%q) = %d, want %d", s, got, want(s))
			}
		}
		if len(prefix) == 3 {
			return
		}
		for _, c := range chars {
			try(append(prefix, c))
		}
	}
	try(nil)
}
