package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/locklint/locklint/analyzer"
	"github.com/locklint/locklint/livedb"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/target"
)

// liveConfig picks the live-database settings out of a command line, so
// that an unreachable or misconfigured database is one clear error before
// any package is analyzed, rather than one per package.
func liveConfig(args []string) analyzer.Config {
	var c analyzer.Config
	value := func(i int, a string) (string, bool) {
		if _, v, ok := strings.Cut(a, "="); ok {
			return v, true
		}
		if i+1 < len(args) {
			return args[i+1], true
		}
		return "", false
	}
	for i, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			continue
		}
		v, ok := value(i, a)
		if !ok {
			continue
		}
		switch name {
		case "dsn":
			c.DSN = v
		case "schema-db":
			c.SchemaDB = append(c.SchemaDB, strings.Split(v, ",")...)
		case "schema-cache":
			c.SchemaCache = v
		}
	}
	return c
}

// checkLive reads the live schema once up front when a DSN is given. The
// analyzer then finds it in the process's cache.
func checkLive(args []string, stderr io.Writer) bool {
	c := liveConfig(args)
	if _, _, err := c.ReadLive(context.Background()); err != nil {
		fmt.Fprintln(stderr, err)
		return false
	}
	return true
}

// runSchema implements `locklint schema -dsn=... > locklint-schema.json`:
// it writes a snapshot of the live schema that -schema accepts, so CI can
// lint without database access.
func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("locklint schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("dsn", os.Getenv(analyzer.DSNEnv), "MySQL DSN to read (default $"+analyzer.DSNEnv+")")
	dbs := fs.String("schema-db", "", "comma-separated databases to read (default: the DSN's database)")
	timeout := fs.Duration("timeout", livedb.DefaultTimeout, "connect and query timeout")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: locklint schema -dsn=DSN [-schema-db=db1,db2] > locklint-schema.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dsn == "" {
		fmt.Fprintln(stderr, "locklint schema: -dsn (or $"+analyzer.DSNEnv+") is required")
		return 2
	}
	opts := livedb.Options{Timeout: *timeout}
	if *dbs != "" {
		opts.Databases = strings.Split(*dbs, ",")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout+5*time.Second)
	defer cancel()
	s, server, err := livedb.Read(ctx, *dsn, opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	meta := schema.SnapshotMeta{Engine: server.Engine.String(), Version: server.Version, Isolation: isolationName(server)}
	if err := schema.WriteSnapshot(stdout, s, meta); err != nil {
		fmt.Fprintln(stderr, "locklint schema:", err)
		return 1
	}
	return 0
}

func isolationName(s target.Server) string {
	return map[uint8]string{1: "READ-UNCOMMITTED", 2: "READ-COMMITTED", 3: "REPEATABLE-READ", 4: "SERIALIZABLE"}[uint8(s.Isolation)]
}
