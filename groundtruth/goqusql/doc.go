// Package goqusql checks, against a real server and with goqu itself,
// what goqu's MySQL dialect sends for the datasets locklint reads as
// locking statements, and that Wrap and WithTx end their transaction. It
// is a module of its own so that locklint does not depend on goqu; the
// tests skip unless LOCKLINT_TEST_DSN names a MySQL or MariaDB server.
package goqusql
