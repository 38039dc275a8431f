package schema

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// FileError is a problem with one schema file, at a line of it when Line
// is positive. It prints as "path:line: message", the form editors and CI
// annotate.
type FileError struct {
	Path   string
	Line   int // 1-based line in the file; 0 when unknown
	Column int // 1-based byte column in the line; 0 when unknown
	Err    error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// ReadMigration reads the SQL file at path and returns the summaries of
// the statements it applies, with Line and Offset relative to the file.
// See ParseMigration.
func ReadMigration(path string) ([]*sqltext.Summary, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err // an *fs.PathError, which names the path
	}
	return ParseMigration(path, data)
}

// ParseMigration returns the summaries of the statements the SQL file
// content data applies to a database; path only names the file in errors.
//
// A goose migration (a file with a `-- +goose Up` line) applies only its Up
// sections; its Down sections are ignored. Lines that are not applied are
// blanked rather than cut out, so Line and Offset of every summary, and the
// line of a parse error, are those of the file.
//
// When a statement does not parse, the error is a *FileError at it, and
// the summaries are those of the statements before it. The ones after it
// are left out although Load applies them: a rule that lints a migration
// reads its statements as a sequence (a SET lock_wait_timeout, then the
// ALTER it protects), and a statement it cannot read may be the one that
// would have silenced it.
func ParseMigration(path string, data []byte) ([]*sqltext.Summary, error) {
	steps, err := parseSteps(path, data)
	var sums []*sqltext.Summary
	for _, st := range steps {
		if st.sum == nil {
			break
		}
		sums = append(sums, st.sum)
	}
	return sums, err
}

// step is one statement of a file, in file order: a summary, or the text
// of a statement that did not parse.
type step struct {
	sum      *sqltext.Summary
	unparsed string
}

// maxParses bounds the parser runs spent on one file. Recovering from each
// broken statement costs two runs over the file, so a file of garbage
// with many semicolons would otherwise take quadratic time.
const maxParses = 64

// parseSteps parses the applied text of data, recovering from statements
// the parser rejects. The parser stops at the first error of a text, but
// dumps and migrations hold statements it does not know (MariaDB-only
// syntax, DELIMITER blocks of triggers and procedures), and losing a whole
// schema dump to one of them would make locklint silent on every table.
// So on an error, the text is split at the semicolons around the error
// offset: what comes before is parsed again (it held no error up to
// there), the broken statement is kept as unparsed text, and what comes
// after is parsed on its own. Positions stay those of the file because
// each part is parsed in place, with the text before it blanked.
func parseSteps(path string, data []byte) ([]step, error) {
	r := &recoverer{text: upText(data)}
	r.region(0, len(r.text))
	if r.first == nil {
		return r.steps, nil
	}
	if r.failed > 1 {
		r.first.Err = fmt.Errorf("%v (and %d more %s in this file that do not parse)", r.first.Err, r.failed-1, plural(r.failed-1, "statement", "statements"))
	}
	r.first.Path = path
	return r.steps, r.first
}

type recoverer struct {
	text   string
	parses int
	steps  []step
	first  *FileError // the first parse error, without its Path
	failed int        // statements that did not parse
}

// region parses text[lo:hi] and appends its steps.
func (r *recoverer) region(lo, hi int) {
	if strings.TrimSpace(r.text[lo:hi]) == "" {
		return
	}
	if r.parses >= maxParses {
		r.fail(lo, hi, nil)
		return
	}
	r.parses++
	sums, err := sqltext.Parse(blankBefore(r.text[:hi], lo))
	if err == nil {
		for _, s := range sums {
			r.steps = append(r.steps, step{sum: s})
		}
		return
	}
	fe := parseError(err)
	off, ok := offsetOf(r.text, fe.Line, fe.Column)
	if !ok || off < lo || off > hi {
		r.fail(lo, hi, fe)
		return
	}
	// The broken statement runs from after the last semicolon before the
	// error to the first one at or after it. A semicolon the parser
	// accepted can be inside a string of the broken statement; then the
	// part before fails in turn and is split again.
	start := lo
	if i := strings.LastIndexByte(r.text[lo:off], ';'); i >= 0 {
		start = lo + i + 1
	}
	if start == hi { // an error at the very end, after a final semicolon
		start = lo
		if i := strings.LastIndexByte(r.text[lo:hi-1], ';'); i >= 0 {
			start = lo + i + 1
		}
	}
	end := hi
	if i := strings.IndexByte(r.text[off:hi], ';'); i >= 0 {
		end = off + i + 1
	}
	if start == lo && end == hi {
		r.fail(lo, hi, fe)
		return
	}
	// Both parts are strictly smaller than [lo, hi), so this ends.
	r.region(lo, start)
	r.fail(start, end, fe)
	r.region(end, hi)
}

