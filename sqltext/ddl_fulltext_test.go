package sqltext

import (
	"slices"
	"testing"
)

// FULLTEXT and SPATIAL indexes are told apart from other indexes: the
// server builds them without concurrent writes (ddl-lock reports them in
// migration files).
func TestFulltextAndSpatialIndexSpecs(t *testing.T) {
	for _, tc := range []struct{ sql, spec string }{
		{"ALTER TABLE t ADD FULLTEXT INDEX ft (body)", "ADD FULLTEXT INDEX"},
		{"CREATE FULLTEXT INDEX ft ON t (body)", "ADD FULLTEXT INDEX"},
		{"CREATE SPATIAL INDEX sp ON t (geo)", "ADD SPATIAL INDEX"},
		{"ALTER TABLE t ADD INDEX i (a)", "ADD INDEX"},
	} {
		s := Summarize(tc.sql)
		if s == nil || s.DDL == nil {
			t.Errorf("%s: no DDL summary", tc.sql)
			continue
		}
		if !slices.Contains(s.DDL.AlterSpecs, tc.spec) {
			t.Errorf("%s: AlterSpecs = %q, want %q", tc.sql, s.DDL.AlterSpecs, tc.spec)
		}
	}
	if s := Summarize("CREATE INDEX i ON t (a)"); s == nil || s.DDL == nil {
		t.Errorf("CREATE INDEX: no DDL summary")
	} else if len(s.DDL.AlterSpecs) != 0 {
		t.Errorf("CREATE INDEX: AlterSpecs = %q, want none", s.DDL.AlterSpecs)
	}
}
