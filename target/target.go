// Package target describes the database server the analyzed code runs
// against: which engine, which version, and which isolation level its
// transactions default to. Rules consult it because the same statement locks
// differently on MySQL 5.7, MySQL 8, MariaDB and TiDB.
package target

import (
	"fmt"
	"strings"

	"github.com/locklint/locklint/sqltext"
)

// Engine is a MySQL-family server.
type Engine uint8

const (
	EngineUnknown Engine = iota // not told: assume what MySQL 8 and MariaDB 10.6+ share
	MySQL57
	MySQL8
	MariaDB
	TiDB
)

var engineNames = [...]string{"", "mysql57", "mysql8", "mariadb", "tidb"}

func (e Engine) String() string { return engineNames[e] }

// ParseEngine reads an -engine flag value.
func ParseEngine(s string) (Engine, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return EngineUnknown, nil
	case "mysql57", "mysql5.7", "mysql-5.7":
		return MySQL57, nil
	case "mysql8", "mysql", "mysql80", "mysql8.0":
		return MySQL8, nil
	case "mariadb":
		return MariaDB, nil
	case "tidb":
		return TiDB, nil
	}
	return EngineUnknown, fmt.Errorf("unknown engine %q (want mysql8, mysql57, mariadb or tidb)", s)
}

// ParseIsolation reads an -isolation flag value or a server's
// transaction_isolation value ("REPEATABLE-READ", "read committed", "RC", ...).
func ParseIsolation(s string) (sqltext.Isolation, error) {
	n := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	switch n {
	case "":
		return sqltext.IsolationUnknown, nil
	case "repeatableread", "rr":
		return sqltext.RepeatableRead, nil
	case "readcommitted", "rc":
		return sqltext.ReadCommitted, nil
	case "readuncommitted", "ru":
		return sqltext.ReadUncommitted, nil
	case "serializable", "ser":
		return sqltext.Serializable, nil
	}
	return sqltext.IsolationUnknown, fmt.Errorf("unknown isolation level %q (want repeatable-read, read-committed, read-uncommitted or serializable)", s)
}

// Server is what is known of the target server.
type Server struct {
	Engine Engine
	// Version is the server's version as "major.minor.patch" when read from
	// a live server, "" otherwise.
	Version string
	// Isolation is the default isolation level of transactions that do not
	// set one; IsolationUnknown means REPEATABLE READ, the InnoDB default.
	Isolation sqltext.Isolation
}

// DefaultIsolation is the isolation level of a transaction that does not
// choose one.
func (s Server) DefaultIsolation() sqltext.Isolation {
	if s.Isolation == sqltext.IsolationUnknown {
		return sqltext.RepeatableRead
	}
	return s.Isolation
}

// GapLocks reports whether the engine takes gap and next-key locks at all.
// TiDB does not.
func (s Server) GapLocks() bool { return s.Engine != TiDB }

// SkipLockedAndNoWait reports whether SKIP LOCKED and NOWAIT exist: MySQL
// 8.0+, MariaDB 10.6+ (and TiDB accepts NOWAIT only; treat as present).
func (s Server) SkipLockedAndNoWait() bool {
	switch s.Engine {
	case MySQL57:
		return false
	case MariaDB:
		return s.Version == "" || versionAtLeast(s.Version, 10, 6)
	}
	return true
}

// ForShareSyntax reports whether `FOR SHARE` parses; MariaDB rejects it
// (ERROR 1064) and wants LOCK IN SHARE MODE; so does MySQL 5.7.
func (s Server) ForShareSyntax() bool { return s.Engine != MariaDB && s.Engine != MySQL57 }

func versionAtLeast(v string, major, minor int) bool {
	var ma, mi int
	if _, err := fmt.Sscanf(v, "%d.%d", &ma, &mi); err != nil {
		return true
	}
	return ma > major || (ma == major && mi >= minor)
}
