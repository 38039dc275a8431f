package analyzer_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/locklint/locklint/analyzer"
)

// testSchema is the DDL every golden package is checked against.
var testSchema = filepath.Join(analysistest.TestData(), "schema", "schema.sql")

func run(t *testing.T, cfg analyzer.Config, pkgs ...string) {
	t.Helper()
	cfg.Schema = append(cfg.Schema, testSchema)
	analysistest.Run(t, analysistest.TestData(), analyzer.New(cfg), pkgs...)
}

func TestExtraction(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx", "unindexed-lock"}}, "extraction")
}

func TestUnindexedLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"unindexed-lock"}}, "unindexed")
}

func TestRangeLock(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"range-lock"}}, "rangelock")
}

func TestRangeLockReadCommitted(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"range-lock"}, Isolation: "read-committed"}, "rangelockrc")
}

func TestLockOutsideTx(t *testing.T) {
	run(t, analyzer.Config{Enable: []string{"lock-outside-tx"}}, "outsidetx")
}

func TestIgnoreDirectives(t *testing.T) {
	run(t, analyzer.Config{}, "ignore")
}
