package analyzer

import (
	"reflect"
	"testing"
)

func TestSqlcSchemaPaths(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		want         []string
	}{
		{"v2", `
version: "2"
sql:
  - engine: "mysql"
    queries: "query.sql"
    schema: "db/schema.sql"
  - engine: "postgresql"
    schema: "pg/schema.sql"
`, []string{"db/schema.sql"}},
		{"v2 list", `
version: "2"
sql:
  - engine: mysql
    schema: ["migrations/", "extra.sql"]
`, []string{"migrations/", "extra.sql"}},
		{"v1 defaults to PostgreSQL", `
version: "1"
packages:
  - name: "db"
    path: "internal/db"
    schema: "./sql/schema/"
  - name: "mdb"
    path: "internal/mdb"
    schema: "./sql/mysql/"
    engine: "mysql"
`, []string{"./sql/mysql/"}},
		{"json", `{"version": "2", "sql": [{"engine": "mysql", "schema": "schema.sql", "queries": "q.sql"}]}`, []string{"schema.sql"}},
		{"broken", "sql: [", nil},
	} {
		if got := sqlcSchemaPaths([]byte(tc.config)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
