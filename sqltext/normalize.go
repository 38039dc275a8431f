package sqltext

import "strings"

// normalized is SQL text rewritten so that the TiDB parser accepts it. It
// has exactly the length and the line breaks of the original: every
// rewrite pads with spaces, so each offset, line and column the parser
// reports is one of the original text too.
type normalized struct {
	text string
	// params holds the offset of each placeholder in text order, and names
	// the lower-case name of each :name or @name placeholder ("" for ? and $n).
	params []int
	names  []string

	// Where the source said what the AST no longer tells, or what was
	// blanked out because TiDB lacks it:
	forShare  []int  // FOR SHARE (LockInfo does not tell it from LOCK IN SHARE MODE)
	shareWait []int  // MariaDB LOCK IN SHARE MODE WAIT n
	exports   []int  // FLUSH TABLES ... FOR EXPORT
	waits     []wait // MariaDB DDL WAIT n / NOWAIT
	// unknown holds the offsets of Sprintf holes that stand for an unknown
	// part of a clause (FROM t %s, SET %s, ... = ? %s), set by repairHole.
	unknown []int
}

// wait is a MariaDB `WAIT n` or `NOWAIT` clause of a DDL statement.
type wait struct {
	off    int
	sec    int
	noWait bool
}

// normalizer rewrites placeholders the TiDB parser does not know (PostgreSQL
// $1, sqlx :name, SQL Server style @name) into ?, and rewrites or blanks out
// the few MySQL/MariaDB clauses it rejects (LOCK TABLES aliases and
// LOW_PRIORITY, FLUSH ... FOR EXPORT, INSERT ... AS row_alias, MariaDB DDL
// WAIT n / NOWAIT, LOCK IN SHARE MODE NOWAIT, MariaDB's IF [NOT] EXISTS in
// ALTER TABLE), recording what matters for locking.
type normalizer struct {
	scanner
	n   *normalized
	buf []byte // copy of the text, made on the first rewrite

	prev   token
	prevKw kw
	depth  int

	// share follows LOCK IN SHARE MODE: shareAt is where LOCK is, shareLen
	// how many of the four words have been seen.
	shareAt, shareLen int

	// Statement state, reset at each top-level `;`.
	atStart     bool
	first       kw   // first keyword of the statement
	insertAlias bool // INSERT ... VALUES/SET seen and no ON yet: AS starts a row alias
	alterTable  bool // ALTER [ONLINE | IGNORE] TABLE seen
	lock        lockState
}

// maxNumber is the longest numeric literal passed to the parser as is.
const maxNumber = 40

type lockState uint8

const (
	lockNone  lockState = iota
	lockStart           // after LOCK
	lockTable           // expecting a table name
	lockName            // after a table name
	lockDot             // after db.
	lockAlias           // after AS
	lockType            // after READ / WRITE
)

func normalize(src string) *normalized {
	z := &normalizer{scanner: scanner{src: src}, n: &normalized{}, atStart: true}
	z.run()
	if z.buf != nil {
		z.n.text = string(z.buf)
	} else {
		z.n.text = src
	}
	return z.n
}

func (z *normalizer) run() {
	for {
		t := z.next()
		if t.kind == tokEOF {
			return
		}
		k := kwNone
		if t.kind == tokWord {
			k = keyword(z.text(t))
		}
		if z.atStart {
			z.atStart = false
			z.first = k
			if k == kwLock {
				z.lock = lockStart
			}
		}
		switch t.kind {
		case tokPunct:
			z.punct(t)
		case tokWord:
			z.word(t, k)
		case tokVar:
			z.variable(t)
		case tokQuoted:
			z.lockToken(t, kwNone)
		case tokNumber:
			if t.end-t.start > maxNumber {
				// The parser's test driver panics on decimals this long.
				z.replace(t.start, t.end, "0")
			}
		}
		z.prev, z.prevKw = t, k
	}
}

func (z *normalizer) punct(t token) {
	switch c := z.src[t.start]; {
	case t.end-t.start > 1:
	case c == '?':
		z.record(t.start, "")
	case c == ':':
		z.colonName(t)
	case c == '(':
		z.depth++
	case c == ')':
		if z.depth > 0 {
			z.depth--
		}
	case c == ';' && z.depth == 0:
		z.atStart, z.first, z.insertAlias, z.alterTable, z.lock = true, kwNone, false, false, lockNone
	case c == ',' && z.lock == lockType && z.depth == 0:
		z.lock = lockTable
	case c == '.' && z.lock == lockName:
		z.lock = lockDot
	}
}

