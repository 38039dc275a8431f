package analyzer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/locklint/locklint/rules"
	"github.com/locklint/locklint/target"
)

// ConfigFileName is the file locklint reads settings from: the nearest one
// at or above the analyzed package's directory. Keeping it next to go.mod
// gives the whole module one configuration, whichever driver runs.
const ConfigFileName = "locklint.yaml"

// ConfigFile is a checked locklint.yaml.
type ConfigFile struct {
	// Path is the file's path, absolute when FindConfigFile found it.
	Path string
	// Schema holds the schema patterns, made absolute against the file's
	// directory: the file means the same whichever directory a driver
	// runs in.
	Schema []string
	// DSNEnv names the environment variable that holds the DSN, so the
	// file can be committed without a password in it.
	DSNEnv    string
	Engine    string
	Isolation string
	Enable    []string
	Disable   []string
	// TxHelpers and SQLSinks are qualified function names, in the form
	// types.Func.FullName gives: "example.com/db.WithTx",
	// "(*example.com/db.Repo).Exec".
	TxHelpers []string
	SQLSinks  []string
	// CheckTestFixtures is check_test_fixtures: report DDL and table
	// locks in test code too.
	CheckTestFixtures bool
}

// configKeys are the keys a locklint.yaml may have, in documentation order.
var configKeys = []string{"schema", "dsn_env", "engine", "isolation", "enable", "disable", "tx_helpers", "sql_sinks", "check_test_fixtures"}

