package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/locklint/locklint/analyzer"
)

const sqlUsage = `usage: locklint sql [flags] [FILE|DIR|GLOB...]

Checks SQL migration files for table locks and blocking DDL (the SQL-file
checks of the table-lock and ddl-lock rules) and prints each finding as
file:line:col: rule-id: message. A directory or glob selects its *.sql
files except golang-migrate's *.down.sql; goose files are checked in their
Up sections. Without arguments, the -schema patterns (or the schema of the
nearest locklint.yaml) are checked.

Exit status: 0 when there is nothing to report, 3 when there are findings
(as analysis drivers exit), 1 when the configuration is bad or nothing
could be checked. A file that does not parse is reported on standard
error and checked up to where it stops parsing, without changing the exit
status.

Flags:
`

// runSQL is `locklint sql`: the SQL-file linter, for pre-commit hooks and
// CI steps on migration directories.
func runSQL(args []string, stdout, stderr io.Writer) int {
	var cfg analyzer.Config
	fs := flag.NewFlagSet("locklint sql", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, sqlUsage)
		fs.PrintDefaults()
	}
	cfg.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	dir, _ := os.Getwd()
	findings, problems, err := analyzer.LintSQLFiles(cfg, dir, fs.Args())
	for _, p := range problems {
		fmt.Fprintf(stderr, "locklint sql: %v\n", p)
	}
	if err != nil {
		fmt.Fprintf(stderr, "locklint sql: %v\n", err)
		return 1
	}
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
	}
	if len(findings) > 0 {
		return 3
	}
	return 0
}
