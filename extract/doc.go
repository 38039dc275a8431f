// Package extract finds the calls in Go code that send SQL to a database
// (database/sql, sqlx, GORM, xorm, bun, squirrel, goqu and go-sqlbuilder
// builders, ent's generated client, sqlc's generated Queries, and
// interfaces shaped like them), recovers their SQL text, and tells through which handle each
// one runs: a pool in autocommit mode, a transaction, a single connection,
// or unknown. Calls are matched through types.Info, never by method name
// alone. It is the only package that knows Go database APIs.
//
// SQL text is recovered as values flow in real data-access code: the
// assignment that reaches each use of a variable, package-level templates,
// fields set to one text, maps of fragments, and what functions return
// (their FuncFact), also as fields of query objects. Text chosen at run
// time becomes sqltext.Hole, and each site says which Go value fills each
// hole, for messages.
package extract