// FindConfigFile returns the path of the nearest locklint.yaml in dir or
// one of its parents, up to the filesystem root, or "" if there is none.
func FindConfigFile(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	for {
		p := filepath.Join(dir, ConfigFileName)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// ReadConfigFile reads and checks a locklint.yaml. Every error names the
// file and, where there is one, the line and key at fault.
func ReadConfigFile(path string) (*ConfigFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := parseConfigFile(path, data)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func parseConfigFile(path string, data []byte) (*ConfigFile, error) {
	f := &ConfigFile{Path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(doc.Content) == 0 {
		return f, nil // empty file: nothing set
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping of settings (%s)", path, root.Line, strings.Join(configKeys, ", "))
	}
	errorf := func(n *yaml.Node, key, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s: %s", path, n.Line, key, fmt.Sprintf(format, args...))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		if seen[key] {
			return nil, errorf(k, key, "set twice")
		}
		seen[key] = true
		switch key {
		case "schema", "enable", "disable", "tx_helpers", "sql_sinks":
			list, err := stringList(v)
			if err != nil {
				return nil, errorf(v, key, "%v", err)
			}
			switch key {
			case "schema":
				for _, p := range list {
					if !filepath.IsAbs(p) {
						p = filepath.Join(filepath.Dir(path), p)
					}
					f.Schema = append(f.Schema, p)
				}
			case "enable", "disable":
				for _, id := range list {
					if rules.ByID(id) == nil {
						return nil, errorf(v, key, "unknown rule %q (known: %s)", id, strings.Join(ruleIDs(), ", "))
					}
				}
				if key == "enable" {
					f.Enable = list
				} else {
					f.Disable = list
				}
			case "tx_helpers", "sql_sinks":
				if err := checkQualifiedNames(list); err != nil {
					return nil, errorf(v, key, "%v", err)
				}
				if key == "tx_helpers" {
					f.TxHelpers = list
				} else {
					f.SQLSinks = list
				}
			}
		case "dsn_env", "engine", "isolation":
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				return nil, errorf(v, key, "want a string")
			}
			switch key {
			case "dsn_env":
				f.DSNEnv = v.Value
			case "engine":
				if _, err := target.ParseEngine(v.Value); err != nil {
					return nil, errorf(v, key, "%v", err)
				}
				f.Engine = v.Value
			case "isolation":
				if _, err := target.ParseIsolation(v.Value); err != nil {
					return nil, errorf(v, key, "%v", err)
				}
				f.Isolation = v.Value
			}
		case "check_test_fixtures":
			var on bool
			if v.Kind != yaml.ScalarNode || v.Decode(&on) != nil {
				return nil, errorf(v, key, "want true or false")
			}
			f.CheckTestFixtures = on
		default:
			return nil, errorf(k, key, "unknown key (known: %s)", strings.Join(configKeys, ", "))
		}
	}
	return f, nil
}

// qualifiedName (compiled on first use, as most processes never read a
// configuration file) matches what types.Func.FullName returns for a function
// ("example.com/db.WithTx") or a method ("(*example.com/db.Repo).Exec",
// "(example.com/db.Repo).Exec"), which is how consumers compare.
var qualifiedName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\(\*?[^()\s*]+\.[\pL_][\pL\pN_]*\)|[^()\s*]+)\.[\pL_][\pL\pN_]*$`)
})

// checkQualifiedNames rejects a name that is not a qualified function
// name, which could never match and would silently do nothing.
func checkQualifiedNames(names []string) error {
	for _, name := range names {
		if !qualifiedName().MatchString(name) {
			return fmt.Errorf("%q is not a qualified function name (want example.com/db.WithTx or (*example.com/db.Repo).Exec)", name)
		}
	}
	return nil
}

// stringList reads a list of strings; a single string is a list of one.
func stringList(n *yaml.Node) ([]string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return []string{n.Value}, nil
	case yaml.SequenceNode:
		var out []string
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
				return nil, errors.New("want a list of strings")
			}
			out = append(out, item.Value)
		}
		return out, nil
	}
	return nil, errors.New("want a string or a list of strings")
}

// configFiles caches, per package directory, the locklint.yaml that
// applies to it, for the life of the process: a driver that analyzes many
// packages reads each file once.
var configFiles sync.Map // dir string -> *configFileEntry

type configFileEntry struct {
	once sync.Once
	file *ConfigFile // nil if there is none
	err  error
}

// configFileFor returns the locklint.yaml that applies to a package in
// dir, or nil.
func configFileFor(dir string) (*ConfigFile, error) {
	if dir == "" {
		return nil, nil
	}
	v, _ := configFiles.LoadOrStore(dir, &configFileEntry{})
	e := v.(*configFileEntry)
	e.once.Do(func() {
		if path := FindConfigFile(dir); path != "" {
			e.file, e.err = ReadConfigFile(path)
			if errors.Is(e.err, fs.ErrNotExist) {
				e.file, e.err = nil, nil // removed while we looked
			}
		}
	})
	return e.file, e.err
}

// withConfigFile returns c completed by the locklint.yaml that applies to
// a package in dir. What c sets (from flags or plugin settings) wins, key
// by key; enable and disable count as one key, so -enable=x on the command
// line runs x even if the file disables it. The DSN comes from -dsn, else
// from the variable dsn_env names, else from LOCKLINT_DSN.
func (c *Config) withConfigFile(dir string) (*Config, error) {
	f, err := configFileFor(dir)
	if err != nil || f == nil {
		return c, err
	}
	out := *c
	if len(out.Schema) == 0 {
		out.Schema = f.Schema
	}
	if out.Engine == "" {
		out.Engine = f.Engine
	}
	if out.Isolation == "" {
		out.Isolation = f.Isolation
	}
	if len(out.Enable) == 0 && len(out.Disable) == 0 {
		out.Enable, out.Disable = f.Enable, f.Disable
	}
	if out.DSN == "" && f.DSNEnv != "" {
		// The file's variable is more specific than LOCKLINT_DSN, which
		// dsn() falls back to when this leaves DSN empty.
		out.DSN = os.Getenv(f.DSNEnv)
	}
	if len(out.TxHelpers) == 0 {
		out.TxHelpers = f.TxHelpers
	}
	if len(out.SQLSinks) == 0 {
		out.SQLSinks = f.SQLSinks
	}
	// A flag can only turn it on: false is also the flag's default.
	out.CheckTestFixtures = out.CheckTestFixtures || f.CheckTestFixtures
	return &out, nil
}
