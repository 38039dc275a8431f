package schema

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"
)

// Load builds a schema from the files the patterns select (see Files):
// SQL files, whose DDL is applied in order (see ParseMigration for goose
// files), and JSON snapshots (see ReadSnapshot), detected by their .json
// extension. A snapshot's tables are merged in where the schema does not
// know them yet (see Merge), so DDL wins over a snapshot, and migrations
// applied after a snapshot change its tables.
//
// Load reports every problem and goes on: a file that cannot be read or
// parsed is one error (a *FileError at path:line for parse errors), and
// the schema is built from the rest. It never fails as a whole, because
// an incomplete schema only makes locklint say less. A statement that
// does not parse may have changed the tables it names, so those become
// unknown.
func Load(patterns []string) (*Schema, []error) {
	s := New()
	files, errs := Files(patterns)
	for _, path := range files {
		if err := s.loadFile(path); err != nil {
			errs = append(errs, err)
		}
	}
	return s, errs
}

// LoadFile applies one more file to s, as Load does with each of its
// files in turn.
func (s *Schema) LoadFile(path string) error {
	s.init()
	return s.loadFile(path)
}

// loadFile applies one file to s.
func (s *Schema) loadFile(path string) (err error) {
	// Load runs inside go vet and gopls on files locklint did not write;
	// a bug triggered by one of them must cost that file, not the run.
	defer func() {
		if r := recover(); r != nil {
			err = &FileError{Path: path, Err: fmt.Errorf("internal error: %v", r)}
		}
	}()
	data, err := os.ReadFile(path)
	if err != nil {
		return err // an *fs.PathError, which names the path
	}
	if isSnapshot(path) {
		snap, _, err := ReadSnapshot(bytes.NewReader(data))
		if err != nil {
			var le *lineError
			if errors.As(err, &le) {
				return &FileError{Path: path, Line: le.line, Err: le.err}
			}
			return &FileError{Path: path, Err: err}
		}
		// Disagreements are not errors: a snapshot is expected to lag
		// behind or run ahead of the DDL files.
		s.Merge(snap)
		return nil
	}
	steps, err := parseSteps(path, data)
	for _, st := range steps {
		if st.sum != nil {
			s.Apply(st.sum)
		} else {
			s.forget(st.unparsed)
		}
	}
	return err
}

// forget makes unknown the known tables that the text of a statement that
// did not parse names, if it may be DDL that changes them (it says TABLE
// or INDEX): after it, their index sets are a guess, and "unknown" is
// never "unindexed". A word that merely looks like a table name costs
// only silence about that table.
func (s *Schema) forget(text string) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '$'
	})
	ddl := false
	for _, w := range words {
		if w == "table" || w == "index" {
			ddl = true
			break
		}
	}
	if !ddl {
		return
	}
	for _, w := range words {
		delete(s.tables, w)
	}
}
