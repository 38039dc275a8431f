package livedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/target"
)

// DefaultTimeout bounds connecting and all queries of one Read together.
const DefaultTimeout = 5 * time.Second

// Options tune Read and CachedRead. The zero value is ready to use.
type Options struct {
	// Databases are the databases to read (-schema-db), in priority
	// order: when two hold a table of the same name, the first wins.
	// Empty means the database named in the DSN.
	Databases []string

	// Timeout bounds connecting and all queries together; zero means
	// DefaultTimeout.
	Timeout time.Duration

	// CacheTTL is how long CachedRead trusts a result it cached; zero
	// means DefaultCacheTTL.
	CacheTTL time.Duration

	// NoCache makes CachedRead read the database every time, neither
	// consulting nor writing the cache.
	NoCache bool

	// CacheDir is the directory of CachedRead's files; empty means
	// "locklint" in os.UserCacheDir.
	CacheDir string
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

// Read connects to the server dsn names (go-sql-driver syntax,
// "user:password@tcp(host:3306)/db?params") and returns the tables,
// columns and indexes of the databases opts selects, and the server's
// engine, version and default isolation level.
//
// It uses one connection and one READ ONLY transaction, runs only SELECTs
// on information_schema and server variables, and gives up after
// opts.Timeout. Its error is one line:
//
//	locklint: cannot read schema from user:***@tcp(host:3306)/db: <cause>
//
// with the password redacted, here and in the cause.
func Read(ctx context.Context, dsn string, opts Options) (*schema.Schema, target.Server, error) {
	s, srv, err := read(ctx, dsn, opts)
	if err != nil {
		return nil, target.Server{}, readError(dsn, err)
	}
	return s, srv, nil
}

// readError is the error Read returns for dsn.
func readError(dsn string, err error) error {
	err = scrub(err, secrets(dsn)...)
	return fmt.Errorf("locklint: cannot read schema from %s: %w", Redact(dsn), err)
}

func read(ctx context.Context, dsn string, opts Options) (_ *schema.Schema, _ target.Server, err error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, target.Server{}, err
	}
	dbs := databases(cfg, opts)
	if len(dbs) == 0 {
		return nil, target.Server{}, errors.New("no database to read: name one in the DSN (.../dbname) or with -schema-db")
	}

	timeout := opts.timeout()
	parent, start := ctx, time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	defer func() {
		// A timeout surfaces as "context deadline exceeded", "i/o
		// timeout" or "invalid connection" depending on where it struck
		// and whether the context or a socket deadline fired first; say
		// plainly what happened. Only for our own timeout: a caller's
		// cancellation or deadline is the caller's to explain.
		if err != nil && parent.Err() == nil && time.Since(start) >= timeout {
			err = fmt.Errorf("no answer within %v: %w", timeout, err)
		}
	}()

	// The context bounds each call, but the driver's own timeouts also
	// bound the dial and every read and write on the socket, so that a
	// server that accepts and then stalls cannot hold us past the
	// deadline in a spot the context does not reach.
	if cfg.Timeout == 0 {
		cfg.Timeout = timeout
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = timeout
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = timeout
	}
	// The driver logs some connection failures to standard error before
	// returning them; they would interleave with diagnostics and say
	// nothing the returned error does not. Config.Logger is per
	// connector, so other users of the driver in this process keep theirs.
	cfg.Logger = &mysql.NopLogger{}

	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, target.Server{}, err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	// One connection: everything runs in one transaction anyway, and a
	// pool would only open connections that outlive their use.
	db.SetMaxOpenConns(1)

	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, target.Server{}, err
	}
	// Nothing was written, so rolling back loses nothing; it ends the
	// transaction on every path.
	defer tx.Rollback()

	srv, err := readServer(ctx, tx)
	if err != nil {
		return nil, target.Server{}, err
	}
	s, err := readSchema(ctx, tx, dbs)
	if err != nil {
		return nil, target.Server{}, err
	}
	return s, srv, nil
}

// parseDSN is mysql.ParseDSN with its one panic (the long-removed "strict"
// parameter) turned into an error, and with an empty DSN refused rather
// than read as the driver's defaults.
func parseDSN(dsn string) (cfg *mysql.Config, err error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, errors.New("empty DSN")
	}
	defer func() {
		if r := recover(); r != nil {
			cfg, err = nil, fmt.Errorf("invalid DSN: %v", r)
		}
	}()
	return mysql.ParseDSN(dsn)
}

// databases returns the databases to read: opts.Databases, or else the
// DSN's, without blanks or repeats.
func databases(cfg *mysql.Config, opts Options) []string {
	names := opts.Databases
	if len(names) == 0 {
		names = []string{cfg.DBName}
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
