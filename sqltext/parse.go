package sqltext

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// parsers holds TiDB parsers for reuse: one is costly to make and not safe
// for concurrent use, and analyzers run packages in parallel. They do not
// record each expression's position in the text: summaries read only a
// statement's text and its placeholders' offsets, which the parser keeps
// either way.
var parsers = sync.Pool{New: func() any {
	p := parser.New()
	p.SetParserConfig(parser.ParserConfig{
		EnableWindowFunction:        true,
		EnableStrictDoubleTypeCheck: true,
		SkipPositionRecording:       true,
	})
	return p
}}

func parse(text string) ([]*Summary, error) {
	n := normalize(text)
	// A parser that panics is not put back: its state is unknown.
	p := parsers.Get().(*parser.Parser)
	stmts, err := parseRepairing(p, n, text)
	var sums []*Summary
	if err == nil {
		sums = summarizeAll(stmts, n)
	}
	parsers.Put(p) // only after the AST, which shares the parser's buffers, is read
	return sums, err
}

// parseRepairing parses n.text, repairing Sprintf holes the parser stops at.
func parseRepairing(p *parser.Parser, n *normalized, orig string) ([]ast.StmtNode, error) {
	for i := 0; ; i++ {
		stmts, _, err := p.Parse(n.text, "", "")
		if err == nil {
			return stmts, nil
		}
		off, ok := errorOffset(err.Error(), n.text)
		if ok && i < maxRepairs && strings.Contains(n.text, Hole) && n.repairHole(off) {
			continue
		}
		if !ok {
			return nil, statementError(p, n.text, err)
		}
		return nil, syntaxError(orig, off)
	}
}

// statementError places an error the parser reported without a position
// (Unknown ALGORITHM 'x', ...) at the start of the first statement that
// fails on its own.
func statementError(p *parser.Parser, text string, err error) error {
	s := scanner{src: text}
	start, off := 0, -1
	for {
		t := s.next()
		if off < 0 && t.kind != tokEOF && text[t.start] != ';' {
			off = t.start
		}
		if t.kind == tokEOF || t.kind == tokPunct && text[t.start] == ';' {
			if off >= 0 {
				if _, _, e := p.Parse(text[start:t.end], "", ""); e != nil {
					break
				}
			}
			if t.kind == tokEOF {
				off = 0
				break
			}
			start, off = t.end, -1
		}
	}
	line, col := position(text, off)
	return fmt.Errorf("sqltext: line %d column %d: %v", line, col, err)
}

// errorOffset recovers the byte offset a TiDB parse error points at. The
// parser says `line L column C near "REST"`, where REST is the text from
// the offending token to the end (cut to 2048 bytes, then followed by
// `(total length N)`); its line and column are those after the token.
func errorOffset(msg, src string) (int, bool) {
	const near = ` near "`
	i := strings.Index(msg, near)
	if i < 0 {
		return 0, false
	}
	rest := msg[i+len(near):]
	const total = `"(total length `
	if j := strings.LastIndex(rest, total); j >= 0 {
		num := rest[j+len(total):]
		if k := strings.IndexByte(num, ')'); k >= 0 {
			if m, err := strconv.Atoi(num[:k]); err == nil && m <= len(src) {
				return len(src) - m, true
			}
		}
	}
	for j := strings.LastIndexByte(rest, '"'); j >= 0; j = strings.LastIndexByte(rest[:j], '"') {
		if strings.HasSuffix(src, rest[:j]) {
			return len(src) - j, true
		}
	}
	return 0, false
}

// syntaxError describes a parse error at offset off of the original text.
func syntaxError(orig string, off int) error {
	line, col := position(orig, off)
	near := orig[off:]
	if i := strings.IndexByte(near, '\n'); i >= 0 {
		near = near[:i]
	}
	if len(near) > 40 {
		n := 40
		for n > 0 && !utf8.RuneStart(near[n]) {
			n--
		}
		near = near[:n] + "..."
	}
	if near == "" {
		return fmt.Errorf("sqltext: line %d column %d: syntax error at end of input", line, col)
	}
	return fmt.Errorf("sqltext: line %d column %d: syntax error near %q", line, col, near)
}

// position returns the 1-based line and byte column of offset off.
func position(text string, off int) (line, col int) {
	line = 1 + strings.Count(text[:off], "\n")
	return line, off - strings.LastIndexByte(text[:off], '\n')
}

// summarizeAll builds a summary per statement. Each statement's original
// text is a slice of n.text following the previous one (with its leading
// space, comments and separators), which gives its offset and the range
// its placeholders lie in.
func summarizeAll(stmts []ast.StmtNode, n *normalized) []*Summary {
	if len(stmts) == 0 {
		return nil
	}
	sums := make([]*Summary, 0, len(stmts))
	cursor, line, lineOff := 0, 1, 0
	for _, st := range stmts {
		orig := st.OriginalText()
		start := cursor
		if i := strings.Index(n.text[cursor:], orig); i >= 0 {
			start += i
		}
		end := min(start+len(orig), len(n.text))
		off := firstToken(n.text[:end], start)
		line += strings.Count(n.text[lineOff:off], "\n")
		lineOff = off

		lo := sort.SearchInts(n.params, start)
		hi := sort.SearchInts(n.params, end)
		b := &builder{n: n, start: start, end: end, params: n.params[lo:hi]}
		s := b.build(st)
		s.Offset, s.Line = off, line
		s.Params = hi - lo
		if s.Params > 0 {
			s.ParamNames = slices.Clip(n.names[lo:hi])
		}
		for _, sub := range s.LockingSubqueries {
			sub.Offset, sub.Line, sub.Params, sub.ParamNames = s.Offset, s.Line, s.Params, s.ParamNames
		}
		sums = append(sums, s)
		cursor = end
	}
	return sums
}

// firstToken returns the offset of the first token at or after start that
// is not a statement separator.
func firstToken(text string, start int) int {
	s := scanner{src: text, pos: start}
	for {
		t := s.next()
		if t.kind != tokPunct || text[t.start] != ';' {
			return t.start
		}
	}
}
