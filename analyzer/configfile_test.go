package analyzer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadConfigFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ConfigFileName)
	writeFile(t, path, `# every key
schema:
  - migrations
  - /abs/schema.sql
dsn_env: SHOP_DSN
engine: mariadb
isolation: read-committed
enable: [range-lock, unindexed-lock]
disable: range-lock
tx_helpers: [example.com/db.WithTx, "(*example.com/db.Store).InTx"]
sql_sinks: ["(example.com/db.Conn).Exec"]
check_test_fixtures: true
`)
	f, err := ReadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := &ConfigFile{
		Path:      path,
		Schema:    []string{filepath.Join(dir, "migrations"), "/abs/schema.sql"},
		DSNEnv:    "SHOP_DSN",
		Engine:    "mariadb",
		Isolation: "read-committed",
		Enable:    []string{"range-lock", "unindexed-lock"},
		Disable:   []string{"range-lock"},
		TxHelpers: []string{"example.com/db.WithTx", "(*example.com/db.Store).InTx"},
		SQLSinks:  []string{"(example.com/db.Conn).Exec"},

		CheckTestFixtures: true,
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("got  %+v\nwant %+v", f, want)
	}
}

func TestReadConfigFileEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), ConfigFileName)
	writeFile(t, path, "# nothing yet\n")
	f, err := ReadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f, &ConfigFile{Path: path}) {
		t.Errorf("got %+v, want an empty file", f)
	}
}

func TestReadConfigFileErrors(t *testing.T) {
	for _, tc := range []struct{ content, want string }{
		{"schema: x\nshema: y\n", `locklint.yaml:2: shema: unknown key (known: schema, dsn_env, engine, isolation, enable, disable, tx_helpers, sql_sinks, check_test_fixtures)`},
		{"check_test_fixtures: sometimes\n", `locklint.yaml:1: check_test_fixtures: want true or false`},
		{"engine: oracle\n", `locklint.yaml:1: engine: unknown engine "oracle"`},
		{"isolation: snapshot\n", `locklint.yaml:1: isolation: unknown isolation level "snapshot"`},
		{"enable:\n  - no-such-rule\n", `locklint.yaml:2: enable: unknown rule "no-such-rule"`},
		{"engine: [mysql8]\n", `locklint.yaml:1: engine: want a string`},
		{"schema: {a: b}\n", `locklint.yaml:1: schema: want a string or a list of strings`},
		{"tx_helpers: [WithTx]\n", `locklint.yaml:1: tx_helpers: "WithTx" is not a qualified function name`},
		{"engine: tidb\nengine: mysql8\n", `locklint.yaml:2: engine: set twice`},
		{"- schema\n", `locklint.yaml:1: want a mapping`},
		{"schema: [\n", `locklint.yaml: yaml:`},
	} {
		path := filepath.Join(t.TempDir(), ConfigFileName)
		writeFile(t, path, tc.content)
		_, err := ReadConfigFile(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want one containing %q", tc.content, err, tc.want)
		}
	}
}

func TestFindConfigFileNearestWins(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, ConfigFileName), "engine: tidb\n")
	writeFile(t, filepath.Join(root, "svc", ConfigFileName), "engine: mariadb\n")
	deep := filepath.Join(root, "svc", "internal", "store")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, want := FindConfigFile(deep), filepath.Join(root, "svc", ConfigFileName); got != want {
		t.Errorf("from %s: %s, want %s", deep, got, want)
	}
	other := filepath.Join(root, "cmd")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, want := FindConfigFile(other), filepath.Join(root, ConfigFileName); got != want {
		t.Errorf("from %s: %s, want %s", other, got, want)
	}
}

func TestWithConfigFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ConfigFileName), `schema: db
engine: tidb
isolation: read-committed
disable: [range-lock]
tx_helpers: [example.com/db.WithTx]
dsn_env: SHOP_DSN
`)
	// Nothing set: the file decides.
	t.Setenv("SHOP_DSN", "u@tcp(db:3306)/shop")
	got, err := (&Config{}).withConfigFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Schema:    []string{filepath.Join(dir, "db")},
		Engine:    "tidb",
		Isolation: "read-committed",
		Disable:   []string{"range-lock"},
		TxHelpers: []string{"example.com/db.WithTx"},
		DSN:       "u@tcp(db:3306)/shop",
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("file only:\n got  %+v\n want %+v", *got, want)
	}
	// What the flags set wins, key by key; -enable replaces the file's
	// rule selection as a whole.
	flags := Config{Schema: []string{"other.sql"}, Enable: []string{"range-lock"}, DSN: "v@tcp(other)/x"}
	got, err = flags.withConfigFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	want = Config{
		Schema:    []string{"other.sql"},
		Engine:    "tidb",
		Isolation: "read-committed",
		Enable:    []string{"range-lock"},
		TxHelpers: []string{"example.com/db.WithTx"},
		DSN:       "v@tcp(other)/x",
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("flags over file:\n got  %+v\n want %+v", *got, want)
	}
	if len(flags.Engine) != 0 {
		t.Errorf("withConfigFile changed its receiver: %+v", flags)
	}
}

func TestConfigFileChecksTestFixtures(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ConfigFileName), "check_test_fixtures: true\n")
	c, err := (&Config{}).withConfigFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !c.CheckTestFixtures {
		t.Error("check_test_fixtures: true in locklint.yaml did not turn the check on")
	}
}
