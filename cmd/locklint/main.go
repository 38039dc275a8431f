// Command locklint finds SQL lock risks in Go code that talks to MySQL,
// MariaDB and TiDB.
//
//	locklint [flags] ./...
//	go vet -vettool=$(command -v locklint) [flags] ./...
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/locklint/locklint/analyzer"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		printVersion(os.Stdout)
		return
	}
	singlechecker.Main(analyzer.Analyzer)
}
