package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/locklint/locklint/analyzer"
	"github.com/locklint/locklint/schema"
)

// printVersion answers `locklint -V=full`, which go vet runs to compute the
// tool's ID. go vet caches results keyed by that ID, the flags' text and the
// Go sources, so a change to a schema file alone would replay stale
// results. The ID therefore folds in the content of the schema files the
// go command was told about: the -schema values on its command line (read
// from the parent process on systems with /proc) and in LOCKLINT_SCHEMA,
// and the nearest locklint.yaml above the working directory with the
// schema files it names, and, with -dsn or LOCKLINT_DSN, the live schema
// and server as the analysis will read them.
func printVersion(w io.Writer) {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f)
			f.Close()
		}
	}
	args := parentArgs()
	if env := os.Getenv(toolFlagsEnv); env != "" {
		args = append(args, strings.Split(env, "\n")...)
	}
	patterns := schemaFlagsOf(args)
	if env := os.Getenv("LOCKLINT_SCHEMA"); env != "" {
		patterns = append(patterns, strings.Split(env, ",")...)
	}
	wd, _ := os.Getwd()
	analyzer.HashInputs(h, wd, patterns)
	hashLive(h, liveConfig(args))
	fmt.Fprintf(w, "locklint version devel comments-go-here buildID=%x\n", h.Sum(nil))
}

// toolFlagsEnv is set by the standalone command for the go vet it runs:
// the tool's flags, one a line, so that the tool's ID sees them where the
// go command's command line cannot be read.
const toolFlagsEnv = "LOCKLINT_TOOL_FLAGS"

// parentArgs returns the command line of the process that ran us (the go
// command, under go vet), or nil where it cannot be read.
func parentArgs() []string {
	if runtime.GOOS != "linux" {
		return nil
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", os.Getppid()))
	if err != nil {
		return nil
	}
	return strings.Split(string(bytes.TrimRight(b, "\x00")), "\x00")
}

// schemaFlagsOf picks the values of -schema flags out of a command line.
func schemaFlagsOf(args []string) []string {
	var out []string
	for i, a := range args {
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "schema" || !strings.HasPrefix(a, "-") {
			continue
		}
		if !hasValue && i+1 < len(args) {
			value = args[i+1]
		}
		out = append(out, strings.Split(value, ",")...)
	}
	return out
}

// hashLive writes the live schema and server the configuration names, as
// the analysis reads them (through the same ten-minute file cache), or
// the error reading them gives.
func hashLive(w io.Writer, c analyzer.Config) {
	s, server, err := c.ReadLive(context.Background())
	if err != nil {
		fmt.Fprintf(w, "live error %v\x00", err)
		return
	}
	if s == nil {
		return
	}
	fmt.Fprintf(w, "live %v %s %v\x00", server.Engine, server.Version, server.Isolation)
	schema.WriteSnapshot(w, s, schema.SnapshotMeta{})
}
