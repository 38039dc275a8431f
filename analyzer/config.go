package analyzer

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/locklint/locklint/rules"
	"github.com/locklint/locklint/target"
)

// Config is everything a run of locklint can be told. Flags, the
// golangci-lint plugin's settings and a locklint.yaml all fill it.
type Config struct {
	// Schema lists DDL files, migration directories, globs and JSON
	// snapshots to read tables and indexes from.
	Schema []string
	// Engine is mysql8, mysql57, mariadb or tidb; empty means unknown.
	Engine string
	// Isolation is the server's default isolation level; empty means
	// REPEATABLE READ.
	Isolation string
	// Enable and Disable select rules by ID; an empty Enable means all.
	Enable, Disable []string
	// DSN names a live database to read the schema, engine and default
	// isolation from (a go-sql-driver/mysql DSN); LOCKLINT_DSN when empty.
	// Engine and Isolation, when set, win over what the server says.
	DSN string
	// SchemaDB lists the databases to read from the live server; the
	// DSN's database when empty.
	SchemaDB []string
	// SchemaCache is "off" to read the live database on every run instead
	// of reusing a result younger than ten minutes.
	SchemaCache string
	// TxHelpers and SQLSinks name, as types.Func.FullName does, functions
	// that run a callback in a transaction and functions that send their
	// SQL argument to the database, beyond the libraries locklint knows.
	// Only locklint.yaml and the plugin settings set them.
	TxHelpers, SQLSinks []string
	// CheckTestFixtures runs every rule on test code too (test files,
	// test helpers, test-helper packages), where by default only the
	// rules.Rule.RunsInTests ones judge it.
	CheckTestFixtures bool
}

// listFlag is a comma-separated list flag that may also be repeated.
type listFlag struct{ list *[]string }

func (f listFlag) String() string {
	if f.list == nil {
		return ""
	}
	return strings.Join(*f.list, ",")
}

func (f listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*f.list = append(*f.list, v)
		}
	}
	return nil
}

// register binds the config's fields to flags.
func (c *Config) register(fs *flag.FlagSet) {
	fs.Var(listFlag{&c.Schema}, "schema", "comma-separated DDL files, migration directories, globs or JSON schema snapshots")
	fs.StringVar(&c.Engine, "engine", c.Engine, "target server: mysql8, mysql57, mariadb or tidb")
	fs.StringVar(&c.Isolation, "isolation", c.Isolation, "default transaction isolation: repeatable-read (default) or read-committed, read-uncommitted, serializable")
	fs.Var(listFlag{&c.Enable}, "enable", "comma-separated rule IDs to run (default: all)")
	fs.Var(listFlag{&c.Disable}, "disable", "comma-separated rule IDs not to run")
	fs.StringVar(&c.DSN, "dsn", c.DSN, "read schema, engine and isolation from this MySQL DSN (read-only; default $"+DSNEnv+")")
	fs.Var(listFlag{&c.SchemaDB}, "schema-db", "comma-separated databases to read with -dsn (default: the DSN's database)")
	fs.BoolVar(&c.CheckTestFixtures, "check-test-fixtures", c.CheckTestFixtures, "also judge test code (test files, functions taking *testing.T, test-helper packages, testdata) with every rule; by default only tx-not-closed judges it")
	fs.StringVar(&c.SchemaCache, "schema-cache", c.SchemaCache, `"off" to read the live database every run instead of caching it for ten minutes`)
}

// settings is a Config checked and resolved for one run.
type settings struct {
	server target.Server
	rules  []*rules.Rule
	// outsideTests are the rules that run on test code by default: those
	// with RunsInTests.
	outsideTests []*rules.Rule
}

// Validate reports what a run would reject (an unknown engine, isolation
// level or rule ID, a malformed function name), so a driver can refuse bad
// settings once, up front, rather than on every package.
func (c Config) Validate() error {
	if err := checkQualifiedNames(c.TxHelpers); err != nil {
		return fmt.Errorf("tx_helpers: %v", err)
	}
	if err := checkQualifiedNames(c.SQLSinks); err != nil {
		return fmt.Errorf("sql_sinks: %v", err)
	}
	_, err := c.resolve()
	return err
}

func (c *Config) resolve() (*settings, error) {
	engine, err := target.ParseEngine(c.Engine)
	if err != nil {
		return nil, fmt.Errorf("-engine: %v", err)
	}
	iso, err := target.ParseIsolation(c.Isolation)
	if err != nil {
		return nil, fmt.Errorf("-isolation: %v", err)
	}
	enabled, err := selectRules(c.Enable, c.Disable)
	if err != nil {
		return nil, err
	}
	var outsideTests []*rules.Rule
	for _, r := range enabled {
		if r.RunsInTests {
			outsideTests = append(outsideTests, r)
		}
	}
	return &settings{server: target.Server{Engine: engine, Isolation: iso}, rules: enabled, outsideTests: outsideTests}, nil
}

func selectRules(enable, disable []string) ([]*rules.Rule, error) {
	check := func(flag string, ids []string) (map[string]bool, error) {
		set := map[string]bool{}
		for _, id := range ids {
			if rules.ByID(id) == nil {
				return nil, fmt.Errorf("-%s: unknown rule %q (known: %s)", flag, id, strings.Join(ruleIDs(), ", "))
			}
			set[id] = true
		}
		return set, nil
	}
	on, err := check("enable", enable)
	if err != nil {
		return nil, err
	}
	off, err := check("disable", disable)
	if err != nil {
		return nil, err
	}
	var out []*rules.Rule
	for _, r := range rules.All() {
		if (len(on) == 0 || on[r.ID]) && !off[r.ID] {
			out = append(out, r)
		}
	}
	return out, nil
}

func ruleIDs() []string {
	var ids []string
	for _, r := range rules.All() {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return ids
}
