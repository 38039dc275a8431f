package gclplugin

import (
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
}

// settingKeys are Settings' keys, for error messages.
const settingKeys = "schema, dsn, dsn_env, engine, isolation, enable, disable, tx_helpers, sql_sinks"

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
	s, err := register.DecodeSettings[Settings](conf)
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
	return &plugin{cfg: cfg}, nil
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
	}
	if s.DSN != "" && s.DSNEnv != "" {
		return cfg, errors.New("set dsn or dsn_env, not both")
	}
	if err := setDSN(&cfg, s.DSN, s.DSNEnv); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// GetLoadMode asks for type information: locklint finds SQL calls by their
// types, never by method names alone.
func (*plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// BuildAnalyzers returns locklint configured by the settings.
//
// golangci-lint caches each package's findings under the package's Go
// sources, the linter settings and the names of the analyzers, but knows
// nothing of schema files or locklint.yaml. The analyzer's name therefore
// carries a digest of those files, so that editing a migration changes the
// cache key instead of replaying stale findings. Findings are reported
// under the plugin's name ("locklint") whatever the analyzer's name is, so
// //nolint:locklint and exclusion rules are unaffected.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	a := analyzer.New(p.cfg)
	h := sha256.New()
	wd, _ := os.Getwd()
	analyzer.HashInputs(h, wd, p.cfg.Schema)
	a.Name = fmt.Sprintf("locklint_%x", h.Sum(nil)[:8])
	return []*analysis.Analyzer{a}, nil
}

// setDSN gives the analyzer the live database's DSN, from the setting or
// from the environment variable dsn_env names (which keeps the password
// out of .golangci.yml).
func setDSN(cfg *analyzer.Config, dsn, env string) error {
	if env != "" {
		dsn = os.Getenv(env)
	}
	if dsn != "" {
		return errors.New("dsn: reading the schema from a live database is not supported yet")
	}
	return nil
}