// fail records text[lo:hi] as a statement that did not parse; fe is the
// parser's error for it, if known.
func (r *recoverer) fail(lo, hi int, fe *FileError) {
	if strings.TrimSpace(r.text[lo:hi]) == "" {
		return
	}
	r.failed++
	r.steps = append(r.steps, step{unparsed: r.text[lo:hi]})
	if r.first != nil {
		return
	}
	if fe == nil {
		fe = &FileError{Line: 1 + strings.Count(r.text[:lo], "\n"), Err: errors.New("statement not parsed: too many syntax errors before it")}
	}
	r.first = fe
}

// blankBefore returns text with its first n bytes turned into spaces,
// newlines kept, so that the parser reports positions in text.
func blankBefore(text string, n int) string {
	if n == 0 {
		return text
	}
	b := []byte(text)
	blank(b[:n])
	return string(b)
}

// posRE matches the position sqltext puts at the start of its parse errors:
// "sqltext: line 4 column 27: syntax error near ...", or, when it passes
// on the TiDB parser's message, "sqltext: line 4 column 27 near ...".
var posRE = regexp.MustCompile(`^(?:sqltext: )?line (\d+)(?: column (\d+))?:? ?`)

// parseError turns a parse error into a FileError at its line and column,
// with the position taken out of the message, which FileError prints in
// front.
func parseError(err error) *FileError {
	msg := err.Error()
	m := posRE.FindStringSubmatchIndex(msg)
	if m == nil {
		return &FileError{Err: err}
	}
	line, _ := strconv.Atoi(msg[m[2]:m[3]])
	col := 0
	if m[4] >= 0 {
		col, _ = strconv.Atoi(msg[m[4]:m[5]])
	}
	rest := msg[m[1]:]
	if strings.HasPrefix(rest, "near ") {
		rest = "syntax error " + rest
	}
	return &FileError{Line: line, Column: col, Err: errors.New(rest)}
}

// offsetOf returns the byte offset of a 1-based line and byte column.
func offsetOf(text string, line, col int) (int, bool) {
	if line < 1 {
		return 0, false
	}
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	return min(off+max(col-1, 0), len(text)), true
}

// gooseCommand returns the lower-case goose annotation on line ("up",
// "down", "statementbegin", ...) or "" when line is not one. Goose
// annotations are case-insensitive `-- +goose <command>` lines.
func gooseCommand(line []byte) string {
	rest, ok := bytes.CutPrefix(bytes.ToLower(bytes.TrimSpace(line)), []byte("--"))
	if !ok {
		return ""
	}
	rest, ok = bytes.CutPrefix(bytes.TrimLeft(rest, " \t"), []byte("+goose"))
	if !ok || (len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t') {
		return ""
	}
	return strings.Join(strings.Fields(string(rest)), " ")
}

// upText returns the SQL of data that a migration tool applies going up.
// For a goose file that is the text of its Up sections, with every other
// byte except newlines turned into a space so that positions do not move;
// other files are used whole. A UTF-8 byte order mark is blanked too: the
// parser does not expect one.
func upText(data []byte) string {
	buf := bytes.Clone(data)
	if bytes.HasPrefix(buf, []byte("\xef\xbb\xbf")) {
		copy(buf, "   ")
	}
	if !isGoose(buf) {
		return string(buf)
	}
	up := false // goose applies nothing before the first Up annotation
	for rest := buf; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		switch gooseCommand(line) {
		case "up":
			up = true
			blank(line)
			continue
		case "down":
			up = false
		case "":
			if up {
				continue
			}
		}
		// Annotations are comments to the SQL parser, but blanking them
		// keeps `-- +goose ENVSUB ON` and the like out of its way.
		blank(line)
	}
	return string(buf)
}

func isGoose(data []byte) bool {
	for rest := data; len(rest) > 0; {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		if gooseCommand(line) == "up" {
			return true
		}
		rest = after
	}
	return false
}

func blank(line []byte) {
	for i, c := range line {
		if c != '\n' {
			line[i] = ' '
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
