package schema

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Files returns the files the patterns select, in the order Load applies
// them, each once. A pattern is
//
//   - a file, used whatever its name;
//   - a directory: its *.sql and *.json files, not those of its
//     subdirectories, in lexical order;
//   - a glob (filepath.Match syntax): the *.sql and *.json files it
//     matches, in lexical order; directories it matches are skipped.
//
// From a directory or a glob, golang-migrate's *.down.sql files are left
// out: they undo the *.up.sql next to them. Dot files (editor backups) are
// left out too. Patterns are taken in the order given, so a base schema
// or snapshot named first is applied before the migrations named after
// it; within a pattern, lexical order is the order migration tools apply
// numbered migrations in.
//
// A pattern that names nothing, or selects no file, is one error naming
// the pattern; the other patterns are still used.
func Files(patterns []string) ([]string, []error) {
	var (
		files []string
		errs  []error
		seen  = map[string]bool{}
	)
	add := func(path string) {
		key := filepath.Clean(path)
		if !seen[key] {
			seen[key] = true
			files = append(files, path)
		}
	}
	for _, p := range patterns {
		got, err := expand(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range got {
			add(f)
		}
	}
	return files, errs
}

// expand returns the files pattern p selects, sorted.
func expand(p string) ([]string, error) {
	fi, err := os.Stat(p)
	if err != nil && hasMeta(p) {
		// Only a pattern that names no file is a glob: a directory may
		// well be called "db[1]".
		return glob(p)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("schema pattern %q: no such file or directory", p)
	case err != nil:
		return nil, fmt.Errorf("schema pattern %q: %v", p, err)
	case !fi.IsDir():
		return []string{p}, nil
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, fmt.Errorf("schema pattern %q: %v", p, err)
	}
	var out []string
	for _, e := range entries { // ReadDir sorts by name
		if path := filepath.Join(p, e.Name()); !e.IsDir() && selected(path) && regular(path) {
			out = append(out, path)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("schema pattern %q: directory holds no .sql or .json file", p)
	}
	return out, nil
}

func glob(p string) ([]string, error) {
	matches, err := filepath.Glob(p)
	if err != nil {
		return nil, fmt.Errorf("schema pattern %q: %v", p, err)
	}
	var out []string
	for _, m := range matches { // Glob sorts its result
		if selected(m) && regular(m) {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("schema pattern %q matches no .sql or .json file", p)
	}
	return out, nil
}

// regular reports whether path is, or links to, a regular file: a
// directory named x.sql, or a dangling link, is not a schema file.
func regular(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// selected reports whether a file found through a directory or a glob is
// a schema file.
func selected(path string) bool {
	name := strings.ToLower(filepath.Base(path))
	if strings.HasPrefix(name, ".") {
		return false
	}
	if isSnapshot(name) {
		return true
	}
	return strings.HasSuffix(name, ".sql") && !strings.HasSuffix(name, ".down.sql")
}

// isSnapshot reports whether path names a JSON snapshot rather than SQL.
func isSnapshot(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".json")
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[`) }
