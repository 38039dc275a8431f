// Package gclplugin makes locklint a golangci-lint v2 module plugin.
//
// Importing it registers the plugin "locklint". A custom golangci-lint
// binary built with `golangci-lint custom` from the repository's
// .custom-gcl.yml (or any main package that imports both this package and
// golangci-lint's commands) then runs locklint when .golangci.yml enables
// it as a custom linter of type module; .golangci.example.yml shows how.
//
// The settings are the flags' names in snake_case: schema, dsn, dsn_env,
// engine, isolation, enable, disable, tx_helpers, sql_sinks and
// check_test_fixtures. Unknown keys are an error. Relative schema paths
// are resolved from the directory golangci-lint runs in, which is the
// module root in the usual setup, and failing that from each package's
// directory upward to its go.mod, as the standalone command does. A locklint.yaml is read as by the standalone
// command; the settings win over it, key by key.
package gclplugin
