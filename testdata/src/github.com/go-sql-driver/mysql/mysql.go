// Package mysql is a stub of github.com/go-sql-driver/mysql for locklint's
// golden tests.
package mysql

type MySQLError struct {
	Number   uint16
	SQLState [5]byte
	Message  string
}

func (me *MySQLError) Error() string { return me.Message }
