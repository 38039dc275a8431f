// Package extract finds the calls in Go code that send SQL to a database
// (database/sql, sqlx, GORM, and interfaces shaped like them), recovers
// their SQL text, and tells through which handle each one runs: a pool in
// autocommit mode, a transaction, a single connection, or unknown. Calls are
// matched through types.Info, never by method name alone. It is the only
// package that knows Go database APIs.
package extract
