package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
)

// Digest returns a hash of what the schema says (tables, columns,
// indexes), as 64 hex digits, for use in cache keys: two schemas with the
// same content have the same digest, however they were built. Index order
// is not content (a live database and a DDL file list them differently),
// so indexes are hashed sorted by name; column order is kept.
func (s *Schema) Digest() string {
	canon := canonical(s)
	for _, t := range canon {
		slices.SortFunc(t.Indexes, func(a, b Index) int { return strings.Compare(a.Name, b.Name) })
	}
	h := sha256.New()
	// The prefix changes the digest whenever the canonical form does, so
	// that caches keyed by an older form are not reused.
	h.Write([]byte("locklint-schema-digest/2\n"))
	// Encoding a slice of plain structs cannot fail.
	_ = json.NewEncoder(h).Encode(canon)
	return hex.EncodeToString(h.Sum(nil))
}

// canonical returns copies of s's tables, sorted by name, with nil slices
// made empty: a nil and an empty index list mean the same and must encode
// the same.
func canonical(s *Schema) []*Table {
	tables := s.Tables()
	out := make([]*Table, len(tables))
	for i, t := range tables {
		c := t.clone()
		if c.Indexes == nil {
			c.Indexes = []Index{}
		}
		for j := range c.Indexes {
			if c.Indexes[j].Columns == nil {
				c.Indexes[j].Columns = []string{}
			}
		}
		out[i] = c
	}
	return out
}
