package schema

import (
	"strings"
	"testing"
)

func sample() *Schema {
	s := New()
	s.Put(&Table{Name: "users", Columns: []string{"id", "email"}, Indexes: []Index{
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
		{Name: "uk_email", Columns: []string{"email"}, Unique: true},
	}})
	s.Put(&Table{Name: "orders", Columns: []string{"id", "user_id"}, Indexes: []Index{
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
		{Name: "idx_user", Columns: []string{"user_id"}},
	}})
	return s
}

func TestMerge(t *testing.T) {
	ddl := sample()
	live := New()
	// Same indexes in another order: no note.
	live.Put(&Table{Name: "orders", Indexes: []Index{
		{Name: "idx_user", Columns: []string{"user_id"}},
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
	}})
	// Different indexes: a note, and the DDL's definition is kept.
	live.Put(&Table{Name: "users", Indexes: []Index{
		{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true},
		{Name: "uk_email", Columns: []string{"email", "id"}, Unique: true},
		{Name: "idx_created", Columns: []string{"created_at"}},
	}})
	// Unknown to the DDL: added.
	live.Put(&Table{Name: "events", Indexes: []Index{{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true}}})

	notes := ddl.Merge(live)
	if len(notes) != 1 {
		t.Fatalf("notes = %q, want one", notes)
	}
	for _, want := range []string{"table users", "only in the first: uk_email (email) unique", "only in the second: idx_created (created_at), uk_email (email, id) unique"} {
		if !strings.Contains(notes[0], want) {
			t.Errorf("note %q does not contain %q", notes[0], want)
		}
	}
	checkIndexes(t, ddl, map[string][]string{
		"users":  {"primary (id)", "uk_email (email) unique"},
		"orders": {"primary (id)", "idx_user (user_id)"},
		"events": {"primary (id)"},
	})
	// Merge copies: changing the source afterwards changes nothing.
	live.Table("events").Indexes[0].Columns[0] = "changed"
	if c := ddl.Table("events").Indexes[0].Columns[0]; c != "id" {
		t.Errorf("merged table shares memory with its source: column is %q", c)
	}
	if notes := ddl.Merge(nil); notes != nil {
		t.Errorf("Merge(nil) = %q", notes)
	}
}

func TestClone(t *testing.T) {
	s := sample()
	c := s.Clone()
	if c.Digest() != s.Digest() {
		t.Fatal("clone differs from original")
	}
	c.Table("users").Indexes[0].Columns[0] = "x"
	c.Apply(alter("orders", []string{"idx_user"}))
	c.Delete("users")
	if s.Table("users").Indexes[0].Columns[0] != "id" || len(s.Table("orders").Indexes) != 2 || s.Table("users") == nil {
		t.Error("changing the clone changed the original")
	}
	var nilSchema *Schema
	if nilSchema.Clone().Len() != 0 {
		t.Error("nil clone not empty")
	}
}

func TestDigest(t *testing.T) {
	a, b := sample(), sample()
	if a.Digest() != b.Digest() {
		t.Fatal("equal schemas, different digests")
	}
	if len(a.Digest()) != 64 {
		t.Errorf("digest %q is not 64 hex digits", a.Digest())
	}
	// Index order and nil-versus-empty slices are not content.
	ix := b.Table("users").Indexes
	ix[0], ix[1] = ix[1], ix[0]
	e1, e2 := New(), New()
	e1.Put(&Table{Name: "t"})
	e2.Put(&Table{Name: "t", Columns: []string{}, Indexes: []Index{}})
	if a.Digest() != b.Digest() || e1.Digest() != e2.Digest() {
		t.Error("digest depends on index order or nil slices")
	}
	// Any change of content changes it.
	for _, change := range []func(s *Schema){
		func(s *Schema) { s.Table("users").Indexes[1].Unique = false },
		func(s *Schema) { s.Table("users").Indexes[1].Columns = []string{"email", "id"} },
		func(s *Schema) { s.Table("users").Indexes[1].Name = "uk" },
		func(s *Schema) { s.Table("users").Columns = []string{"email", "id"} },
		func(s *Schema) { s.Delete("orders") },
		func(s *Schema) { s.Put(&Table{Name: "new"}) },
	} {
		c := sample()
		change(c)
		if c.Digest() == a.Digest() {
			t.Errorf("digest unchanged after a change: %q", indexes(c))
		}
	}
	if New().Digest() == "" {
		t.Error("empty schema has no digest")
	}
}
