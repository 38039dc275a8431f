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
	"fmt"
	"os"
	"runtime/debug"

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
	if isVetRun(os.Args[1:]) {
		// go vet runs the tool on one package.
		if os.Getenv("GOGC") == "" {
			// A short-lived process per package, whose heap is small
			// beside the go command's: letting the heap grow to three
			// times the live data between collections, not twice, cuts
			// the collector's share of a root package's analysis from
			// about a third of its instructions to about a fifth.
			debug.SetGCPercent(200)
		}
		os.Args = append(os.Args[:1], prepareVetRun(os.Args[1:])...)
		singlechecker.Main(analyzer.Analyzer)
		return
	}
	if len(os.Args) == 2 && os.Args[1] == "-flags" {
		// go vet asks which flags to pass on. -merge is the standalone
		// command's; -sarif is not offered: go vet prints its own output.
		flag.Bool(mergeFlag, false, "write results for the standalone command to merge (internal)")
		singlechecker.Main(analyzer.Analyzer)
		return
	}
	if !wantsInProcess(os.Args[1:]) {
		self, err := os.Executable()
		if err != nil {
			fmt.Fprintf(os.Stderr, "locklint: %v\n", err)
			os.Exit(1)
		}
		out := textOutput
		if wantsSARIF(os.Args[1:]) {
			out = sarifOutput
		} else if wantsJSON(os.Args[1:]) {
			out = jsonOutput
		}
		os.Exit(runStandalone(analyzer.Analyzer, self, out, os.Args[1:], os.Stdout, os.Stderr))
	}
	// -fix, -diff and the profiling flags: singlechecker, in one process.
	passTagsToGo(os.Args[1:])
	mode := proveMode("off")
	flag.Var(&mode, "prove", proveUsage)
	flag.String("prove-dsn", "", proveDSNUsage)
	singlechecker.Main(analyzer.Analyzer)
}
