// Package xormsql checks, against a real server and with xorm itself,
// what xorm sends for the calls locklint reads as locking statements, and
// that Session.Close ends a transaction the session began. It is a module
// of its own so that locklint does not depend on xorm; the tests skip
// unless LOCKLINT_TEST_DSN names a MySQL or MariaDB server.
package xormsql
