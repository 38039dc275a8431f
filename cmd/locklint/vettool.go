package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// The go vet side. go vet runs the tool once per package with a vet.cfg
// file (unitchecker's protocol): dependencies come as export data and
// facts (.vetx files), and go caches each package's output under the
// tool's ID (see printVersion), the vet flags and the package's inputs.
// The standalone command drives the same protocol (see standalone.go)
// and adds -merge, with which a root package's run writes an envelope
// that the standalone command merges.

// mergeFlag marks a run of the tool under the standalone command. It is
// a vet flag, so go caches these runs apart from plain go vet runs, whose
// output differs.
const mergeFlag = "merge"

// envelope is what a root package's run writes under -merge: the JSON
// trees unitchecker printed (one per analysis of the package) and what
// the analysis said on standard error (notes, schema problems). go caches
// it as the run's output, so a cached run replays the notes too.
type envelope struct {
	Trees  []json.RawMessage `json:"trees"`
	Stderr string            `json:"stderr,omitempty"`
}

// isVetRun reports whether go vet runs the tool on a package: the last
// argument is the vet.cfg file.
func isVetRun(args []string) bool {
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// vetConfig is the part of go vet's vet.cfg file the tool rewrites; the
// rest is kept as it is.
type vetConfig struct {
	raw           map[string]json.RawMessage
	ID            string
	GoFiles       []string
	ModulePath    string
	ModuleVersion string
	VetxOnly      bool
	VetxOutput    string
	Stdout        string
}

// local reports whether the package belongs to a module on disk that is
// not a download: the main module, a workspace module or a directory
// replacement. Only such packages can be roots of a standalone run.
func (c *vetConfig) local() bool { return c.ModulePath != "" && c.ModuleVersion == "" }

func readVetConfig(path string) (*vetConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &vetConfig{}
	if err := json.Unmarshal(data, &c.raw); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if err := json.Unmarshal(data, c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return c, nil
}

// write writes the config, with the fields as c has them, to path.
func (c *vetConfig) write(path string) error {
	set := func(k string, v any) {
		b, _ := json.Marshal(v)
		c.raw[k] = b
	}
	set("GoFiles", c.GoFiles)
	set("VetxOnly", c.VetxOnly)
	set("VetxOutput", c.VetxOutput)
	set("Stdout", c.Stdout)
	data, err := json.Marshal(c.raw)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// testFiles splits the package's Go files into non-test and test files.
func (c *vetConfig) testFiles() (plain, tests []string) {
	for _, f := range c.GoFiles {
		if strings.HasSuffix(f, "_test.go") {
			tests = append(tests, f)
		} else {
			plain = append(plain, f)
		}
	}
	return plain, tests
}

// prepareVetRun handles what go vet's protocol leaves to the tool: with
// -test=false, test files are dropped from the package (go vet always
// vets packages with their tests) and a package of tests alone is
// skipped; with -merge, a root package's results go into an envelope.
// It returns the arguments to hand to unitchecker, or exits.
func prepareVetRun(args []string) []string {
	flags, cfgPath := args[:len(args)-1], args[len(args)-1]
	merge := boolArg(flags, mergeFlag)
	noTests := hasFlag(flags, "test") && !boolArg(flags, "test")
	if !merge && !noTests {
		return args
	}
	c, err := readVetConfig(cfgPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "locklint: %v\n", err)
		os.Exit(1)
	}
	plain, tests := c.testFiles()
	if noTests && len(tests) > 0 {
		if len(plain) == 0 {
			// Tests only (an external test package): nothing to do.
			// Nothing imports it, so empty facts do.
			os.WriteFile(c.VetxOutput, nil, 0o644)
			if c.Stdout != "" {
				os.WriteFile(c.Stdout, nil, 0o644)
			}
			os.Exit(0)
		}
		c.GoFiles = plain
		tests = nil
		cfgPath = filepath.Join(filepath.Dir(cfgPath), "locklint-notest.cfg")
		if err := c.write(cfgPath); err != nil {
			fmt.Fprintf(os.Stderr, "locklint: %v\n", err)
			os.Exit(1)
		}
	}
	if !merge || c.VetxOnly && !c.local() {
		return append(withoutFlag(flags, mergeFlag), cfgPath)
	}
	// go caches a run's output under a key that does not say whether the
	// package was a dependency (facts only) or a root, and replays it
	// whichever it is next. So under -merge a package of the user's own
	// modules is analyzed in full even as a dependency: what go caches
	// is right for a later run that names it, and the standalone command
	// keeps only the envelopes of the packages its patterns name.
	c.VetxOnly = false
	os.Exit(runMerged(withoutFlag(flags, mergeFlag), cfgPath, c, len(plain) > 0 && len(tests) > 0))
	return nil
}

// runMerged analyzes a root package for the standalone command and writes
// its envelope to the run's stdout file. A package with in-package tests
// is analyzed twice, with and without its test files, as the standalone
// driver analyzed a package and its test variant: a finding that only the
// package without its tests gives is kept. Each analysis runs in a child
// process, as unitchecker exits when done; the two run at the same time,
// as a root package is often the last one go vet waits for.
func runMerged(flags []string, cfgPath string, c *vetConfig, alsoPlain bool) int {
	dir := filepath.Dir(cfgPath)
	type analysisRun struct {
		cfg, stdout string
		tree        []byte
		stderr      bytes.Buffer
		code        int
	}
	analyze := func(r *analysisRun) {
		cmd := exec.Command(os.Args[0], append(append(append([]string(nil), flags...), "-json"), r.cfg)...)
		cmd.Stderr = &r.stderr // unitchecker writes its JSON to the config's Stdout file
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				r.code = max(ee.ExitCode(), 1)
			} else {
				fmt.Fprintf(&r.stderr, "locklint: %v\n", err)
				r.code = 1
			}
			return
		}
		data, err := os.ReadFile(r.stdout)
		if err != nil {
			fmt.Fprintf(&r.stderr, "locklint: %v\n", err)
			r.code = 1
			return
		}
		r.tree = bytes.TrimSpace(data)
	}
	out := c.Stdout
	full := &analysisRun{cfg: filepath.Join(dir, "locklint-full.cfg"), stdout: filepath.Join(dir, "locklint-full.stdout")}
	c.Stdout = full.stdout
	if err := c.write(full.cfg); err != nil {
		fmt.Fprintf(os.Stderr, "locklint: %v\n", err)
		return 1
	}
	runs := []*analysisRun{full}
	if alsoPlain {
		plain, _ := c.testFiles()
		c.GoFiles = plain
		c.VetxOutput = filepath.Join(dir, "locklint-plain.vetx")
		c.Stdout = filepath.Join(dir, "locklint-plain.stdout")
		run := &analysisRun{cfg: filepath.Join(dir, "locklint-plain.cfg"), stdout: c.Stdout}
		if err := c.write(run.cfg); err != nil {
			fmt.Fprintf(os.Stderr, "locklint: %v\n", err)
			return 1
		}
		runs = append(runs, run)
	}
	var wg sync.WaitGroup
	for _, r := range runs {
		wg.Go(func() { analyze(r) })
	}
	wg.Wait()
	var env envelope
	var stderr bytes.Buffer
	for _, r := range runs {
		stderr.Write(r.stderr.Bytes())
		if r.code != 0 {
			os.Stderr.Write(r.stderr.Bytes())
			return r.code
		}
		if len(r.tree) > 0 {
			env.Trees = append(env.Trees, r.tree)
		}
	}
	env.Stderr = stderr.String()
	data, err := json.Marshal(env)
	if err != nil {
		fmt.Fprintf(os.Stderr, "locklint: %v\n", err)
		return 1
	}
	var w io.Writer = os.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			fmt.Fprintf(os.Stderr, "locklint: %v\n", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	if _, err := fmt.Fprintf(w, "%s\n", data); err != nil {
		fmt.Fprintf(os.Stderr, "locklint: %v\n", err)
		return 1
	}
	return 0
}

// hasFlag reports whether the flag name is on the command line.
func hasFlag(args []string, flagName string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if strings.HasPrefix(a, "-") && name == flagName {
			return true
		}
	}
	return false
}

// withoutFlag drops the boolean flag name from a command line.
func withoutFlag(args []string, flagName string) []string {
	var out []string
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if strings.HasPrefix(a, "-") && name == flagName {
			continue
		}
		out = append(out, a)
	}
	return out
}
