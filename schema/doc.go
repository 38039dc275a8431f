// Package schema holds the tables, columns and indexes locklint knows about,
// and reads them from DDL files and migrations, and from JSON snapshots.
// A table the schema does not know is unknown, never unindexed.
//
// Load reads SQL files (plain dumps, golang-migrate *.up.sql files, goose
// migrations) and applies their DDL in order with Apply; it also reads JSON
// snapshots (WriteSnapshot, ReadSnapshot) and merges them in with Merge.
// ReadMigration gives the statements of one migration file, at their lines
// in it, to rules that lint the migrations themselves. Digest keys caches.
package schema
