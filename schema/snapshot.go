package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// SnapshotFormat is the version of the JSON snapshot format this package
// writes and reads. It is the value of the "locklint_schema" field.
const SnapshotFormat = 1

// SnapshotMeta is what a snapshot records about the server it was taken
// from, besides the tables. Every field may be empty.
type SnapshotMeta struct {
	Engine    string `json:"engine,omitempty"`    // "mysql", "mariadb", "tidb"
	Version   string `json:"version,omitempty"`   // server version, e.g. "10.11.19"
	Isolation string `json:"isolation,omitempty"` // e.g. "REPEATABLE-READ"
}

// snapshotFile is the JSON document. The field order here is the order in
// the output, which puts the format marker first where a reader looks.
type snapshotFile struct {
	Format int `json:"locklint_schema"`
	SnapshotMeta
	Tables []*Table `json:"tables"`
}

// WriteSnapshot writes s and meta as an indented JSON snapshot. The output
// depends only on the content: tables are sorted by name, so a snapshot
// can be committed and diffed.
func WriteSnapshot(w io.Writer, s *Schema, meta SnapshotMeta) error {
	b, err := json.MarshalIndent(snapshotFile{Format: SnapshotFormat, SnapshotMeta: meta, Tables: canonical(s)}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadSnapshot reads a snapshot written by WriteSnapshot (or by hand).
// Names are normalized as DDL names are; an index without a name gets
// MySQL's default one. A document that is not a snapshot, or one of a
// format version this package does not know, is an error; an error for
// bad JSON names the line it is on.
func ReadSnapshot(r io.Reader) (*Schema, SnapshotMeta, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, SnapshotMeta{}, err
	}
	var f snapshotFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, SnapshotMeta{}, jsonError(data, err)
	}
	switch {
	case f.Format == 0:
		return nil, SnapshotMeta{}, errors.New(`not a locklint schema snapshot: no "locklint_schema" field`)
	case f.Format != SnapshotFormat:
		return nil, SnapshotMeta{}, fmt.Errorf("schema snapshot format %d is not supported: this locklint reads format %d (write the snapshot again with this locklint, or upgrade it)", f.Format, SnapshotFormat)
	}
	s := New()
	for i, t := range f.Tables {
		if t == nil || Key(t.Name) == "" {
			return nil, SnapshotMeta{}, fmt.Errorf("schema snapshot: table #%d has no name", i+1)
		}
		name := Key(t.Name)
		if s.tables[name] != nil {
			return nil, SnapshotMeta{}, fmt.Errorf("schema snapshot: table %s appears twice", name)
		}
		// Rebuild the table through addIndex so a hand-written snapshot
		// gets the same normalization (lower case, primary flags, default
		// names) as DDL.
		nt := &Table{Name: name, Indexes: []Index{}}
		nt.addColumns(t.Columns)
		for _, ix := range t.Indexes {
			ix.Name = strings.ToLower(ix.Name)
			ix.Columns = lowerAll(ix.Columns)
			nt.addIndex(ix)
		}
		s.tables[name] = nt
	}
	return s, f.SnapshotMeta, nil
}

// jsonError adds the line number to a JSON decoding error that knows its
// byte offset.
func jsonError(data []byte, err error) error {
	var offset int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	if offset < 0 || offset > int64(len(data)) {
		return fmt.Errorf("schema snapshot: %w", err)
	}
	line := 1 + bytes.Count(data[:offset], []byte("\n"))
	return &lineError{line: line, err: fmt.Errorf("schema snapshot: %w", err)}
}

// lineError is an error that knows the line of its file it is about;
// FileError picks the line up from it.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e *lineError) Unwrap() error { return e.err }
