// Command locklint finds SQL lock risks in Go code that talks to MySQL,
// MariaDB and TiDB.
//
//	locklint [flags] ./...
//	locklint -sarif [flags] ./... > locklint.sarif
//	locklint sql [flags] [FILE|DIR|GLOB...]  (migration files)
//	locklint schema -dsn=DSN > locklint-schema.json
//	locklint prove -prove-dsn=DSN [flags] ./...  (replay findings on a scratch database)
//	go vet -vettool=$(command -v locklint) [flags] ./...
package main

import (
	"flag"
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/locklint/locklint/analyzer"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		printVersion(os.Stdout)
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "schema" {
		os.Exit(runSchema(os.Args[2:], os.Stdout, os.Stderr))
	}
	if !checkLive(os.Args[1:], os.Stderr) {
		os.Exit(1)
	}
	if len(os.Args) > 1 && os.Args[1] == "prove" {
		// Not a package pattern either: a package by that name is ./prove.
		os.Exit(runProve(analyzer.Analyzer, os.Args[2:], true, os.Stdout, os.Stderr))
	}
	if wantsProve(os.Args[1:]) {
		os.Exit(runProve(analyzer.Analyzer, os.Args[1:], false, os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "sql" {
		// Not a package pattern: go vet never passes "sql" first, and a
		// package by that name is written ./sql.
		os.Exit(runSQL(os.Args[2:], os.Stdout, os.Stderr))
	}
	if wantsSARIF(os.Args[1:]) {
		os.Exit(runSARIF(analyzer.Analyzer, os.Args[1:], os.Stdout, os.Stderr))
	}
	if wantsJSON(os.Args[1:]) {
		os.Exit(runJSON(analyzer.Analyzer, os.Args[1:], os.Stdout, os.Stderr))
	}
	passTagsToGo(os.Args[1:])
	if !(len(os.Args) == 2 && os.Args[1] == "-flags") {
		// Listed by -help, but not offered to go vet (which asks with
		// -flags): its driver, unitchecker, cannot write SARIF.
		flag.Bool("sarif", false, sarifUsage)
		mode := proveMode("off")
		flag.Var(&mode, "prove", proveUsage)
		flag.String("prove-dsn", "", proveDSNUsage)
	}
	singlechecker.Main(analyzer.Analyzer)
}
