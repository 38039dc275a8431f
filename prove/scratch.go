package prove

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/locklint/locklint/schema"
)

// marker is the comment of every table the prover creates: a table
// without it is someone else's, and a database that holds one is refused.
const marker = "locklint prove scratch table"

// Server is what the verdicts say of the scratch server.
type Server struct {
	Engine  string // "MariaDB" or "MySQL"
	Version string
}

func (s Server) String() string { return s.Engine + " " + s.Version }

func (s Server) mariaDB() bool { return s.Engine == "MariaDB" }

// Prover runs scenarios in one scratch database.
type Prover struct {
	db     *sql.DB
	dbName string
	addr   string
	server Server
	// Wait is how long a session's statement may run before the
	// scenario counts it as blocked and asks the server for its lock.
	wait time.Duration
	// blind stops the prover from reading the server's lock tables, as
	// on a server that shows no lock waits: scenarios must still judge
	// by what the statements did.
	blind bool
}

// Open connects to the scratch database the DSN names. It refuses a DSN
// without a database, a server at the address of liveDSN (the server
// locklint reads the schema from, which it never writes to), and a
// database holding tables the prover did not create. Errors never carry
// the DSN's password.
func Open(ctx context.Context, dsn, liveDSN string) (*Prover, error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.DBName == "" {
		return nil, errors.New("-prove-dsn names no database: give one that locklint may create tables in")
	}
	if liveDSN != "" {
		if live, err := parseDSN(liveDSN); err == nil && sameServer(live, cfg) {
			return nil, fmt.Errorf("-prove-dsn names the server -dsn reads the schema from (%s): locklint never writes there; give a scratch server", cfg.Addr)
		}
	}
	cfg.Logger = &mysql.NopLogger{}
	cfg.Timeout = 10 * time.Second
	// Placeholders are sent as values of their own types, so a string
	// bound to a string column is compared as a string and can use its
	// index.
	cfg.InterpolateParams = false
	// RowsAffected counts the rows an UPDATE matched, not those it
	// changed: a write of the value a row already holds still counts.
	cfg.ClientFoundRows = true
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	db.SetMaxIdleConns(4)
	p := &Prover{db: db, dbName: cfg.DBName, addr: cfg.Addr, wait: 300 * time.Millisecond}
	if err := p.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return p, nil
}

func sameServer(a, b *mysql.Config) bool {
	norm := func(addr string) string {
		return strings.Replace(strings.Replace(addr, "localhost", "127.0.0.1", 1), "[::1]", "127.0.0.1", 1)
	}
	return a.Net == b.Net && norm(a.Addr) == norm(b.Addr)
}

// parseDSN is mysql.ParseDSN with its panic turned into an error.
func parseDSN(dsn string) (cfg *mysql.Config, err error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, errors.New("empty DSN")
	}
	defer func() {
		if r := recover(); r != nil {
			cfg, err = nil, fmt.Errorf("invalid DSN: %v", r)
		}
	}()
	cfg, err = mysql.ParseDSN(dsn)
	if err != nil {
		// The driver's message quotes the DSN, password and all.
		return nil, errors.New("invalid -prove-dsn")
	}
	return cfg, nil
}

func (p *Prover) init(ctx context.Context) error {
	var version string
	if err := p.db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return fmt.Errorf("scratch server %s: %v", p.addr, err)
	}
	p.server = Server{Engine: "MySQL", Version: version}
	if i := strings.Index(strings.ToLower(version), "-mariadb"); i >= 0 {
		p.server = Server{Engine: "MariaDB", Version: version[:i]}
	} else if strings.Contains(strings.ToLower(version), "tidb") {
		return errors.New("the scratch server is TiDB, which takes no gap locks: prove needs MySQL or MariaDB")
	}
	if p.server.Engine == "MySQL" {
		if i := strings.IndexByte(version, '-'); i >= 0 {
			p.server.Version = version[:i]
		}
	}
	foreign, err := p.foreignTables(ctx)
	if err != nil {
		return err
	}
	if len(foreign) > 0 {
		return fmt.Errorf("scratch database %s holds tables locklint did not create (%s): give an empty database", p.dbName, strings.Join(foreign, ", "))
	}
	// Tables a run that was interrupted left behind.
	return p.dropOwn(ctx)
}

// foreignTables lists the tables and views of the database that do not
// carry the marker.
func (p *Prover) foreignTables(ctx context.Context) ([]string, error) {
	rows, err := p.db.QueryContext(ctx, "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, comment string
		if err := rows.Scan(&name, &comment); err != nil {
			return nil, err
		}
		if comment != marker {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, rows.Err()
}

// dropOwn drops every table of the database that the prover created.
func (p *Prover) dropOwn(ctx context.Context) error {
	rows, err := p.db.QueryContext(ctx, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_COMMENT = ?", marker)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		if _, err := p.db.ExecContext(ctx, "DROP TABLE IF EXISTS "+quote(n)); err != nil {
			return err
		}
	}
	return nil
}

// Close drops what is left of the prover's tables and disconnects.
func (p *Prover) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := p.dropOwn(ctx)
	if cerr := p.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Server is the scratch server's engine and version.
func (p *Prover) Server() Server { return p.server }

func quote(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }

// colType is the type a scratch column gets: the schema knows no types,
// so a column gets BIGINT unless a statement compares it with, or gives
// it, a string constant.
type colType uint8

const (
	colInt colType = iota
	colString
)

// scratchTable is one table as the prover creates it.
type scratchTable struct {
	name    string
	columns []string
	types   map[string]colType
	// consts are the constants statements compare a column with for
	// equality: seed rows hold them, so that the statements find them.
	consts map[string]string
	// prefixes are the constant prefixes of LIKE 'abc%' on a column:
	// its values start with them.
	prefixes map[string]string
	indexes  []schema.Index
	primary  []string
	created  bool
}

func (t *scratchTable) createSQL() string {
	var parts []string
	pk := map[string]bool{}
	for _, c := range t.primary {
		pk[c] = true
	}
	for _, c := range t.columns {
		typ := "BIGINT"
		if t.types[c] == colString {
			typ = "VARCHAR(191)"
		}
		null := " NULL"
		if pk[c] {
			null = " NOT NULL"
			if len(t.primary) == 1 && t.types[c] == colInt {
				// Code that INSERTs without the key relies on it.
				null += " AUTO_INCREMENT"
			}
		}
		parts = append(parts, quote(c)+" "+typ+null)
	}
	for _, ix := range t.indexes {
		cols := make([]string, len(ix.Columns))
		for i, c := range ix.Columns {
			cols[i] = quote(c)
		}
		switch {
		case ix.Primary:
			parts = append(parts, "PRIMARY KEY ("+strings.Join(cols, ", ")+")")
		case ix.Unique:
			parts = append(parts, "UNIQUE KEY "+quote(ix.Name)+" ("+strings.Join(cols, ", ")+")")
		default:
			parts = append(parts, "KEY "+quote(ix.Name)+" ("+strings.Join(cols, ", ")+")")
		}
	}
	return fmt.Sprintf("CREATE TABLE %s (\n  %s\n) ENGINE=InnoDB COMMENT='%s'", quote(t.name), strings.Join(parts, ",\n  "), marker)
}
