package livedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
)

// errUnknownSystemVariable is ER_UNKNOWN_SYSTEM_VARIABLE, what a server says
// when asked for a variable its version does not have.
const errUnknownSystemVariable = 1193

// readServer reads the engine, version and default isolation level.
func readServer(ctx context.Context, q querier) (target.Server, error) {
	var version string
	if err := q.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return target.Server{}, fmt.Errorf("reading the server version: %w", err)
	}
	srv := parseVersion(version)
	iso, err := readIsolation(ctx, q, srv)
	if err != nil {
		return target.Server{}, err
	}
	srv.Isolation = iso
	return srv, nil
}

// parseVersion derives engine and version from what SELECT VERSION() says:
//
//	10.11.19-MariaDB-0+deb12u1   MariaDB 10.11.19
//	5.5.5-10.4.32-MariaDB        MariaDB 10.4.32 (replication prefix of old releases)
//	8.0.11-TiDB-v7.5.1           TiDB 7.5.1
//	5.7.44-log                   MySQL 5.7 (and older: they share its lack of SKIP LOCKED)
//	8.0.36, 8.4.0, 9.1.0         MySQL 8
func parseVersion(v string) target.Server {
	switch {
	case strings.Contains(v, "TiDB"):
		// TiDB leads with the MySQL version whose dialect it speaks; its
		// own version follows "TiDB-v", and that is what decides its
		// locking behaviour.
		var ver string
		if _, rest, ok := strings.Cut(v, "TiDB-v"); ok {
			ver = leadingVersion(rest)
		}
		return target.Server{Engine: target.TiDB, Version: ver}
	case strings.Contains(v, "MariaDB"):
		return target.Server{Engine: target.MariaDB, Version: leadingVersion(strings.TrimPrefix(v, "5.5.5-"))}
	}
	ver := leadingVersion(v)
	if major, _, ok := majorMinor(ver); ok && major <= 5 {
		return target.Server{Engine: target.MySQL57, Version: ver}
	}
	// Unparsable versions land here too: MySQL 8 is what the rules assume
	// when they know nothing.
	return target.Server{Engine: target.MySQL8, Version: ver}
}

// leadingVersion returns the "major.minor.patch" (or shorter) prefix of s.
func leadingVersion(s string) string {
	end, parts := 0, 0
	for i := 0; i < len(s) && parts < 3; {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			break
		}
		end, parts = j, parts+1
		if j == len(s) || s[j] != '.' {
			break
		}
		i = j + 1
	}
	return s[:end]
}

func majorMinor(v string) (major, minor int, ok bool) {
	ma, rest, _ := strings.Cut(v, ".")
	mi, _, _ := strings.Cut(rest, ".")
	major, err1 := strconv.Atoi(ma)
	minor, err2 := strconv.Atoi(mi)
	return major, minor, err1 == nil && err2 == nil
}

// readIsolation reads the isolation level of this session's transactions.
//
// The session value is read, not the global one: it equals the global
// default unless the DSN sets transaction_isolation as a parameter, and
// then it is what an application connecting with that DSN gets.
//
// The variable is transaction_isolation on MySQL 5.7.20+, 8, TiDB and
// MariaDB 11.1+, and tx_isolation on older MySQL and MariaDB (MySQL 8
// removed it). The likely one is asked first and the other only if the
// server does not know it.
func readIsolation(ctx context.Context, q querier, srv target.Server) (sqltext.Isolation, error) {
	vars := []string{"transaction_isolation", "tx_isolation"}
	if srv.Engine == target.MariaDB {
		if major, minor, ok := majorMinor(srv.Version); ok && (major < 11 || major == 11 && minor < 1) {
			vars[0], vars[1] = vars[1], vars[0]
		}
	}
	var err error
	for _, v := range vars {
		var val string
		err = q.QueryRowContext(ctx, "SELECT @@SESSION."+v).Scan(&val)
		if err == nil {
			// An unrecognized value leaves the level unknown, which the
			// rules treat as the InnoDB default; not worth failing for.
			iso, _ := target.ParseIsolation(val)
			return iso, nil
		}
		if me := (*mysql.MySQLError)(nil); !errors.As(err, &me) || me.Number != errUnknownSystemVariable {
			break
		}
	}
	return sqltext.IsolationUnknown, fmt.Errorf("reading the isolation level: %w", err)
}

// querier is what both *sql.Tx and *sql.Conn offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