func (z *normalizer) word(t token, k kw) {
	w := z.text(t)
	if len(w) > 1 && w[0] == '$' && allDigits(w[1:]) {
		z.replace(t.start, t.end, "?")
		z.record(t.start, "")
		return
	}
	if k == kwShare && z.prevKw == kwFor {
		z.n.forShare = append(z.n.forShare, z.prev.start)
	}
	if z.shareMode(t, k) || z.depth > 0 {
		return
	}
	if z.lock != lockNone {
		z.lockToken(t, k)
	}
	switch k {
	case kwExport:
		if z.first == kwFlush && z.prevKw == kwFor {
			z.replace(z.prev.start, t.end, "")
			z.n.exports = append(z.n.exports, z.prev.start)
		}
	case kwValues, kwValue, kwSet:
		if z.first == kwInsert || z.first == kwReplace {
			z.insertAlias = true
		}
	case kwOn, kwSelect:
		z.insertAlias = false
	case kwAs:
		if z.insertAlias {
			z.rowAlias(t)
		}
	case kwWait, kwNoWait:
		z.ddlWait(t, k)
	case kwTable:
		z.alterTable = z.alterTable || z.first == kwAlter
	case kwIf:
		if z.alterTable {
			z.ifExists(t)
		}
	}
}

// ifExists blanks MariaDB's `IF EXISTS` / `IF NOT EXISTS` at t in an ALTER
// TABLE statement (after the table keyword, and in its clauses: DROP
// FOREIGN KEY IF EXISTS, ADD CONSTRAINT IF NOT EXISTS, ...). TiDB accepts
// some of these forms and rejects others; either way the clause only
// decides whether the statement fails when the object is already there
// or missing, which changes neither the metadata lock the statement waits
// for nor the table the schema ends up with. IF( at depth 0 is not a
// function call: a reserved word cannot be a name there.
func (z *normalizer) ifExists(t token) {
	save := z.pos
	end := z.next()
	if keyword(z.text(end)) == kwNot {
		end = z.next()
	}
	if end.kind != tokWord || keyword(z.text(end)) != kwExists {
		z.pos = save
		return
	}
	z.replace(t.start, end.end, "")
}

// shareMode rewrites MariaDB's LOCK IN SHARE MODE {NOWAIT | SKIP LOCKED |
// WAIT n} as FOR SHARE ..., which TiDB accepts, blanking WAIT n. It
// reports whether it consumed t.
func (z *normalizer) shareMode(t token, k kw) bool {
	want := [...]kw{kwLock, kwIn, kwShare, kwMode}
	switch {
	case z.shareLen < len(want) && k == want[z.shareLen]:
		if z.shareLen == 0 {
			z.shareAt = t.start
		}
		z.shareLen++
		return false
	case z.shareLen == len(want):
		z.shareLen = 0
		switch k {
		case kwNoWait, kwSkip:
			z.replace(z.shareAt, z.prev.end, "FOR SHARE")
			return true
		case kwWait:
			save := z.pos
			if num := z.next(); num.kind == tokNumber {
				z.replace(z.shareAt, z.prev.end, "FOR SHARE")
				z.replace(t.start, num.end, "")
				z.n.shareWait = append(z.n.shareWait, t.start)
				return true
			}
			z.pos = save
		}
	}
	z.shareLen = 0
	if k == kwLock {
		z.shareAt, z.shareLen = t.start, 1
	}
	return false
}

// rowAlias blanks `AS alias [(col, ...)]` after INSERT ... VALUES (MySQL
// 8.0.19), which TiDB rejects. References to alias.col in ON DUPLICATE KEY
// UPDATE stay, and resolve to no known table.
func (z *normalizer) rowAlias(as token) {
	save := z.pos
	alias := z.next()
	if alias.kind != tokWord && alias.kind != tokQuoted {
		z.pos = save
		return
	}
	end := alias.end
	save = z.pos
	if t := z.next(); t.kind == tokPunct && z.src[t.start] == '(' {
		for d := 1; d > 0; {
			t = z.next()
			if t.kind == tokEOF {
				break
			}
			if t.kind == tokPunct {
				switch z.src[t.start] {
				case '(':
					d++
				case ')':
					d--
				}
			}
			end = t.end
		}
	} else {
		z.pos = save
	}
	z.replace(as.start, end, "")
	z.insertAlias = false
}

