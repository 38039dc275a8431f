// Package livedb reads what locklint needs to know from a live MySQL,
// MariaDB or TiDB server given with -dsn: the tables, columns and indexes of
// the application's databases, the server's engine and version, and the
// isolation level its transactions default to.
//
// Reading is strictly read-only: one connection, one READ ONLY transaction,
// and only SELECTs on information_schema and on server variables. It is
// bounded by a timeout, so an unreachable server costs seconds, not a hang,
// and every error names the DSN with its password redacted.
//
// Under go vet every package is analyzed in its own process. CachedRead
// keeps the result in the user's cache directory for a few minutes so that
// one run reads the database once, not once per package.
package livedb
