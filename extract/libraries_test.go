package extract

import "testing"

func TestLookupLibrary(t *testing.T) {
	for path, want := range map[string]Backend{
		"github.com/jackc/pgx/v5/stdlib":     BackendPostgres,
		"github.com/lib/pq":                  BackendPostgres,
		"modernc.org/sqlite/lib":             BackendSQLite,
		"gorm.io/driver/mysql":               BackendMySQL,
		"github.com/go-sql-driver/mysql":     BackendMySQL,
		"github.com/jackc/pgxlisten":         BackendUnknown, // a prefix of a name is not its parent
		"example.com/internal/postgres/repo": BackendUnknown,
	} {
		l, _ := lookupLibrary(path)
		if l.backend != want {
			t.Errorf("lookupLibrary(%q).backend = %v, want %v", path, l.backend, want)
		}
	}
	if !SendsSQL("database/sql") || !SendsSQL("gorm.io/gorm") || !SendsSQL("xorm.io/xorm") || !SendsSQL("github.com/xorm-io/xorm") || !SendsSQL("entgo.io/ent") || SendsSQL("github.com/lib/pq") {
		t.Error("SendsSQL: the API libraries send SQL, drivers do not")
	}
}
