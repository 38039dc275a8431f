// Package bunsql checks, against a real server and with bun itself, what
// bun sends for the calls locklint reads as locking statements, and that
// RunInTx holds a transaction's locks until its function returns. It is a
// module of its own so that locklint does not depend on bun; the tests
// skip unless LOCKLINT_TEST_DSN names a MySQL or MariaDB server.
package bunsql
