// Package postgres is a stub of goqu's PostgreSQL dialect, imported for
// its registration.
package postgres
