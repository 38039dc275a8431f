package sqltext

import "unicode"

// The scanner below only splits SQL text into the few token classes that
// placeholder normalization and the Sprintf-hole repairs need: it knows
// where string literals, quoted identifiers and comments begin and end, so
// that a `?`, `:name` or `;` inside them is left alone. Everything else is
// the TiDB parser's job.

type tokKind uint8

const (
	tokEOF    tokKind = iota
	tokWord           // unquoted identifier or keyword (may start with a digit or $)
	tokQuoted         // `quoted identifier`
	tokString         // '...' or "..."
	tokNumber         // 123, 1.5, 1e3, 0x1f
	tokVar            // @name, @'name', @@name, @@session.name
	tokPunct          // operators and punctuation, including ?
)

type token struct {
	kind       tokKind
	start, end int // byte offsets in the scanned text
}

type scanner struct {
	src string
	pos int
	// inBang is set inside a MySQL executable comment /*! ... */, whose
	// body the server (and the TiDB parser) reads as SQL.
	inBang bool
}

// identBytes[c] is set for the bytes of an unquoted identifier.
var identBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '_' || c == '$' || c >= 0x80 ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isIdentByte(c byte) bool { return identBytes[c] }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return true
	}
	return false
}

// skip moves past white space and comments.
func (s *scanner) skip() {
	src := s.src
	for s.pos < len(src) {
		c := src[s.pos]
		if c > ' ' && c != '#' && c != '-' && c != '/' && c != '*' {
			return // the common case: a token starts here
		}
		switch {
		case isSpace(c):
			s.pos++
		case c == '#':
			s.skipLine()
		case c == '-' && s.pos+1 < len(src) && src[s.pos+1] == '-' &&
			(s.pos+2 == len(src) || unicode.IsSpace(rune(src[s.pos+2]))):
			// MySQL needs white space after "--"; "a--1" is a minus a minus.
			s.skipLine()
		case c == '/' && s.pos+1 < len(src) && src[s.pos+1] == '*':
			if s.pos+2 < len(src) && src[s.pos+2] == '!' {
				// Executable comment: skip the opener and the optional
				// version number, then scan the body as SQL.
				s.pos += 3
				for n := 0; n < 6 && s.pos < len(src) && isDigit(src[s.pos]); n++ {
					s.pos++
				}
				s.inBang = true
				continue
			}
			end := indexFrom(src, s.pos+2, "*/")
			if end < 0 {
				s.pos = len(src)
			} else {
				s.pos = end + 2
			}
		case c == '*' && s.inBang && s.pos+1 < len(src) && src[s.pos+1] == '/':
			s.pos += 2
			s.inBang = false
		default:
			return
		}
	}
}

func (s *scanner) skipLine() {
	for s.pos < len(s.src) && s.src[s.pos] != '\n' {
		s.pos++
	}
}

// indexFrom is strings.Index(s[from:], sub)+from, or -1.
func indexFrom(s string, from int, sub string) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i] == sub[0] && s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// quoted returns the end of the literal or quoted identifier that starts
// with the quote at i. A doubled quote stands for itself, and in string
// literals (not in `identifiers`) a backslash escapes the next byte. An
// unterminated literal runs to the end of the text.
func quoted(src string, i int) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if q != '`' {
				j++
			}
		case q:
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(src)
}

// next returns the next token, or a tokEOF token at the end of the text.
func (s *scanner) next() token {
	s.skip()
	src := s.src
	start := s.pos
	if start >= len(src) {
		return token{kind: tokEOF, start: start, end: start}
	}
	c := src[start]
	kind := tokPunct
	end := start + 1
	switch {
	case c == '\'' || c == '"':
		kind, end = tokString, quoted(src, start)
	case c == '`':
		kind, end = tokQuoted, quoted(src, start)
	case isDigit(c) || c == '.' && start+1 < len(src) && isDigit(src[start+1]):
		kind, end = tokNumber, s.number(start)
	case isIdentByte(c):
		kind = tokWord
		for end < len(src) && isIdentByte(src[end]) {
			end++
		}
	case c == '@':
		kind = tokVar
		if end < len(src) && src[end] == '@' {
			end++
			for end < len(src) && (isIdentByte(src[end]) || src[end] == '.') {
				end++
			}
		} else if end < len(src) && (src[end] == '\'' || src[end] == '"' || src[end] == '`') {
			end = quoted(src, end)
		} else {
			for end < len(src) && (isIdentByte(src[end]) || src[end] == '.') {
				end++
			}
		}
	default:
		end = start + punctLen(src[start:])
	}
	s.pos = end
	return token{kind: kind, start: start, end: end}
}

// number scans a numeric literal. A digit run followed by identifier bytes
// (1abc) is an identifier in MySQL, and is returned whole as a number here,
// which is good enough for our purposes.
func (s *scanner) number(i int) int {
	src := s.src
	if src[i] == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'b') {
		i += 2
	}
	for i < len(src) {
		c := src[i]
		switch {
		case isIdentByte(c) || c == '.':
			i++
		case (c == '+' || c == '-') && (src[i-1] == 'e' || src[i-1] == 'E'):
			i++
		default:
			return i
		}
	}
	return i
}

// punctLen returns the length of the operator at the start of s: one of
// <=> ->> <= >= <> != := || && << >> ->, or a single byte.
func punctLen(s string) int {
	if len(s) < 2 {
		return 1
	}
	switch c, d := s[0], s[1]; c {
	case '<':
		switch d {
		case '=':
			if len(s) > 2 && s[2] == '>' {
				return 3
			}
			return 2
		case '>', '<':
			return 2
		}
	case '-':
		if d == '>' {
			if len(s) > 2 && s[2] == '>' {
				return 3
			}
			return 2
		}
	case '>':
		if d == '=' || d == '>' {
			return 2
		}
	case '!', ':':
		if d == '=' {
			return 2
		}
	case '|', '&':
		if d == c {
			return 2
		}
	}
	return 1
}

// text returns the token's text.
func (s *scanner) text(t token) string { return s.src[t.start:t.end] }