// lockToken follows LOCK TABLES t [[AS] a] {READ [LOCAL] | [LOW_PRIORITY]
// WRITE}, ... and blanks the aliases and LOW_PRIORITY, which TiDB rejects.
func (z *normalizer) lockToken(t token, k kw) {
	if z.depth > 0 {
		return
	}
	switch z.lock {
	case lockStart:
		if k == kwTable || k == kwTables {
			z.lock = lockTable
		}
	case lockTable, lockDot:
		z.lock = lockName
	case lockName:
		switch k {
		case kwRead, kwWrite:
			z.lock = lockType
		case kwLowPriority:
			z.replace(t.start, t.end, "")
		case kwAs:
			z.replace(t.start, t.end, "")
			z.lock = lockAlias
		default:
			z.replace(t.start, t.end, "") // an alias without AS
		}
	case lockAlias:
		z.replace(t.start, t.end, "")
		z.lock = lockName
	}
}

// ddlWait blanks MariaDB's `WAIT n` and `NOWAIT` after the table name of a
// DDL statement, recording them: they bound the metadata-lock wait.
func (z *normalizer) ddlWait(t token, k kw) {
	switch z.first {
	case kwAlter, kwDrop, kwRename, kwTruncate, kwOptimize, kwCreate, kwLock:
	default:
		return
	}
	switch z.prevKw {
	case kwAdd, kwColumn, kwChange, kwModify, kwAfter, kwDrop:
		return // a column named wait
	}
	if z.prev.kind == tokPunct {
		return
	}
	if k == kwNoWait {
		z.replace(t.start, t.end, "")
		z.n.waits = append(z.n.waits, wait{off: t.start, noWait: true})
		return
	}
	save := z.pos
	num := z.next()
	if num.kind != tokNumber || !allDigits(z.text(num)) {
		z.pos = save
		return
	}
	sec := 0
	for _, c := range z.text(num) {
		if sec < 1<<30 {
			sec = sec*10 + int(c-'0')
		}
	}
	z.replace(t.start, num.end, "")
	z.n.waits = append(z.n.waits, wait{off: t.start, sec: sec})
}

// colonName turns an sqlx named parameter :name into ?. A `::` cast and
// `:=` are not names.
func (z *normalizer) colonName(t token) {
	src := z.src
	i := t.start + 1
	if i >= len(src) || !(src[i] == '_' || 'a' <= src[i] && src[i] <= 'z' || 'A' <= src[i] && src[i] <= 'Z') {
		return
	}
	if t.start > 0 && src[t.start-1] == ':' {
		return
	}
	end := i
	for end < len(src) && (isIdentByte(src[end]) || src[end] == '.') {
		end++
	}
	for src[end-1] == '.' {
		end--
	}
	z.replace(t.start, end, "?")
	z.record(t.start, strings.ToLower(src[i:end]))
	z.pos = end
}

// variable turns @name into ? where it stands for a value: after an
// operator, a comma or an opening parenthesis, or a keyword that takes a
// value. User variables assigned by SET, SELECT ... INTO or := stay.
func (z *normalizer) variable(t token) {
	src := z.src
	if t.end-t.start < 2 || src[t.start+1] == '@' || src[t.start+1] == '\'' ||
		src[t.start+1] == '"' || src[t.start+1] == '`' {
		return
	}
	if z.first == kwSet || z.first == kwLoad || z.prevKw == kwInto {
		return
	}
	value := false
	switch z.prev.kind {
	case tokPunct:
		switch z.text(z.prev) {
		case "=", "(", ",", "<", ">", "<=", ">=", "<>", "!=", "<=>", "+", "-", "*", "/":
			value = true
		}
	case tokWord:
		switch z.prevKw {
		case kwIn, kwLike, kwValues, kwValue, kwBetween, kwAnd, kwOr, kwNot,
			kwThen, kwElse, kwWhen, kwLimit, kwOffset:
			value = true
		}
	}
	if !value {
		return
	}
	save := z.pos
	next := z.next()
	z.pos = save
	if next.kind == tokPunct && z.text(next) == ":=" {
		return
	}
	z.replace(t.start, t.end, "?")
	z.record(t.start, strings.ToLower(src[t.start+1:t.end]))
}

func (z *normalizer) record(off int, name string) {
	if z.n.params == nil {
		// Room for a typical statement's placeholders at once, rather
		// than growing one at a time.
		z.n.params, z.n.names = make([]int, 0, 4), make([]string, 0, 4)
	}
	z.n.params = append(z.n.params, off)
	z.n.names = append(z.n.names, name)
}

// replace writes with over text[start:end], padding with spaces. with is
// never longer than the text it replaces.
func (z *normalizer) replace(start, end int, with string) {
	if z.buf == nil {
		z.buf = []byte(z.src)
	}
	n := copy(z.buf[start:end], with)
	for i := start + n; i < end; i++ {
		z.buf[i] = ' '
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
