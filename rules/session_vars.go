package rules

import (
	"strconv"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// maxShortLockWait is the longest lock_wait_timeout, in seconds, that
// ddl-lock accepts as "short": long enough for a metadata lock that is
// free or about to be, short enough that the queries queued behind a
// waiting DDL stall for seconds, not minutes. The server default is
// 31536000 (one year).
const maxShortLockWait = 10

// setsShortLockWait reports whether s is a SET that gives lock_wait_timeout
// a short value. A value that is not a constant (a placeholder, a
// variable) is taken to be short: the code chose one.
func setsShortLockWait(s *sqltext.Summary) bool {
	v, ok := setValue(s, "lock_wait_timeout")
	if !ok {
		return false
	}
	n, err := strconv.ParseFloat(v, 64)
	return err != nil || n <= maxShortLockWait
}

// setValue returns the value a SET statement gives variable name ("" when
// not constant), and whether it sets it at all.
func setValue(s *sqltext.Summary, name string) (string, bool) {
	if s == nil || s.Kind != sqltext.KindSet {
		return "", false
	}
	for i, v := range s.SetVars {
		if v != name {
			continue
		}
		if i < len(s.SetValues) {
			return strings.Trim(s.SetValues[i], `'"`), true
		}
		return "", true
	}
	return "", false
}

// setsOff reports whether s sets the boolean variable name to 0 / OFF.
func setsOff(s *sqltext.Summary, name string) (set, off bool) {
	v, ok := setValue(s, name)
	if !ok {
		return false, false
	}
	switch strings.ToLower(v) {
	case "0", "off", "false":
		return true, true
	}
	return true, false
}

// boundsOwnWait reports whether a DDL statement bounds its own
// metadata-lock wait with MariaDB's `WAIT n` (n short) or `NOWAIT`.
func boundsOwnWait(d *sqltext.DDL) bool {
	return d.NoWait || d.WaitSeconds > 0 && d.WaitSeconds <= maxShortLockWait
}
