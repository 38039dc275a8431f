// Package schemas is a stub of xorm.io/xorm/schemas: the database kinds.
package schemas

// DBType names a database kind.
type DBType string

const (
	POSTGRES DBType = "postgres"
	SQLITE   DBType = "sqlite3"
	MYSQL    DBType = "mysql"
	MSSQL    DBType = "mssql"
)

// URI describes the database an engine talks to.
type URI struct {
	DBType DBType
}
