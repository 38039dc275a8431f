package gclplugin

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/analyzer"
)

func init() {
	register.Plugin("locklint", New)
}

// Settings are the plugin's settings in .golangci.yml
// (linters.settings.custom.locklint.settings).
type Settings struct {
	Schema    list   `json:"schema"`
	DSN       string `json:"dsn"`
	DSNEnv    string `json:"dsn_env"`
	Engine    string `json:"engine"`
	Isolation string `json:"isolation"`
	Enable    list   `json:"enable"`
	Disable   list   `json:"disable"`
	TxHelpers list   `json:"tx_helpers"`
	SQLSinks  list   `json:"sql_sinks"`

	CheckTestFixtures bool `json:"check_test_fixtures"`
}

// settingKeys are Settings' keys, for error messages.
const settingKeys = "schema, dsn, dsn_env, engine, isolation, enable, disable, tx_helpers, sql_sinks, check_test_fixtures"

// list is a list of strings that may be written as one string, possibly
// comma-separated like the flags: "schema: migrations" is a list of one.
type list []string

func (l *list) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = nil
		for _, s := range strings.Split(one, ",") {
			if s = strings.TrimSpace(s); s != "" {
				*l = append(*l, s)
			}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("want a string or a list of strings")
	}
	*l = many
	return nil
}

type plugin struct {
	cfg analyzer.Config
}

// New builds the plugin from its settings; golangci-lint calls it once at
// start-up, so bad settings stop the run before any package is loaded.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](withoutSalt(conf))
	if err != nil {
		var unknown string
		if _, after, ok := strings.Cut(err.Error(), "json: unknown field "); ok {
			unknown = after
		}
		if unknown != "" {
			return nil, fmt.Errorf("locklint settings: unknown key %s (known: %s)", unknown, settingKeys)
		}
		return nil, fmt.Errorf("locklint settings: %v", err)
	}
	cfg, err := s.config()
	if err != nil {
		return nil, fmt.Errorf("locklint settings: %v", err)
	}
	// A live database that cannot be read is one error now rather than
	// one per package; what it said is cached for the analyzer.
	if _, _, err := cfg.ReadLive(context.Background()); err != nil {
		return nil, fmt.Errorf("locklint: %v", err)
	}
	saltCache(conf, cfg.Schema)
	return &plugin{cfg: cfg}, nil
}

// saltKey is the settings key under which saltCache leaves its digest.
const saltKey = "locklint-inputs-digest"

// saltCache makes golangci-lint's cache see the files besides Go sources
// that decide locklint's findings. golangci-lint keys cached findings by
// each package's Go files, its own binary, and a hash of all linters'
// settings that it computes after building the plugins; a digest of the
// schema files and the nearest locklint.yaml, added to the settings map
// it handed us, thus becomes part of the key, and editing a migration is
// not answered with stale findings. Without settings (conf is nil) there
// is no map to add to, and `golangci-lint cache clean` is the remedy.
func saltCache(conf any, schema []string) {
	m, ok := conf.(map[string]any)
	if !ok {
		return
	}
	h := sha256.New()
	wd, _ := os.Getwd()
	analyzer.HashInputs(h, wd, schema)
	m[saltKey] = fmt.Sprintf("%x", h.Sum(nil))
}

// withoutSalt returns the settings without saltCache's key, should
// golangci-lint ever build the plugin twice from the same map.
func withoutSalt(conf any) any {
	m, ok := conf.(map[string]any)
	if !ok {
		return conf
	}
	if _, ok := m[saltKey]; !ok {
		return conf
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != saltKey {
			out[k] = v
		}
	}
	return out
}

// config maps the settings onto the analyzer's configuration.
func (s Settings) config() (analyzer.Config, error) {
	cfg := analyzer.Config{
		Schema:    s.Schema,
		Engine:    s.Engine,
		Isolation: s.Isolation,
		Enable:    s.Enable,
		Disable:   s.Disable,
		TxHelpers: s.TxHelpers,
		SQLSinks:  s.SQLSinks,

		CheckTestFixtures: s.CheckTestFixtures,
	}
	if s.DSN != "" && s.DSNEnv != "" {
		return cfg, errors.New("set dsn or dsn_env, not both")
	}
	cfg.DSN = s.DSN
	if s.DSNEnv != "" {
		// Keeps the password out of .golangci.yml. With neither setting,
		// the analyzer falls back to a locklint.yaml's dsn_env and to
		// LOCKLINT_DSN, as the command does.
		cfg.DSN = os.Getenv(s.DSNEnv)
	}
	return cfg, cfg.Validate()
}

// GetLoadMode asks for type information: locklint finds SQL calls by their
// types, never by method names alone.
func (*plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// BuildAnalyzers returns locklint configured by the settings. The
// analyzer keeps its name: golangci-lint prefixes every message with the
// analyzer's name when it differs from the linter's.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.New(p.cfg)}, nil
}
