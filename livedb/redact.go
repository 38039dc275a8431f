package livedb

import (
	"errors"
	"slices"
	"strings"
)

// redacted stands in for a password. Keeping a marker, rather than dropping
// the password, tells the reader that the DSN did carry one.
const redacted = "***"

// Redact returns dsn with its password replaced by "***":
// "app:secret@tcp(db:3306)/shop" becomes "app:***@tcp(db:3306)/shop". A DSN
// without a password is returned unchanged. Every message and file that
// mentions a DSN uses this form.
//
// Redact never fails, because it is also needed to report a DSN that does
// not parse: for a well-formed DSN it finds the password exactly where
// go-sql-driver's ParseDSN does; for a malformed one it errs on the side of
// hiding more.
func Redact(dsn string) string {
	start, end := passwordSpan(dsn)
	if start == end {
		return dsn
	}
	return dsn[:start] + redacted + dsn[end:]
}

// secrets returns the strings that must not appear in any message about
// dsn: its password as Redact finds it and, for a DSN whose password holds
// a '/' and that the driver therefore splits elsewhere, the fragment the
// driver would take for a network name and quote in its error.
func secrets(dsn string) []string {
	var out []string
	if start, end := passwordSpan(dsn); start < end {
		out = append(out, dsn[start:end])
	}
	if slash := strings.LastIndexByte(dsn, '/'); slash >= 0 {
		if start, end := bareSpan(dsn[:slash]); start < end {
			out = append(out, dsn[start:end])
		}
	}
	return out
}

// passwordSpan returns the byte range of the password in dsn, or an empty
// range when it has none.
//
// go-sql-driver's grammar is [user[:password]@][net[(addr)]]/dbname[?params]:
// it splits at the last '/', then at the last '@' before it, and the
// password runs from the first ':' to that '@'. So a password may contain
// '@', ':' and '/', and this function must split the same way to find all
// of it.
func passwordSpan(dsn string) (start, end int) {
	slash := strings.LastIndexByte(dsn, '/')
	if slash < 0 {
		// Malformed (the driver wants a '/'), but still worth hiding the
		// credentials a user typed: consider the whole string.
		slash = len(dsn)
	}
	if at := strings.LastIndexByte(dsn[:slash], '@'); at >= 0 {
		return credentialSpan(dsn, at)
	}
	left := dsn[:slash]
	if !strings.ContainsRune(left, '(') {
		// A '/' inside the password of a DSN without a database part
		// hides the '@' from the driver's split; look past the slash.
		// Not when an "(addr)" comes first: then the '@' is in the
		// parameters and there are no credentials.
		if at := strings.LastIndexByte(dsn, '@'); at >= 0 {
			return credentialSpan(dsn, at)
		}
	}
	return bareSpan(left)
}

// credentialSpan returns the password range of "user[:password]@...", the
// '@' being at index at.
func credentialSpan(dsn string, at int) (start, end int) {
	colon := strings.IndexByte(dsn[:at], ':')
	if colon < 0 {
		return 0, 0
	}
	return colon + 1, at
}

// bareSpan handles the part before the database of a DSN with no '@':
// "user:secret/db" is a DSN missing its '@', which the driver would read as
// a network called "user:secret" and echo in its error. A ':' before any
// "(addr)" is never part of a valid network name, so whatever follows it is
// taken to be a password.
func bareSpan(left string) (start, end int) {
	if at := strings.LastIndexByte(left, '@'); at >= 0 {
		return 0, 0
	}
	if paren := strings.IndexByte(left, '('); paren >= 0 {
		left = left[:paren]
	}
	colon := strings.IndexByte(left, ':')
	if colon < 0 {
		return 0, 0
	}
	return colon + 1, len(left)
}

// scrub returns err with every occurrence of the given secrets replaced
// by "***". Drivers do not normally echo a password, but a message that
// quotes a malformed DSN, or a user named like their password, would. When
// nothing had to be replaced err itself is returned so that errors.Is and
// errors.As still see through it; when something was, the chain is cut on
// purpose, since any error in it would still print the password.
func scrub(err error, secrets ...string) error {
	msg := err.Error()
	changed := false
	// Longest first, so that replacing one never leaves part of another.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, pw := range secrets {
		if pw != "" && strings.Contains(msg, pw) {
			msg = strings.ReplaceAll(msg, pw, redacted)
			changed = true
		}
	}
	if !changed {
		return err
	}
	return errors.New(msg)
}
