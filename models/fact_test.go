package models

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/locklint/locklint/schema"
)

// Facts travel between processes (go vet runs one per package) as gob.
func TestFactGob(t *testing.T) {
	in := &Fact{Tables: []Table{
		{Type: "Account", Name: "accounts", At: "account.go:12", Schema: &schema.Table{
			Name: "accounts", Columns: []string{"id", "owner_id"},
			Indexes: []schema.Index{{Name: "primary", Columns: []string{"id"}, Unique: true, Primary: true}, {Name: "idx_owner", Columns: []string{"owner_id"}}},
		}},
		{Type: "Legacy", Name: "legacy_things", At: "legacy.go:3"},
	}, Joins: []schema.Table{{
		Name: "account_tags", Columns: []string{"account_id", "tag_id"},
		Indexes: []schema.Index{{Name: "primary", Columns: []string{"account_id", "tag_id"}, Unique: true, Primary: true}},
	}}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	out := new(Fact)
	if err := gob.NewDecoder(&buf).Decode(out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n got %+v\nwant %+v", out, in)
	}
	if tb := out.Lookup("Legacy"); tb == nil || tb.Name != "legacy_things" || tb.Schema != nil {
		t.Errorf("Lookup(Legacy) = %+v", tb)
	}
	if tb := out.Lookup("Missing"); tb != nil {
		t.Errorf("Lookup(Missing) = %+v", tb)
	}
}
