package gclplugin

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
)

// settings is what golangci-lint hands the plugin: the YAML under
// linters.settings.custom.locklint.settings, as maps with lower-case keys.
func settings(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("locklint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatalf("no settings: %v", err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
}

func TestSettings(t *testing.T) {
	p, err := New(settings(
		"schema", []any{"migrations", "db/schema.sql"},
		"engine", "mariadb",
		"isolation", "read-committed",
		"enable", "range-lock, unindexed-lock",
		"disable", []any{"range-lock"},
		"tx_helpers", []any{"example.com/db.WithTx"},
		"sql_sinks", "(*example.com/db.Repo).Exec",
	))
	if err != nil {
		t.Fatal(err)
	}
	cfg := p.(*plugin).cfg
	want := map[string]any{
		"Schema":    []string{"migrations", "db/schema.sql"},
		"Engine":    "mariadb",
		"Isolation": "read-committed",
		"Enable":    []string{"range-lock", "unindexed-lock"},
		"Disable":   []string{"range-lock"},
		"TxHelpers": []string{"example.com/db.WithTx"},
		"SQLSinks":  []string{"(*example.com/db.Repo).Exec"},
	}
	v := reflect.ValueOf(cfg)
	for field, w := range want {
		if got := v.FieldByName(field).Interface(); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", field, got, w)
		}
	}
}

func TestDSNFromEnv(t *testing.T) {
	t.Setenv("LOCKLINT_DSN", "")
	t.Setenv("SHOP_DSN", "")
	p, err := New(settings("dsn_env", "SHOP_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	if dsn := p.(*plugin).cfg.DSN; dsn != "" {
		t.Errorf("DSN %q from an empty variable", dsn)
	}
	// A set variable is read, and the database with it: an unreachable
	// one stops golangci-lint at start-up, its password not shown.
	t.Setenv("SHOP_DSN", "locklint:s3cret@tcp(127.0.0.1:1)/shop?timeout=1s")
	_, err = New(settings("dsn_env", "SHOP_DSN"))
	if err == nil {
		t.Fatal("no error for an unreachable database")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		settings map[string]any
		want     string
	}{
		{settings("shema", "migrations"), `locklint settings: unknown key "shema" (known: schema, dsn,`},
		{settings("engine", "oracle"), `unknown engine "oracle"`},
		{settings("isolation", "snapshot"), `unknown isolation level "snapshot"`},
		{settings("enable", []any{"no-such-rule"}), `unknown rule "no-such-rule"`},
		{settings("schema", 3), `want a string or a list of strings`},
		{settings("dsn", "u:p@/db", "dsn_env", "DB"), `set dsn or dsn_env, not both`},
		{settings("tx_helpers", "WithTx"), `tx_helpers: "WithTx" is not a qualified function name`},
	} {
		_, err := New(tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v) = %v, want an error containing %q", tc.settings, err, tc.want)
		}
	}
}

// TestCacheSaltFollowsInputs checks that the digest the plugin adds to
// its settings, which golangci-lint hashes into its cache key, changes
// with the schema's content and with locklint.yaml.
func TestCacheSaltFollowsInputs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	ddl := filepath.Join(dir, "schema.sql")
	if err := os.WriteFile(ddl, []byte("CREATE TABLE t (id INT PRIMARY KEY);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := settings("schema", "schema.sql")
	salt := func() string {
		if _, err := New(conf); err != nil {
			t.Fatal(err)
		}
		s, _ := conf[saltKey].(string)
		if s == "" {
			t.Fatalf("no %s in the settings after New: %v", saltKey, conf)
		}
		return s
	}
	before := salt()
	if again := salt(); again != before {
		t.Errorf("same inputs, different digests: %q, %q", before, again)
	}
	if err := os.WriteFile(ddl, []byte("CREATE TABLE t (id INT PRIMARY KEY, x INT, KEY (x));\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if after := salt(); after == before {
		t.Errorf("schema changed, digest did not: %q", after)
	}
	before = salt()
	if err := os.WriteFile(filepath.Join(dir, "locklint.yaml"), []byte("engine: tidb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if after := salt(); after == before {
		t.Errorf("locklint.yaml added, digest did not change: %q", after)
	}
	// The analyzer keeps its name, which golangci-lint would otherwise
	// put in front of every message.
	p, _ := New(conf)
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 || as[0].Name != "locklint" {
		t.Errorf("BuildAnalyzers: %v, %v; want one analyzer named locklint", as, err)
	}
}
